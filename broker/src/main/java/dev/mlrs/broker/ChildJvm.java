package dev.mlrs.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code java ...} command line of the broker child JVM: same java binary, its own heap, classpath and log
 * config.
 */
final class ChildJvm {

  /** A log4j2 config shipped in this module's jar: INFO to stdout, which the parent sends to the log file. */
  static final String LOG4J2_CONFIG = "classpath:mlrs-broker-log4j2.xml";

  private final String javaBinary;
  private final String classpath;

  private ChildJvm(String javaBinary, String classpath) {
    this.javaBinary = javaBinary;
    this.classpath = classpath;
  }

  static ChildJvm sameJavaAsThisProcess() {
    return new ChildJvm(javaBinary(), BrokerClasspath.resolve());
  }

  List<String> command(String maxHeap, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.add("-Xmx" + maxHeap);
    // A broker that ran out of memory is worse than one that is gone: the readiness probe notices the exit.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + LOG4J2_CONFIG);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  // The parent's own java, so that the child gets the same version without relying on PATH.
  private static String javaBinary() {
    Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    if (Files.isExecutable(fromJavaHome)) {
      return fromJavaHome.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot find the java binary of this JVM"));
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
  }
}
