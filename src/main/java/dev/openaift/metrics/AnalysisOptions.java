package dev.openaift.metrics;

/**
 * How the curves are smoothed, and what "today" is for the fine-tuned model's shutdown.
 *
 * @param smoothingWeight the debiased EMA weight ({@code --smoothing}), 0 to 0.999
 * @param rollingWindow points in the rolling mean of the validation estimates ({@code --window}),
 *     at least 1
 * @param shutdowns shutdown dates and the injected clock for the {@code model_shutdown} finding, or
 *     null for none (the report then never depends on the date it is made)
 */
public record AnalysisOptions(double smoothingWeight, int rollingWindow, ShutdownDates shutdowns) {

  public AnalysisOptions(double smoothingWeight, int rollingWindow) {
    this(smoothingWeight, rollingWindow, null);
  }

  /** TensorBoard's default weight and a window of ten validation points. */
  public static final AnalysisOptions DEFAULTS = new AnalysisOptions(0.6, 10);

  /** The weight at which {@link MetricStats#lastSmoothed()} is always computed. */
  public static final double DEFAULT_WEIGHT = 0.6;

  public AnalysisOptions {
    if (!(smoothingWeight >= 0 && smoothingWeight <= 0.999)) {
      throw new IllegalArgumentException(
          "--smoothing must be between 0 and 0.999, was " + smoothingWeight);
    }
    if (rollingWindow < 1) {
      throw new IllegalArgumentException("--window must be at least 1, was " + rollingWindow);
    }
  }

  /** These options, with shutdown dates counted by {@code s} (null: no shutdown finding). */
  public AnalysisOptions withShutdowns(ShutdownDates s) {
    return new AnalysisOptions(smoothingWeight, rollingWindow, s);
  }
}
