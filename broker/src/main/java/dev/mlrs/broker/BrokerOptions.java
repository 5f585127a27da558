package dev.mlrs.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link EmbeddedKafkaBroker}. Immutable; build one with {@link #builder()}.
 *
 * <p>Defaults: a fresh temporary data directory that is deleted on close, a free port,
 * no extra broker properties, a 60 s startup timeout, the log at {@code <dataDir>/broker.log}
 * and a 512 MB heap.
 */
public final class BrokerOptions {

  private final Path dataDir;
  private final int port;
  private final Map<String, String> brokerProperties;
  private final Duration startupTimeout;
  private final Path logFile;
  private final String maxHeap;
  private final BrokerSecurity security;

  private BrokerOptions(Builder builder) {
    this.dataDir = builder.dataDir;
    this.port = builder.port;
    this.brokerProperties = Map.copyOf(builder.brokerProperties);
    this.startupTimeout = builder.startupTimeout;
    this.logFile = builder.logFile;
    this.maxHeap = builder.maxHeap;
    this.security = builder.security;
  }

  public static BrokerOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The data directory to keep; empty means "use a temporary one and delete it on close". */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /** The client port (PLAINTEXT, or SASL_SSL when secured); 0 means "pick a free one". */
  public int port() {
    return port;
  }

  /** Extra server.properties entries; they override the defaults this module writes. */
  public Map<String, String> brokerProperties() {
    return brokerProperties;
  }

  public Duration startupTimeout() {
    return startupTimeout;
  }

  /** Where the child JVM's output goes; empty means {@code <dataDir>/broker.log}. */
  public Optional<Path> logFile() {
    return Optional.ofNullable(logFile);
  }

  /** The child's maximum heap in -Xmx syntax, e.g. "512m". */
  public String maxHeap() {
    return maxHeap;
  }

  /** TLS, SCRAM users and the authorizer; empty means a PLAINTEXT listener that lets anyone do anything. */
  public Optional<BrokerSecurity> security() {
    return Optional.ofNullable(security);
  }

  @Override
  public String toString() {
    return "BrokerOptions{dataDir=" + (dataDir == null ? "<temporary>" : dataDir)
        + ", port=" + (port == 0 ? "<free>" : port)
        + ", brokerProperties=" + brokerProperties
        + ", startupTimeout=" + startupTimeout
        + ", logFile=" + (logFile == null ? "<dataDir>/broker.log" : logFile)
        + ", maxHeap=" + maxHeap
        + ", security=" + (security == null ? "none" : security) + '}';
  }

  public static final class Builder {
    private Path dataDir;
    private int port;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    // A loaded 2-core machine was seen taking over 60 s to start KRaft (slow controller commits of 4-5 s each).
    private Duration startupTimeout = Duration.ofSeconds(180);
    private Path logFile;
    private String maxHeap = "512m";
    private BrokerSecurity security;

    private Builder() {
    }

    /** A SASL_SSL listener with SCRAM users and ACLs instead of the PLAINTEXT one (docs/security.md). */
    public Builder security(BrokerSecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** Keep data here (created if missing) so that a later broker on the same directory finds it. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive, got " + startupTimeout);
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    public Builder logFile(Path logFile) {
      this.logFile = Objects.requireNonNull(logFile, "logFile").toAbsolutePath();
      return this;
    }

    /** The child's -Xmx value, e.g. "512m" or "1g". */
    public Builder maxHeap(String maxHeap) {
      if (!maxHeap.matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("maxHeap must look like 512m or 1g, got '" + maxHeap + "'");
      }
      this.maxHeap = maxHeap;
      return this;
    }

    public BrokerOptions build() {
      return new BrokerOptions(this);
    }
  }
}
