package dev.mlrs.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running in a child JVM; also
 * one node of an {@link EmbeddedKafkaCluster}.
 *
 * <p>Used by the product when no bootstrap servers are configured, and by integration tests, including
 * fault tests that {@link #kill()} and {@link #restart()} it. A child JVM rather than an in-process broker,
 * so that a SIGKILL is a real crash and the broker's memory is not the caller's.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
 *     String bootstrap = broker.bootstrapServers();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. If the parent JVM exits without closing the broker, a shutdown hook stops it; if the parent
 * is killed outright, the child notices its closed stdin and stops itself (see {@link BrokerProcessMain}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(30);
  // A JVM that is exiting should not hang on the broker for long.
  private static final Duration SHUTDOWN_HOOK_STOP_TIMEOUT = Duration.ofSeconds(10);

  private final BrokerOptions options;
  private final BrokerDataDir dataDir;
  private final Path logFile;
  private final BrokerPorts ports;
  private final ChildJvm jvm;
  private final KraftNode node;
  private final String clusterId;

  private volatile Process process;
  private boolean closed;
  private Thread shutdownHook;

  private EmbeddedKafkaBroker(BrokerOptions options, BrokerDataDir dataDir, BrokerPorts ports, ChildJvm jvm,
      KraftNode node, String clusterId) {
    this.options = options;
    this.dataDir = dataDir;
    this.logFile = options.logFile().orElse(dataDir.defaultLogFile());
    this.ports = ports;
    this.jvm = jvm;
    this.node = node;
    this.clusterId = clusterId;
  }

  /** Starts a broker with default options: temporary data, a free port. */
  public static EmbeddedKafkaBroker start() {
    return start(BrokerOptions.defaults());
  }

  /**
   * Starts a broker and returns once it answers clients.
   *
   * @throws BrokerStartException if it does not become ready within the startup timeout or its process exits;
   *                              the message includes the first error and the last 40 lines of the broker log
   */
  public static EmbeddedKafkaBroker start(BrokerOptions options) {
    BrokerDataDir dataDir = BrokerDataDir.from(options.dataDir());
    EmbeddedKafkaBroker broker;
    try {
      broker = new EmbeddedKafkaBroker(options, dataDir, BrokerPorts.choose(options.port()),
          ChildJvm.sameJavaAsThisProcess(), KraftNode.standalone(), Uuid.randomUuid().toString());
    } catch (RuntimeException e) {
      dataDir.deleteIfTemporary();
      throw e;
    }
    try {
      broker.launch();
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /**
   * A node of a multi-node cluster, not started yet: {@link EmbeddedKafkaCluster} starts all of its nodes before it
   * waits for any, since none is ready before a majority of the controller quorum runs.
   */
  static EmbeddedKafkaBroker clusterNode(BrokerOptions options, BrokerPorts ports, KraftNode node, String clusterId,
      ChildJvm jvm) {
    return new EmbeddedKafkaBroker(options, BrokerDataDir.from(options.dataDir()), ports, jvm, node, clusterId);
  }

  /** The KRaft node.id (1 for a single broker). */
  public int nodeId() {
    return node.nodeId();
  }

  /** The security of the client listener, if any: its trust store, users and their client settings. */
  public Optional<BrokerSecurity> security() {
    return options.security();
  }

  // The readiness probe logs in as the broker itself (a super user) on a secured listener.
  private Map<String, String> probeLogin() {
    return options.security().map(s -> s.clientSettings(BrokerSecurity.BROKER_USER)).orElse(Map.of());
  }

  /** {@code host:port} for the clients' bootstrap.servers. */
  public String bootstrapServers() {
    return ports.bootstrapServers();
  }

  public Path dataDir() {
    return dataDir.root();
  }

  public Path logFile() {
    return logFile;
  }

  /** The process id of the current (or last) broker JVM. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /**
   * SIGKILL: the broker dies without any shutdown work, as in a crash. Data stays; {@link #restart()} brings it back.
   */
  public synchronized void kill() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    current.destroyForcibly();
    awaitExit(current, GRACEFUL_STOP_TIMEOUT);
    closeStdin(current);
    LOG.info("embedded Kafka broker at {} killed (pid {})", bootstrapServers(), current.pid());
  }

  /** SIGTERM and wait (a controlled shutdown); data stays, {@link #restart()} brings it back. */
  public synchronized void stop() {
    stopProcess(GRACEFUL_STOP_TIMEOUT);
  }

  /**
   * Starts the broker again on the same ports and data directory, after {@link #kill()}, {@link #stop()} or
   * {@link #close()}, and waits until it is ready. A running broker is stopped first.
   *
   * @throws IllegalStateException if the broker was closed and its temporary data directory is already deleted
   */
  public synchronized void restart() {
    if (closed && dataDir.isTemporary()) {
      throw new IllegalStateException("the broker at " + bootstrapServers()
          + " was closed and its temporary data directory deleted; use stop() instead of close() to restart later");
    }
    stopProcess(GRACEFUL_STOP_TIMEOUT);
    closed = false;
    launch();
  }

  /**
   * Stops the broker (SIGTERM, then SIGKILL after 30 s) and deletes its data directory if it was temporary. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcess(GRACEFUL_STOP_TIMEOUT);
    unregisterShutdownHook();
    dataDir.deleteIfTemporary();
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker{" + bootstrapServers() + ", dataDir=" + dataDir + ", alive=" + isAlive() + '}';
  }

  private void launch() {
    long startedAt = System.nanoTime();
    awaitReady(spawn(), startedAt);
  }

  /** Writes the config and starts the child JVM without waiting for it; returns the log of this run. */
  synchronized BrokerLog spawn() {
    BrokerSecurity security = options.security().orElse(null);
    ServerProperties.write(ServerProperties.forNode(node, ports, dataDir.kafkaLogDir(), security,
        options.brokerProperties()), dataDir.serverProperties());
    List<String> args = new ArrayList<>();
    if (!dataDir.isFormatted()) {
      // A directory with meta.properties keeps its data: that is what makes restart() and reuse work.
      args.add(BrokerProcessMain.FORMAT_OPTION + clusterId);
      if (security != null) {
        // In a file, not on the command line, where every process on the machine could read the passwords.
        Path users = dataDir.root().resolve("scram-users.properties");
        KraftStorageFormat.writeScramUsers(security.users(), users);
        args.add(BrokerProcessMain.SCRAM_USERS_OPTION + users);
      }
    }
    args.add(dataDir.serverProperties().toString());
    BrokerLog log = BrokerLog.startingNow(logFile);
    process = ChildProcesses.start(jvm.command(options.maxHeap(), BrokerProcessMain.class.getName(), args), logFile);
    registerShutdownHook();
    return log;
  }

  /** Waits until the spawned broker answers clients; kills it when it does not within the startup timeout. */
  synchronized void awaitReady(BrokerLog log, long startedAt) {
    Duration left = options.startupTimeout().minusNanos(System.nanoTime() - startedAt);
    try {
      BrokerReadinessProbe.awaitReady(process, ports, probeLogin(), log,
          left.isNegative() ? Duration.ofMillis(1) : left);
    } catch (RuntimeException e) {
      // A broker that is not ready in time is not worth a graceful shutdown.
      process.destroyForcibly();
      awaitExit(process, GRACEFUL_STOP_TIMEOUT);
      throw e;
    }

    LOG.info("embedded Kafka broker {} ready at {} in {} s (pid {}, data {}, log {})", node.nodeId(),
        bootstrapServers(), seconds(System.nanoTime() - startedAt), process.pid(), dataDir, logFile);
  }

  /** SIGTERM, wait up to {@code timeout}, then SIGKILL. */
  private void stopProcess(Duration timeout) {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    long stoppingAt = System.nanoTime();
    current.destroy();
    if (!awaitExit(current, timeout)) {
      LOG.warn("embedded Kafka broker at {} (pid {}) did not stop within {}; killing it",
          bootstrapServers(), current.pid(), timeout);
      current.destroyForcibly();
      awaitExit(current, GRACEFUL_STOP_TIMEOUT);
    }
    closeStdin(current);
    // 143 = 128 + SIGTERM: the normal exit code of a JVM stopped by SIGTERM.
    LOG.info("embedded Kafka broker at {} stopped in {} s (pid {}, exit code {})", bootstrapServers(),
        seconds(System.nanoTime() - stoppingAt), current.pid(), current.isAlive() ? "?" : current.exitValue());
  }

  private static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void closeStdin(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // The child is gone; nothing is left to tell it.
    }
  }

  private void registerShutdownHook() {
    if (shutdownHook != null) {
      return;
    }
    shutdownHook = new Thread(this::stopOnJvmExit, "mlrs-embedded-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private void unregisterShutdownHook() {
    if (shutdownHook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmIsAlreadyExiting) {
      // The hook is running or about to run; it does the same work.
    }
    shutdownHook = null;
  }

  // Runs in a shutdown hook: no lock, since the thread holding it may be the one that called System.exit.
  private void stopOnJvmExit() {
    Process current = process;
    if (current != null && current.isAlive()) {
      current.destroy();
      if (!awaitExit(current, SHUTDOWN_HOOK_STOP_TIMEOUT)) {
        current.destroyForcibly();
        awaitExit(current, SHUTDOWN_HOOK_STOP_TIMEOUT);
      }
    }
    if (current == null || !current.isAlive()) {
      dataDir.deleteIfTemporary();
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
