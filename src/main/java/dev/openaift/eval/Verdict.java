package dev.openaift.eval;

import java.util.Locale;
import java.util.Objects;

/**
 * A yes/no answer to "is the candidate good enough?": on one metric, is a candidate no worse than
 * the reference by more than a margin M that the user accepts?
 *
 * <p><b>The test, in words.</b> The examples are resampled many times (the paired bootstrap of
 * {@link Paired#bootstrap}: each resample draws as many examples as there are, with replacement,
 * and keeps each example's two scores together), and each time the candidate's mean score minus the
 * reference's is computed. The lower bound is the value that 95% of those differences lie above
 * (the 5th percentile), the upper bound the value 95% lie below (the 95th percentile).
 *
 * <ul>
 *   <li>{@link Outcome#PASS}: the lower bound is above -M. Even on an unlucky draw of examples the
 *       candidate is less than M behind.
 *   <li>{@link Outcome#FAIL}: the upper bound is below -M. Even on a lucky draw it is more than M
 *       behind.
 *   <li>{@link Outcome#INCONCLUSIVE}: neither; the examples do not settle it. {@link
 *       #examplesToSettle} estimates how many examples in all would: the bounds narrow with the
 *       square root of the number of examples at the spread seen, so the distance from the observed
 *       difference to the bound on the side of the margin must shrink to the distance from the
 *       observed difference to -M: n * (spread / distance)^2, rounded up. It is an estimate at the
 *       observed variance and difference, not a promise; null when the observed difference is -M
 *       (within {@link #ON_THE_MARGIN}) or there are no examples (no number of examples settles
 *       it).
 * </ul>
 *
 * <p>Differences are candidate minus reference for a metric where higher is better; for a metric
 * where lower is better they are reference minus candidate (so that "worse" is negative either
 * way), and the bounds follow.
 *
 * @param candidate the model judged
 * @param reference the model it is judged against
 * @param metric the metric
 * @param margin M: how much worse than the reference the candidate may be (in the metric's units)
 * @param difference the observed difference, oriented so that worse is negative
 * @param lowerBound the one-sided 95% lower bound of that difference (NaN with no examples)
 * @param upperBound the one-sided 95% upper bound
 * @param outcome PASS, FAIL or INCONCLUSIVE
 * @param examplesToSettle null unless INCONCLUSIVE: the examples in all that would likely settle it
 * @param n examples where both have a score
 * @param resamples bootstrap resamples the bounds come from
 */
public record Verdict(
    String candidate,
    String reference,
    Metric metric,
    double margin,
    double difference,
    double lowerBound,
    double upperBound,
    Outcome outcome,
    Integer examplesToSettle,
    int n,
    int resamples) {

  /** The three answers. */
  public enum Outcome {
    PASS,
    FAIL,
    INCONCLUSIVE
  }

  /** Which verdicts make {@code eval} end with a non-zero exit code. */
  public enum FailOn {
    /** A FAIL does. */
    FAIL,
    /** A FAIL or an INCONCLUSIVE does: only PASS everywhere is success. */
    INCONCLUSIVE;

    /** Whether {@code outcome} fails the run. */
    public boolean fails(Outcome outcome) {
      return outcome == Outcome.FAIL || (this == INCONCLUSIVE && outcome == Outcome.INCONCLUSIVE);
    }

    /** {@code fail} or {@code inconclusive} (case ignored). */
    public static FailOn parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "fail" -> FAIL;
        case "inconclusive" -> INCONCLUSIVE;
        default -> throw new IllegalArgumentException("expected fail or inconclusive");
      };
    }
  }

  /**
   * An observed difference this close to -M is on the margin: rounding in the means makes it land a
   * hair either side, and no number of examples would settle it.
   */
  static final double ON_THE_MARGIN = 1e-9;

  public Verdict {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * The verdict on {@code d} (candidate as B, reference as A: B - A, from the same resamples as the
   * comparison's interval).
   *
   * @param margin 0 or more
   */
  public static Verdict of(
      String candidate, String reference, Metric metric, double margin, Paired.Difference d) {
    return of(candidate, reference, metric, metric.higherIsBetter(), margin, d);
  }

  /** {@link #of(String, String, Metric, double, Paired.Difference)} with the direction given. */
  static Verdict of(
      String candidate,
      String reference,
      Metric metric,
      boolean up,
      double margin,
      Paired.Difference d) {
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("the margin must be a number of 0 or more: " + margin);
    }
    double diff = up ? d.diff() : -d.diff();
    double low = up ? d.lowerBound() : -d.upperBound();
    double high = up ? d.upperBound() : -d.lowerBound();
    if (d.n() == 0) {
      return new Verdict(
          candidate,
          reference,
          metric,
          margin,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Outcome.INCONCLUSIVE,
          null,
          0,
          d.resamples());
    }
    Outcome outcome;
    if (low > -margin) {
      outcome = Outcome.PASS;
    } else if (high < -margin) {
      outcome = Outcome.FAIL;
    } else {
      outcome = Outcome.INCONCLUSIVE;
    }
    Integer settle = null;
    if (outcome == Outcome.INCONCLUSIVE) {
      double distance = diff + margin;
      double spread = distance > 0 ? diff - low : high - diff;
      if (Math.abs(distance) >= ON_THE_MARGIN && spread > 0) {
        double needed = Math.ceil(d.n() * Math.pow(spread / Math.abs(distance), 2));
        settle =
            needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(d.n() + 1, (int) needed);
      }
    }
    return new Verdict(
        candidate,
        reference,
        metric,
        margin,
        diff,
        low,
        high,
        outcome,
        settle,
        d.n(),
        d.resamples());
  }

  /**
   * The test as one paragraph for readers who are not statisticians (the page, the notebook and
   * {@code eval --help} say it with these words).
   */
  public static String explanation(double margin, int resamples) {
    String m = String.format(Locale.ROOT, "%s", trim(margin));
    return "How the verdict is reached: the examples are drawn again at random "
        + String.format(Locale.ROOT, "%,d", resamples)
        + " times (each example's two answers stay together), and each time the candidate's mean"
        + " score minus the reference's is taken. PASS: in 95% of those draws the candidate is"
        + " less than "
        + m
        + " behind the reference (the lower bound is above -"
        + m
        + "). FAIL: in 95% of them it is more than "
        + m
        + " behind (the upper bound is below -"
        + m
        + "). INCONCLUSIVE: the examples do not settle it either way; the estimate says how many"
        + " examples in all would likely settle it if the scores varied as they do now.";
  }

  /** A margin as typed: {@code 0.02}, not {@code 0.020000}. */
  public static String trim(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
