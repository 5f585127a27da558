package dev.mlrs.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts an embedded broker from the command line, prints {@code bootstrap.servers=host:port} and runs until
 * Ctrl-C.
 *
 * <pre>
 * cp=broker/target/classes:$(cat broker/target/classes/dev/mlrs/broker/broker-classpath.txt)
 * java -cp "$cp" dev.mlrs.broker.EmbeddedKafkaBrokerMain [--port=9092] [--data-dir=DIR] [--heap=1g]
 * </pre>
 * Without --data-dir the data lives in a temporary directory that is deleted on exit.
 */
public final class EmbeddedKafkaBrokerMain {

  private EmbeddedKafkaBrokerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    BrokerOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: EmbeddedKafkaBrokerMain [--port=N] [--data-dir=DIR] [--heap=512m]");
      System.exit(2);
      return;
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
    System.out.println("bootstrap.servers=" + broker.bootstrapServers());
    System.out.println("# data: " + broker.dataDir() + ", log: " + broker.logFile() + "; Ctrl-C stops the broker");
    System.out.flush();
    // The broker's own shutdown hook stops it on Ctrl-C; this thread only has to stay alive until then.
    new CountDownLatch(1).await();
  }

  static BrokerOptions parse(String[] args) {
    BrokerOptions.Builder options = BrokerOptions.builder();
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        options.port(parsePort(arg.substring("--port=".length())));
      } else if (arg.startsWith("--data-dir=")) {
        options.dataDir(Path.of(arg.substring("--data-dir=".length())));
      } else if (arg.startsWith("--heap=")) {
        options.maxHeap(arg.substring("--heap=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return options.build();
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, got '" + text + "'");
    }
  }
}
