package dev.mlrs.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** docs/protocol.md split into what its tests read: sections by heading, table rows, fenced code blocks. */
final class ProtocolDoc {

  /** A fenced code block: its info string (e.g. "json") and its text. */
  record Block(String info, String text) {
  }

  private final List<String> lines;

  private ProtocolDoc(List<String> lines) {
    this.lines = lines;
  }

  /** The page of this checkout: the tests run in the module folder, the page is at ../docs. */
  static ProtocolDoc load() {
    Path path = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("protocol.md");
    try {
      return new ProtocolDoc(Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** The lines under the heading that equals {@code heading}, up to the next heading of the same or a higher level. */
  ProtocolDoc section(String heading) {
    int start = lines.indexOf(heading);
    if (start < 0) {
      throw new AssertionError("docs/protocol.md has no heading '" + heading + "'");
    }
    int level = level(heading);
    int end = start + 1;
    while (end < lines.size() && !(level(lines.get(end)) > 0 && level(lines.get(end)) <= level)) {
      end++;
    }
    return new ProtocolDoc(lines.subList(start + 1, end));
  }

  /** The sub-sections that start with a heading of {@code prefix} (e.g. "#### "): heading and body. */
  List<ProtocolDoc> subsections(String prefix) {
    List<ProtocolDoc> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).startsWith(prefix)) {
          end++;
        }
        result.add(new ProtocolDoc(lines.subList(i, end)));
      }
    }
    return result;
  }

  String firstLine() {
    return lines.get(0);
  }

  /** The cells of every table row after the header and separator rows, backticks removed. */
  List<List<String>> tableRows() {
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    int row = 0;
    for (String line : lines) {
      if (!line.startsWith("|")) {
        inTable = false;
        continue;
      }
      row = inTable ? row + 1 : 0;
      inTable = true;
      if (row >= 2) {
        rows.add(cells(line));
      }
    }
    return rows;
  }

  /** The header cells of the first table. */
  List<String> tableHeader() {
    return lines.stream().filter(l -> l.startsWith("|")).findFirst().map(ProtocolDoc::cells)
        .orElseThrow(() -> new AssertionError("no table"));
  }

  List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String info = lines.get(i).substring(3).trim();
        StringBuilder text = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(info, text.toString()));
      }
    }
    return blocks;
  }

  Block block(String info) {
    return blocks().stream().filter(b -> b.info().equals(info)).findFirst()
        .orElseThrow(() -> new AssertionError("no ```" + info + " block in: " + firstLine()));
  }

  private static List<String> cells(String line) {
    String inner = line.trim().substring(1, line.trim().length() - 1);
    return Arrays.stream(inner.split("\\|", -1)).map(c -> c.trim().replace("`", "")).toList();
  }

  private static int level(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    return level > 0 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
  }
}
