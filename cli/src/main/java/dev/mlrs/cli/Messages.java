package dev.mlrs.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an exception into a message for people: without Java class names (the text of a wrapped exception
 * often starts with one, and Jackson names the class it could not construct) and with Jackson's parser
 * location ("at [Source: REDACTED ...; line: 3, column: 5]")
 * shortened to "(line 3, column 5)".
 */
final class Messages {
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)(?:\\$\\w+)?: ?");
  private static final Pattern JACKSON_LOCATION =
      Pattern.compile("\\s*at \\[Source: [^\\]]*?(?:; line: (\\d+), column: (\\d+))?]");
  private static final Pattern JACKSON_CONSTRUCTION =
      Pattern.compile("Cannot construct instance of `[^`]*`, problem: ");
  private static final Pattern JACKSON_REFERENCE = Pattern.compile("\\s*\\(through reference chain: [^)]*\\)");

  private Messages() {
  }

  static String clean(Throwable error) {
    Throwable e = error;
    // Wrappers without a message of their own (ExecutionException and the like) say nothing: use the cause's.
    while ((e.getMessage() == null || e.getMessage().isBlank()) && e.getCause() != null) {
      e = e.getCause();
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return words(e.getClass().getSimpleName());
    }
    return clean(message);
  }

  static String clean(String message) {
    String text = CLASS_PREFIX.matcher(message).replaceAll("");
    Matcher location = JACKSON_LOCATION.matcher(text);
    text = location.replaceAll(m -> m.group(1) == null ? "" : " (line " + m.group(1) + ", column " + m.group(2) + ")");
    text = JACKSON_CONSTRUCTION.matcher(text).replaceAll("");
    text = JACKSON_REFERENCE.matcher(text).replaceAll("");
    return text.strip();
  }

  /** "NullPointerException" -> "null pointer exception": what failed when nothing says more. */
  private static String words(String className) {
    return className.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
