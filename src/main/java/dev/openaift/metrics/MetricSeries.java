package dev.openaift.metrics;

/**
 * One metric of the canonical table with its non-missing points in step order.
 *
 * @param name canonical name ({@code train_loss}, {@code valid_accuracy}, ...) or, for an extra
 *     column, its original name
 * @param sourceName the column or key it came from (e.g. {@code training_token_accuracy}); equals
 *     {@code name} for extras
 * @param kind what to plot it with
 * @param steps the steps of the non-missing points, ascending
 * @param values the raw values at those steps
 * @param smoothed debiased EMA at the chosen weight, same length; equal to {@code values} for
 *     {@link Kind#FULL_VALIDATION} series (never smoothed)
 * @param rollingMean rolling mean over the configured window for the minibatch validation series
 *     ({@code valid_loss}, {@code valid_accuracy}), else null
 * @param rollingStd rolling population standard deviation matching {@code rollingMean}, else null
 */
public record MetricSeries(
    String name,
    String sourceName,
    Kind kind,
    long[] steps,
    double[] values,
    double[] smoothed,
    double[] rollingMean,
    double[] rollingStd) {

  /** How a series is grouped and drawn. */
  public enum Kind {
    /** training loss (one point per step) */
    TRAIN,
    /** minibatch validation estimate: sparse and noisy, gets a rolling mean and band */
    VALIDATION,
    /** whole-validation-file metric: a few points, drawn as markers, never smoothed */
    FULL_VALIDATION,
    /** legacy {@code classification/*} metrics */
    CLASSIFICATION,
    /** any other numeric column (legacy sequence accuracies, elapsed_*, DPO/RL columns, ...) */
    EXTRA
  }

  public int size() {
    return steps.length;
  }

  public boolean isLoss() {
    return name.endsWith("loss");
  }

  public boolean isAccuracy() {
    return name.endsWith("accuracy");
  }
}
