package dev.mlrs.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of the broker child JVM: {@code [--format-cluster-id=ID] server.properties}. Formats the storage
 * when asked to, runs {@code kafka.Kafka}, and exits when the parent JVM dies.
 *
 * <p>The parent keeps the write end of this process's stdin open. When the parent is gone for any reason,
 * SIGKILL included (where its shutdown hooks never run), stdin reaches end-of-file and this JVM exits
 * normally, which runs Kafka's own shutdown hook. Without this an orphaned broker would keep its
 * port and ~400 MB of memory.
 */
public final class BrokerProcessMain {

  static final String FORMAT_OPTION = "--format-cluster-id=";
  /** A file of SCRAM users (name=password) to create at format time; read and deleted by this process. */
  static final String SCRAM_USERS_OPTION = "--scram-users-file=";

  private BrokerProcessMain() {
  }

  public static void main(String[] args) {
    String clusterIdToFormat = null;
    String serverProperties = null;
    String scramUsersFile = null;
    for (String arg : args) {
      if (arg.startsWith(FORMAT_OPTION)) {
        clusterIdToFormat = arg.substring(FORMAT_OPTION.length());
      } else if (arg.startsWith(SCRAM_USERS_OPTION)) {
        scramUsersFile = arg.substring(SCRAM_USERS_OPTION.length());
      } else {
        serverProperties = arg;
      }
    }
    if (serverProperties == null) {
      System.err.println("usage: BrokerProcessMain [" + FORMAT_OPTION + "ID] server.properties");
      System.exit(2);
    }

    Thread watchdog = new Thread(BrokerProcessMain::exitWhenParentIsGone, "mlrs-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    if (clusterIdToFormat != null) {
      try {
        KraftStorageFormat.format(clusterIdToFormat, serverProperties, scramUsersFile == null ? Map.of()
            : KraftStorageFormat.takeScramUsers(Path.of(scramUsersFile)));
      } catch (RuntimeException e) {
        e.printStackTrace();
        System.exit(1);
      }
    }
    kafka.Kafka.main(new String[] {serverProperties});
  }

  private static void exitWhenParentIsGone() {
    InputStream stdin = System.in;
    byte[] buffer = new byte[256];
    try {
      while (stdin.read(buffer) >= 0) {
        // The parent never writes; anything that arrives is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end-of-file.
    }
    System.err.println("mlrs-broker: the parent process is gone (stdin closed); shutting the broker down");
    System.exit(0);
  }
}
