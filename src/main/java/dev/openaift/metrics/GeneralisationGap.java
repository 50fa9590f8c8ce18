package dev.openaift.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The generalisation gap: how much higher the loss on held-out data is than the training loss, at
 * the latest point where both are known.
 *
 * <p>Exactly: {@code V - T}, where {@code V} is the last full-validation loss ({@code
 * full_valid_loss}) when there is one, else the debiased EMA (weight 0.6) of the minibatch
 * validation loss ({@code valid_loss}) at its last point; and {@code T} is the debiased EMA (weight
 * 0.6) of {@code train_loss} at the last training point at or before {@code V}'s step. The weight
 * is fixed so the number does not depend on {@code --smoothing}. NaN when there is no validation or
 * no training loss at or before it.
 *
 * @param value the gap, NaN when unknown
 * @param basis how it was computed, for {@code summary.json} (e.g. "full_valid_loss at step 60
 *     minus train_loss (EMA 0.6) at step 60"), null when unknown
 */
public record GeneralisationGap(double value, String basis) {

  static final GeneralisationGap UNKNOWN = new GeneralisationGap(Double.NaN, null);

  /** Computes the gap from a job's series (see the class comment). */
  public static GeneralisationGap of(List<MetricSeries> series) {
    return of(series, Double.NaN);
  }

  /**
   * As {@link #of(List)}, for series smoothed at {@code smoothingWeight}: at the weight 0.6 their
   * smoothed arrays are read instead of smoothing again (the same bits: {@link Smoothing#emaAt}).
   */
  public static GeneralisationGap of(List<MetricSeries> series, double smoothingWeight) {
    boolean smoothedAtDefault = smoothingWeight == AnalysisOptions.DEFAULT_WEIGHT;
    MetricSeries train = find(series, Canonical.TRAIN_LOSS);
    MetricSeries full = find(series, Canonical.FULL_VALID_LOSS);
    MetricSeries valid = find(series, Canonical.VALID_LOSS);
    if (train == null || train.size() == 0) {
      return UNKNOWN;
    }
    double v;
    long step;
    String what;
    if (full != null && full.size() > 0) {
      v = full.values()[full.size() - 1];
      step = full.steps()[full.size() - 1];
      what = "full_valid_loss";
    } else if (valid != null && valid.size() > 0) {
      v = emaAt(valid, valid.size() - 1, smoothedAtDefault);
      step = valid.steps()[valid.size() - 1];
      what = "valid_loss (EMA 0.6)";
    } else {
      return UNKNOWN;
    }
    int i = lastAtOrBefore(train.steps(), step);
    if (i < 0) {
      return UNKNOWN;
    }
    double t = emaAt(train, i, smoothedAtDefault);
    return new GeneralisationGap(
        v - t,
        String.format(
            Locale.ROOT,
            "%s at step %d minus train_loss (EMA 0.6) at step %d",
            what,
            step,
            train.steps()[i]));
  }

  private static double emaAt(MetricSeries s, int index, boolean smoothedAtDefault) {
    double[] smoothed = s.smoothed();
    return smoothedAtDefault && smoothed != null && smoothed.length == s.size()
        ? smoothed[index]
        : Smoothing.emaAt(s.values(), AnalysisOptions.DEFAULT_WEIGHT, index);
  }

  static MetricSeries find(List<MetricSeries> series, String name) {
    for (MetricSeries s : series) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Index of the last step {@code <= step}, or -1. */
  static int lastAtOrBefore(long[] steps, long step) {
    int lo = 0;
    int hi = steps.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (steps[mid] <= step) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
