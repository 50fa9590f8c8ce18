package dev.openaift.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text comparisons of an answer with its reference.
 *
 * <p>Normalisation (for normalised exact, contains and token F1): Unicode NFKC, lower case ({@link
 * Locale#ROOT}), every punctuation or symbol character replaced by a space, runs of white space
 * collapsed to one space, trimmed. So {@code " Paris!"} and {@code "paris"} agree, and {@code
 * "New-York"} normalises to {@code "new york"}.
 *
 * <p>The lexical similarity is <b>token F1</b> (the SQuAD answer metric): the harmonic mean of the
 * precision and recall of the answer's normalised tokens against the reference's, counted as
 * multisets. Chosen over ROUGE-L because fine-tuning references are mostly short answers, labels or
 * field values where word order carries little, because it gives partial credit for a right answer
 * wrapped in extra words in a way people can check by hand, and because it is linear in the length
 * of the texts (ROUGE-L's longest common subsequence is quadratic), which matters at 100,000 rows.
 */
public final class TextMetrics {
  private TextMetrics() {}

  /** The exact same string (no trimming). */
  public static boolean exact(String answer, String reference) {
    return answer.equals(reference);
  }

  /** Equal after {@link #normalise}. */
  public static boolean normalisedExact(String answer, String reference) {
    return normalise(answer).equals(normalise(reference));
  }

  /**
   * Whether the normalised answer contains the normalised reference as whole tokens ({@code "no"}
   * is not contained in {@code "not now"}). An empty reference is contained only in an empty
   * answer.
   */
  public static boolean contains(String answer, String reference) {
    String a = normalise(answer);
    String r = normalise(reference);
    if (r.isEmpty()) {
      return a.isEmpty();
    }
    return (" " + a + " ").contains(" " + r + " ");
  }

  /** Token F1 of the normalised texts; 1 when both are empty, 0 when only one is. */
  public static double tokenF1(String answer, String reference) {
    List<String> a = tokens(answer);
    List<String> r = tokens(reference);
    if (a.isEmpty() || r.isEmpty()) {
      return a.isEmpty() && r.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String t : r) {
      counts.merge(t, 1, Integer::sum);
    }
    int common = 0;
    for (String t : a) {
      Integer left = counts.get(t);
      if (left != null && left > 0) {
        common++;
        counts.put(t, left - 1);
      }
    }
    if (common == 0) {
      return 0.0;
    }
    double precision = (double) common / a.size();
    double recall = (double) common / r.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** The normalised text's tokens (split on spaces). */
  public static List<String> tokens(String text) {
    String n = normalise(text);
    List<String> out = new ArrayList<>();
    if (n.isEmpty()) {
      return out;
    }
    int start = 0;
    for (int i = 0; i <= n.length(); i++) {
      if (i == n.length() || n.charAt(i) == ' ') {
        out.add(n.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }

  /** NFKC, lower case, punctuation and symbols to spaces, white space collapsed, trimmed. */
  public static String normalise(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(s.length());
    boolean space = true; // drop leading spaces
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isPunctuationOrSymbol(cp)) {
        if (!space) {
          b.append(' ');
          space = true;
        }
      } else {
        b.appendCodePoint(cp);
        space = false;
      }
    }
    int len = b.length();
    if (len > 0 && b.charAt(len - 1) == ' ') {
      b.setLength(len - 1);
    }
    return b.toString();
  }

  private static boolean isPunctuationOrSymbol(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
