package dev.mlrs.broker;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A secured embedded broker: clients connect over SASL_SSL and log in with SCRAM-SHA-512; KRaft's
 * StandardAuthorizer allows only what ACLs allow (docs/security.md). The broker reaches its own controller over
 * TLS with its certificate (client authentication required), so the controller port admits nobody without the
 * broker's private key.
 *
 * <p>Users and their passwords are written into the KRaft metadata when the storage is formatted (KIP-900), so
 * they exist before the broker serves anything; the broker's own user (for its connections to itself, e.g.
 * transaction markers) is added here. Super users pass every authorization: the broker itself and the
 * administrators named here; everyone else needs ACLs.
 */
public final class BrokerSecurity {
  public static final String MECHANISM = "SCRAM-SHA-512";
  /** The broker's own SCRAM user (inter-broker listener). */
  public static final String BROKER_USER = "mlrs-broker";

  private final SelfSignedKeyStores stores;
  private final Map<String, String> users;
  private final Set<String> superUsers;

  private BrokerSecurity(SelfSignedKeyStores stores, Map<String, String> users, Set<String> superUsers) {
    this.stores = stores;
    this.users = users;
    this.superUsers = superUsers;
  }

  /**
   * @param stores     the broker's key store and the trust store clients use
   * @param users      SCRAM users (name to password) created when the storage is formatted
   * @param superUsers names among {@code users} that pass every authorization (administrators)
   */
  public static BrokerSecurity scram(SelfSignedKeyStores stores, Map<String, String> users, Set<String> superUsers) {
    Objects.requireNonNull(stores, "stores");
    Map<String, String> all = new LinkedHashMap<>();
    users.forEach((name, password) -> {
      checkToken("user name", name);
      checkToken("password of " + name, password);
      if (name.equals(BROKER_USER)) {
        throw new IllegalArgumentException(BROKER_USER + " is the broker's own user");
      }
      all.put(name, password);
    });
    for (String superUser : superUsers) {
      if (!all.containsKey(superUser)) {
        throw new IllegalArgumentException("super user " + superUser + " is not among the users " + all.keySet());
      }
    }
    all.put(BROKER_USER, SelfSignedKeyStores.randomSecret());
    return new BrokerSecurity(stores, Map.copyOf(all), Set.copyOf(superUsers));
  }

  /** Names and passwords go unquoted into JAAS lines and StorageTool arguments: letters, digits, '-', '_', '.'. */
  private static void checkToken(String what, String value) {
    if (value == null || !value.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(what + " may hold only letters, digits, '.', '-' and '_'");
    }
  }

  public SelfSignedKeyStores stores() {
    return stores;
  }

  /** Every SCRAM user, the broker's own included. */
  Map<String, String> users() {
    return users;
  }

  /**
   * The Kafka client settings of a client logging in as {@code user}: security.protocol, sasl.* and the trust
   * store. With the bootstrap address, everything a client needs (docs/security.md shows the same as a file).
   */
  public Map<String, String> clientSettings(String user) {
    String password = users.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no user " + user + " on this broker (" + users.keySet() + ")");
    }
    return clientSettings(user, password);
  }

  /** The client settings for any user name and password, e.g. a wrong one. */
  public Map<String, String> clientSettings(String user, String password) {
    Map<String, String> p = new TreeMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", jaas(user, password));
    p.put("ssl.truststore.location", stores.trustStore().toString());
    p.put("ssl.truststore.password", stores.password());
    p.put("ssl.truststore.type", SelfSignedKeyStores.TYPE);
    return p;
  }

  /** The server.properties entries that secure the listeners {@code client} and {@code controller}. */
  Map<String, String> serverProperties(String client, String controller) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("listener.security.protocol.map", client + ":SASL_SSL," + controller + ":SSL");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    String prefix = "listener.name." + client.toLowerCase(Locale.ROOT) + ".";
    p.put(prefix + "sasl.enabled.mechanisms", MECHANISM);
    p.put(prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
        jaas(BROKER_USER, users.get(BROKER_USER)));
    p.put("ssl.keystore.location", stores.keyStore().toString());
    p.put("ssl.keystore.password", stores.password());
    p.put("ssl.key.password", stores.password());
    p.put("ssl.keystore.type", SelfSignedKeyStores.TYPE);
    p.put("ssl.truststore.location", stores.trustStore().toString());
    p.put("ssl.truststore.password", stores.password());
    p.put("ssl.truststore.type", SelfSignedKeyStores.TYPE);
    // Only the broker's certificate opens the controller port.
    p.put("listener.name." + controller.toLowerCase(Locale.ROOT) + ".ssl.client.auth", "required");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    Set<String> supers = new LinkedHashSet<>();
    supers.add("User:" + stores.subject());
    supers.add("User:" + BROKER_USER);
    superUsers.forEach(name -> supers.add("User:" + name));
    p.put("super.users", String.join(";", supers));
    return p;
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
        + password + "\";";
  }

  /** Without the passwords. */
  @Override
  public String toString() {
    return "BrokerSecurity{SASL_SSL " + MECHANISM + ", users " + new TreeMap<>(users).keySet() + ", super users "
        + superUsers + "}";
  }
}
