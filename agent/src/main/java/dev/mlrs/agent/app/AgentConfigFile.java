package dev.mlrs.agent.app;

import dev.mlrs.agent.trainer.MetaTrainerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Agent settings from a properties file. Keys starting with {@code mlrs.} are ours (see
 * docs/configuration.md); every other key is passed to Kafka Streams and its clients unchanged
 * (e.g. security.protocol, sasl.jaas.config).
 */
public final class AgentConfigFile {
  public static final String BOOTSTRAP = "bootstrap.servers";

  private AgentConfigFile() {
  }

  public static AgentSettings settings(Properties props) {
    String bootstrap = props.getProperty(BOOTSTRAP);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers is required (e.g. --bootstrap-servers localhost:9092)");
    }
    Path stateDir = Path.of(props.getProperty("mlrs.state.dir", System.getProperty("java.io.tmpdir") + "/mlrs-agent"));
    AgentSettings s = AgentSettings.defaults(bootstrap, stateDir);
    MetaTrainerSettings t = s.trainer();
    t = new MetaTrainerSettings(
        intOf(props, "mlrs.meta.update.batch", t.updateBatch()),
        Duration.ofMillis(longOf(props, "mlrs.meta.max.wait.ms", t.maxWait().toMillis())),
        longOf(props, "mlrs.meta.max.staleness", t.maxStaleness()),
        doubleOf(props, "mlrs.meta.clip.multiplier", t.clipMultiplier()),
        doubleOf(props, "mlrs.meta.max.norm", t.maxNorm()),
        intOf(props, "mlrs.meta.versions.kept", t.versionsKept()),
        intOf(props, "mlrs.meta.established.after", t.establishedAfter()));
    Map<String, String> extra = new HashMap<>();
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith("mlrs.") && !key.equals(BOOTSTRAP)) {
        extra.put(key, props.getProperty(key));
      }
    }
    return new AgentSettings(bootstrap,
        props.getProperty("mlrs.topic.prefix", ""),
        props.getProperty("mlrs.application.id", s.applicationId()),
        stateDir,
        Boolean.parseBoolean(props.getProperty("mlrs.exactly.once", "false")),
        Duration.ofMillis(longOf(props, "mlrs.commit.interval.ms", s.commitInterval().toMillis())),
        Duration.ofMillis(longOf(props, "mlrs.poll.ms", s.pollInterval().toMillis())),
        intOf(props, "mlrs.stream.threads", s.streamThreads()),
        intOf(props, "mlrs.partitions", s.partitions()),
        (short) intOf(props, "mlrs.replication.factor", s.replicationFactor()),
        t, extra,
        new HttpSettings(intOf(props, "mlrs.http.port", 0), props.getProperty("mlrs.http.host", "localhost").strip()));
  }

  private static int intOf(Properties p, String key, int fallback) {
    return (int) longOf(p, key, fallback);
  }

  private static long longOf(Properties p, String key, long fallback) {
    String v = p.getProperty(key);
    try {
      return v == null ? fallback : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
  }

  private static double doubleOf(Properties p, String key, double fallback) {
    String v = p.getProperty(key);
    try {
      return v == null ? fallback : Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }
  }
}
