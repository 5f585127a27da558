package dev.mlrs.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The part of the broker log file written by one run of the child JVM (the file is appended to across
 * restarts), turned into text for error messages: the first error and the last lines.
 */
final class BrokerLog {

  static final int TAIL_LINES = 40;
  // A run logs ~100 KB at INFO; the first error comes long before this limit.
  private static final int MAX_SCAN_BYTES = 4 * 1024 * 1024;
  private static final int MAX_TAIL_BYTES = 64 * 1024;

  private final Path file;
  private final long runStart;

  private BrokerLog(Path file, long runStart) {
    this.file = file;
    this.runStart = runStart;
  }

  /** Marks the current end of the file as the start of a new run. */
  static BrokerLog startingNow(Path file) {
    try {
      return new BrokerLog(file, Files.exists(file) ? Files.size(file) : 0);
    } catch (IOException e) {
      return new BrokerLog(file, 0);
    }
  }

  /** "first error: ...; last N lines of FILE:" and those lines, ready to end an exception message. */
  String excerpt() {
    StringBuilder text = new StringBuilder();
    firstError().ifPresent(error -> text.append("first error in the broker log: ").append(error).append("; "));
    List<String> tail = lastLines(TAIL_LINES);
    text.append("last ").append(tail.size()).append(" lines of ").append(file).append(':');
    tail.forEach(line -> text.append(System.lineSeparator()).append("    ").append(line));
    return text.toString();
  }

  List<String> lastLines(int count) {
    List<String> lines = lines(MAX_TAIL_BYTES, true);
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** The first ERROR/FATAL line of this run, joined with the exception line that follows it, if any. */
  Optional<String> firstError() {
    List<String> lines = lines(MAX_SCAN_BYTES, false);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.contains("] ERROR ") || line.contains("] FATAL ")) {
        String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
        boolean nextIsException = !next.startsWith("[") && next.contains("Exception");
        return Optional.of(nextIsException ? line + " / " + next : line);
      }
    }
    return Optional.empty();
  }

  // Lines of this run: the first (or last) maxBytes of it.
  private List<String> lines(int maxBytes, boolean fromEnd) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long end = raf.length();
      long start = Math.min(runStart, end);
      int size = (int) Math.min(end - start, maxBytes);
      byte[] bytes = new byte[size];
      raf.seek(fromEnd ? end - size : start);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
    } catch (IOException e) {
      return List.of("<cannot read " + file + ": " + e + ">");
    }
  }
}
