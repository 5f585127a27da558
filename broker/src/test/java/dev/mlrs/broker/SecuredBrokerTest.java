package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured embedded broker: TLS with a certificate made by keytool, SCRAM users created at format time, and the
 * StandardAuthorizer refusing what no ACL allows.
 */
class SecuredBrokerTest {

  @Test
  @Timeout(240)
  void scramUsersLogInOverTlsAndOnlyAclsOrSuperUsersMayWrite(@TempDir Path dir) throws Exception {
    SelfSignedKeyStores stores = SelfSignedKeyStores.create(dir.resolve("tls"));
    BrokerSecurity security = BrokerSecurity.scram(stores, Map.of("admin", "admin-secret", "alice", "alice-secret"),
        Set.of("admin"));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().security(security)
        .dataDir(dir.resolve("data")).startupTimeout(Duration.ofMinutes(3)).build())) {
      assertFalse(Files.exists(dir.resolve("data").resolve("scram-users.properties")),
          "the passwords left for the format are deleted once read");
      Map<String, Object> admin = config(broker.bootstrapServers(), security.clientSettings("admin"));
      try (Admin client = Admin.create(admin)) {
        client.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      // An administrator (super user) writes, in a transaction: its markers go over the broker's own SCRAM login.
      send(admin, "t", "by-admin", "tx-admin");

      Map<String, Object> alice = config(broker.bootstrapServers(), security.clientSettings("alice"));
      ExecutionException refused = assertThrows(ExecutionException.class, () -> send(alice, "t", "by-alice", null));
      assertInstanceOf(TopicAuthorizationException.class, refused.getCause());

      try (Admin client = Admin.create(admin)) {
        client.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
            .all().get(30, TimeUnit.SECONDS);
      }
      send(alice, "t", "by-alice", null);

      Map<String, Object> wrongPassword = config(broker.bootstrapServers(), security.clientSettings("alice", "guess"));
      ExecutionException wrong = assertThrows(ExecutionException.class, () -> send(wrongPassword, "t", "x", null));
      assertInstanceOf(SaslAuthenticationException.class, wrong.getCause());

      // A client made from the bootstrap address alone (the agent's learner admin before) never gets in.
      Map<String, Object> plain = config(broker.bootstrapServers(), Map.of());
      Exception noLogin = assertThrows(Exception.class, () -> send(plain, "t", "x", null));
      assertTrue(noLogin instanceof TimeoutException || noLogin.getCause() instanceof TimeoutException, noLogin
          .toString());
    }
  }

  @Test
  void serverPropertiesSecureBothListenersAndNameTheSuperUsers(@TempDir Path dir) {
    SelfSignedKeyStores stores = new SelfSignedKeyStores(dir.resolve("k.p12"), dir.resolve("t.p12"), "pw",
        "CN=mlrs-broker");
    BrokerSecurity security = BrokerSecurity.scram(stores, Map.of("admin", "a"), Set.of("admin"));
    Map<String, String> p = ServerProperties.forNode(KraftNode.standalone(), new BrokerPorts(9092, 9093), dir,
        security, Map.of());
    assertEquals("SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", p.get("listeners"));
    assertEquals("SASL_SSL:SASL_SSL,CONTROLLER:SSL", p.get("listener.security.protocol.map"));
    assertEquals("SASL_SSL", p.get("inter.broker.listener.name"));
    assertEquals("required", p.get("listener.name.controller.ssl.client.auth"));
    assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", p.get("authorizer.class.name"));
    assertEquals("false", p.get("allow.everyone.if.no.acl.found"));
    assertEquals("User:CN=mlrs-broker;User:mlrs-broker;User:admin", p.get("super.users"));
    assertThrows(IllegalArgumentException.class,
        () -> BrokerSecurity.scram(stores, Map.of("bob", "has\"quote"), Set.of()));
    assertThrows(IllegalArgumentException.class, () -> BrokerSecurity.scram(stores, Map.of("bob", "b"),
        Set.of("admin")));
  }

  private static Map<String, Object> config(String bootstrap, Map<String, String> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("bootstrap.servers", bootstrap);
    return config;
  }

  /** Sends one record (in a transaction when {@code transactionalId} is set) and waits for the broker's answer. */
  private static void send(Map<String, Object> login, String topic, String value, String transactionalId)
      throws Exception {
    Map<String, Object> config = new HashMap<>(login);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    if (transactionalId != null) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
        new StringSerializer())) {
      if (transactionalId != null) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      producer.send(new ProducerRecord<>(topic, "k", value)).get(20, TimeUnit.SECONDS);
      if (transactionalId != null) {
        producer.commitTransaction();
      }
    }
  }
}
