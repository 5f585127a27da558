package dev.mlrs.agent.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a rejection's text into a short metric tag. Reasons carry values (job ids, steps, learner names); a
 * tag must not, or every rejected record would make a new time series. The tag keeps the first words of the
 * reason without quoted text, numbers and parentheses ("unknown learner 'x' (known: ...)" -> unknown_learner),
 * and after {@link #MAX_TAGS} distinct tags every new one is "other".
 */
public final class RejectionReasons {
  static final int MAX_TAGS = 50;
  private static final int MAX_WORDS = 4;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** The tag for a reason. */
  public String tag(String reason) {
    String tag = category(reason);
    if (seen.contains(tag)) {
      return tag;
    }
    if (seen.size() >= MAX_TAGS) {
      return "other";
    }
    seen.add(tag);
    return tag;
  }

  static String category(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unknown";
    }
    String text = reason.toLowerCase(Locale.ROOT)
        .replaceAll("'[^']*'", " ")
        .replaceAll("\\([^)]*\\)?", " ")
        .replaceAll("\\[[^\\]]*\\]?", " ")
        .split("[:;,.]", 2)[0];
    StringBuilder out = new StringBuilder();
    int words = 0;
    for (String word : text.split("[^a-z]+")) {
      if (word.isEmpty() || word.equals("nan") || word.equals("infinity")) {
        continue;
      }
      if (words == MAX_WORDS) {
        break;
      }
      out.append(words == 0 ? "" : "_").append(word);
      words++;
    }
    return out.isEmpty() ? "unknown" : out.toString();
  }
}
