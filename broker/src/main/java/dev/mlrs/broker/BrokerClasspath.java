package dev.mlrs.broker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classpath of the broker child JVM: this module's own classes (for {@link BrokerProcessMain} and the
 * log4j2 config) plus Kafka and its runtime dependencies.
 *
 * <p>The dependency list is written at build time by maven-dependency-plugin into
 * {@value #RESOURCE}. When that resource is missing, or names jars that are not on this machine
 * (e.g. the jar was copied elsewhere), the parent's own {@code java.class.path} is used instead.
 */
final class BrokerClasspath {

  static final String RESOURCE = "broker-classpath.txt";
  private static final Logger LOG = LoggerFactory.getLogger(BrokerClasspath.class);

  private BrokerClasspath() {
  }

  static String resolve() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(ownCodeLocation());
    List<String> built = buildTimeEntries();
    List<String> missing = built.stream().filter(e -> !Files.exists(Path.of(e))).toList();
    if (!built.isEmpty() && missing.isEmpty()) {
      entries.addAll(built);
    } else {
      if (built.isEmpty()) {
        LOG.warn("{} not found next to {}; the broker JVM uses this JVM's classpath",
            RESOURCE, BrokerClasspath.class.getName());
      } else {
        LOG.warn("{} names {} jar(s) that do not exist here (first: {}); the broker JVM uses this JVM's classpath",
            RESOURCE, missing.size(), missing.get(0));
      }
      entries.addAll(split(System.getProperty("java.class.path", "")));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> buildTimeEntries() {
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return List.of();
      }
      return split(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
    }
  }

  private static List<String> split(String classpath) {
    List<String> entries = new ArrayList<>();
    Arrays.stream(classpath.split(File.pathSeparator)).map(String::trim).filter(s -> !s.isEmpty())
        .forEach(entries::add);
    return entries;
  }

  /** The jar or classes directory this class was loaded from. */
  private static String ownCodeLocation() {
    try {
      return Path.of(BrokerClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot tell where the mlrs-broker classes were loaded from", e);
    }
  }
}
