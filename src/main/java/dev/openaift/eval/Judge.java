package dev.openaift.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pairwise LLM judge: for one example, a judge model is shown the question, the reference and two
 * answers and asked which answer matches the reference better. Every pair is asked twice, with the
 * answers in both orders, so that a judge's preference for the first (or second) position cancels
 * out: each order's verdict gives model B 1 (B better), 0 (A better) or 0.5 (tie), and the
 * example's preference for B is the mean of the orders with a readable verdict (NaN when neither
 * was readable). {@link #SYSTEM} and {@link #USER} are the exact prompt, written into the results.
 */
public final class Judge {
  /** The judge's system message. */
  public static final String SYSTEM =
      "You are a careful, impartial judge of answers. You compare two answers with a reference"
          + " answer and say which of the two matches the reference better in meaning and in form."
          + " Length, style and the order in which the answers are shown must not sway you.";

  /**
   * The judge's user message; {@code {question}}, {@code {reference}}, {@code {first}}, {@code
   * {second}} are filled in.
   */
  public static final String USER =
      """
      Question:
      <<<
      {question}
      >>>

      Reference answer:
      <<<
      {reference}
      >>>

      Answer 1:
      <<<
      {first}
      >>>

      Answer 2:
      <<<
      {second}
      >>>

      Which answer matches the reference better? Reply with exactly one word: 1, 2 or tie.\
      """;

  private Judge() {}

  /** The two messages sent for one order. */
  public static List<String> messages(
      String question, String reference, String first, String second) {
    // fill the placeholders in one pass, so that text inside an answer is never substituted again
    StringBuilder b = new StringBuilder();
    String t = USER;
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      if (open < 0) {
        b.append(t, i, t.length());
        break;
      }
      int close = t.indexOf('}', open);
      String name = close < 0 ? "" : t.substring(open + 1, close);
      String value =
          switch (name) {
            case "question" -> question;
            case "reference" -> reference;
            case "first" -> first;
            case "second" -> second;
            default -> null;
          };
      if (value == null) {
        b.append(t, i, open + 1);
        i = open + 1;
      } else {
        b.append(t, i, open).append(value);
        i = close + 1;
      }
    }
    return List.of(SYSTEM, b.toString());
  }

  /** One order's verdict read from the judge's reply. */
  public enum Verdict {
    FIRST,
    SECOND,
    TIE,
    UNREADABLE;

    /**
     * The first word of the reply: {@code 1}, {@code 2} or {@code tie} (case, quotes and a period
     * ignored).
     */
    public static Verdict parse(String reply) {
      String w = TextMetrics.normalise(reply == null ? "" : reply);
      int space = w.indexOf(' ');
      String first = space < 0 ? w : w.substring(0, space);
      return switch (first.toLowerCase(Locale.ROOT)) {
        case "1", "one" -> FIRST;
        case "2", "two" -> SECOND;
        case "tie", "equal", "both" -> TIE;
        default -> UNREADABLE;
      };
    }
  }

  /** B's score for one order: {@code bFirst} tells whether B was shown as answer 1. */
  static double score(Verdict v, boolean bFirst) {
    return switch (v) {
      case FIRST -> bFirst ? 1 : 0;
      case SECOND -> bFirst ? 0 : 1;
      case TIE -> 0.5;
      case UNREADABLE -> Double.NaN;
    };
  }

  /** The example's preference for B from the two orders (A first, then B first). */
  public static double preference(Verdict aFirst, Verdict bFirst) {
    double x = score(aFirst, false);
    double y = score(bFirst, true);
    if (Double.isNaN(x)) {
      return y;
    }
    return Double.isNaN(y) ? x : (x + y) / 2;
  }

  /**
   * One pair's verdicts.
   *
   * @param aFirst per example, the verdict with A shown first (null where not asked)
   * @param bFirst per example, the verdict with B shown first
   * @param preference per example, B's preference (NaN where not judged)
   * @param vsTie B's mean preference minus 0.5, with its bootstrap interval
   * @param bothB examples where B won in both orders
   * @param bothA examples where A won in both orders
   * @param split examples where each answer won in one order (position bias, or a close call)
   * @param unreadable replies (one per order) that said neither 1, 2 nor tie
   */
  public record PairResult(
      String modelA,
      String modelB,
      Verdict[] aFirst,
      Verdict[] bFirst,
      double[] preference,
      Paired.Difference vsTie,
      int bothB,
      int bothA,
      int split,
      int unreadable) {
    /**
     * The low end of the 95% interval of B's preference: {@link #vsTie}'s, moved back from the
     * difference with a tie to the preference itself. eval.json, the page and the console all show
     * it.
     */
    public double preferenceLow() {
      return vsTie.ciLow() + 0.5;
    }

    /** The high end of the 95% interval of B's preference ({@link #preferenceLow}). */
    public double preferenceHigh() {
      return vsTie.ciHigh() + 0.5;
    }

    /** Examples the judge was asked about in both orders. */
    public int asked() {
      int n = 0;
      for (int i = 0; i < aFirst.length; i++) {
        n += aFirst[i] != null && bFirst[i] != null ? 1 : 0;
      }
      return n;
    }

    /** The judge's replies counted: two per example asked, one per order. */
    public int replies() {
      return 2 * asked();
    }

    /**
     * Whether more than half of the replies could not be read: the preference then rests on few
     * examples (or none), whatever its interval says about them.
     */
    public boolean mostlyUnreadable() {
      return 2 * unreadable > replies();
    }
  }

  /** All pairs, the judge model and the prompt. */
  public record Result(String judgeModel, String system, String user, List<PairResult> pairs) {}

  /** The pair's result from the verdicts of both orders. */
  public static PairResult pair(
      String a, String b, Verdict[] aFirst, Verdict[] bFirst, int resamples, long seed) {
    int n = aFirst.length;
    double[] pref = new double[n];
    double[] half = new double[n];
    int bothB = 0;
    int bothA = 0;
    int split = 0;
    int unreadable = 0;
    for (int i = 0; i < n; i++) {
      if (aFirst[i] == null || bFirst[i] == null) {
        pref[i] = Double.NaN;
        half[i] = Double.NaN;
        continue;
      }
      pref[i] = preference(aFirst[i], bFirst[i]);
      half[i] = 0.5;
      double x = score(aFirst[i], false);
      double y = score(bFirst[i], true);
      unreadable += (Double.isNaN(x) ? 1 : 0) + (Double.isNaN(y) ? 1 : 0);
      if (x == 1 && y == 1) {
        bothB++;
      } else if (x == 0 && y == 0) {
        bothA++;
      } else if ((x == 1 && y == 0) || (x == 0 && y == 1)) {
        split++;
      }
    }
    return new PairResult(
        a,
        b,
        aFirst,
        bFirst,
        pref,
        Paired.bootstrap(half, pref, resamples, seed),
        bothB,
        bothA,
        split,
        unreadable);
  }

  /** Convenience for callers building results pair by pair. */
  public static Result result(String judgeModel, List<PairResult> pairs) {
    return new Result(judgeModel, SYSTEM, USER, new ArrayList<>(pairs));
  }
}
