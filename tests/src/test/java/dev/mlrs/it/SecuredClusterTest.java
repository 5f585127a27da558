package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.app.AgentConfigFile;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.broker.BrokerOptions;
import dev.mlrs.broker.BrokerSecurity;
import dev.mlrs.broker.EmbeddedKafkaBroker;
import dev.mlrs.broker.SelfSignedKeyStores;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.TopicNames;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path over TLS with SCRAM logins and ACLs (docs/security.md): an administrator creates the ACLs with
 * {@code mlrs acls}; the agent, started from a config file as {@code mlrs agent --config} starts it, logs in as
 * {@code agent}; jobs log in as {@code jobs} and are served, also those of {@code mlrs experiment}; {@code mlrs
 * learners} works for both. What only the agent may write is refused to a job, and so is importing a learner.
 */
class SecuredClusterTest {
  private static final String PREFIX = "it-secure.";
  private static final TopicNames TOPICS = TopicNames.withPrefix(PREFIX);
  private static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static BrokerSecurity security;
  private static MlrsAgent agent;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("it-secure");
    security = BrokerSecurity.scram(SelfSignedKeyStores.create(dir.resolve("tls")),
        Map.of("admin", "admin-secret", "agent", "agent-secret", "jobs", "jobs-secret"), Set.of("admin"));
    broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().security(security)
        .startupTimeout(Duration.ofMinutes(5)).build());
    for (String user : new String[] {"admin", "agent", "jobs"}) {
      writeConfig(user);
    }
    CliCapture acls = CliCapture.run("acls", "--config", config("admin").toString(), "--agent-principal",
        "User:agent", "--job-principal", "User:jobs");
    assertEquals(0, acls.status(), acls.toString());

    Properties agentFile = load(config("agent"));
    agentFile.setProperty("mlrs.state.dir", dir.resolve("agent-state").toString());
    agent = MlrsAgent.start(AgentConfigFile.settings(agentFile), Duration.ofMinutes(3));
  }

  @AfterAll
  static void stop() throws IOException {
    if (agent != null) {
      agent.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** The client config file a user of that name writes (docs/security.md). */
  private static void writeConfig(String user) throws IOException {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", broker.bootstrapServers());
    p.setProperty("mlrs.topic.prefix", PREFIX);
    security.clientSettings(user).forEach(p::setProperty);
    try (Writer out = Files.newBufferedWriter(config(user))) {
      p.store(out, user);
    }
  }

  private static Path config(String user) {
    return dir.resolve(user + ".properties");
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return p;
  }

  @Test
  void aJobLoggedInAsJobsIsServedByTheAgentLoggedInAsAgent() {
    ClientSettings settings = ClientSettings.fromProperties(config("jobs"));
    // What is tested is the login, not the latency: a loaded machine (replies up to 9 s seen) must not fail it.
    JobOptions options = JobOptions.builder("secure-job-1").learner("mlrsnet-paper").mode(LearnerMode.FROZEN)
        .numClasses(10).referenceLoss(2.3).initialFallbackLr(0.05).replyTimeout(Duration.ofSeconds(30)).build();
    try (LrClient client = LrClient.attach(settings, options)) {
      for (int step = 0; step < 5; step++) {
        LrReply reply = client.report(step, 2.3 - 0.1 * step);
        assertFalse(reply.fallback(), "step " + step + " not served: " + reply.reason());
        assertTrue(reply.lr() > 0 && reply.learnerVersion() >= 1, reply.toString());
      }
    }
  }

  @Test
  void aJobMayNotWriteWhatOnlyTheAgentWrites() throws Exception {
    Map<String, Object> jobs = producerConfig("jobs");
    for (String topic : new String[] {TOPICS.lr(), TOPICS.metaParams(), TOPICS.metaGradients()}) {
      ExecutionException refused = assertThrows(ExecutionException.class, () -> send(jobs, topic), topic);
      assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), topic + ": " + refused);
    }
    send(jobs, TOPICS.steps());   // what a job may write goes through with the same login
  }

  /** {@code mlrs experiment} with a job's login: its DL4J jobs are served, and its report is written. */
  @Test
  void anExperimentRunsWithAJobsLogin() throws IOException {
    Path plan = dir.resolve("secure-experiment.json");
    Files.writeString(plan, """
        {"name": "secure", "seeds": [1], "tuningSeed": 100, "concurrency": 1, "validateEvery": 20, "evaluations": 2,
         "tasks": [{"name": "digits-mlp", "dataset": "digits", "model": "mlp", "optimizer": "sgd",
                    "weightDecay": 0, "batchSize": 32, "epochs": 1, "trainLimit": 0, "testLimit": 0,
                    "validationSize": 300}],
         "schedules": [{"name": "default-frozen", "learner": "default", "mode": "FROZEN"}]}
        """);
    Path out = dir.resolve("secure-out");
    CliCapture run = CliCapture.run("experiment", plan.toString(), "--config", config("jobs").toString(), "--out",
        out.toString());
    assertEquals(0, run.status(), run.toString());
    String results = Files.readString(out.resolve("secure").resolve("results.csv"));
    assertTrue(results.contains("default-frozen"), results);
    // served, not the job's constant fallback: the default's LR anneals over the run (curves.csv: ...,step,lr,...)
    List<Double> lrs = Files.readAllLines(out.resolve("secure").resolve("curves.csv")).stream().skip(1)
        .map(line -> Double.parseDouble(line.split(",")[5])).toList();
    assertTrue(lrs.size() > 10 && lrs.get(lrs.size() - 1) < lrs.get(0) / 5, "LRs not annealed: " + lrs);
  }

  @Test
  void learnersListsForAJobAndOnlyTheAdministratorImports() throws IOException {
    CliCapture list = CliCapture.run("learners", "list", "--config", config("jobs").toString());
    assertEquals(0, list.status(), list.toString());
    assertTrue(list.out().contains("mlrsnet-paper") && list.out().contains("default"), list.toString());

    Path file = dir.resolve("paper.json");
    CliCapture export = CliCapture.run("learners", "export", "mlrsnet-paper", file.toString(), "--config",
        config("jobs").toString());
    assertEquals(0, export.status(), export.toString());

    long before = latest("imported-by-job");
    CliCapture byJob = CliCapture.run("learners", "import", file.toString(), "--name", "imported-by-job",
        "--config", config("jobs").toString());
    assertEquals(1, byJob.status(), byJob.toString());
    assertTrue(byJob.err().toLowerCase().contains("not authorized"), byJob.toString());
    assertEquals(before, latest("imported-by-job"), "nothing was published");

    CliCapture byAdmin = CliCapture.run("learners", "import", file.toString(), "--name", "imported-by-admin",
        "--config", config("admin").toString());
    assertEquals(0, byAdmin.status(), byAdmin.toString());
    assertEquals(1, latest("imported-by-admin"));
  }

  /** The latest version of a learner as the administrator sees it; 0 when there is none. */
  private static long latest(String name) {
    KafkaConnection admin = KafkaConnection.from(broker.bootstrapServers(), security.clientSettings("admin"));
    try (LearnerAdmin learners = new LearnerAdmin(admin, TOPICS)) {
      return learners.find(name).map(LearnerParams::getVersion).orElse(0L);
    }
  }

  private static Map<String, Object> producerConfig(String user) {
    Map<String, Object> config = new HashMap<>(KafkaConnection.from(broker.bootstrapServers(),
        security.clientSettings(user)).clientConfig());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    return config;
  }

  private static void send(Map<String, Object> config, String topic) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "default", new byte[] {1, 2, 3})).get(30, TimeUnit.SECONDS);
    }
  }
}
