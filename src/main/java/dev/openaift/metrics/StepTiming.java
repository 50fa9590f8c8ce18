package dev.openaift.metrics;

/**
 * When a run's steps were written, from the times in its result file (Azure's {@code timestamp}
 * column): the first and the last timed row.
 *
 * @param firstStep the first step with a time
 * @param firstAt its time, unix seconds with the fraction
 * @param lastStep the last step with a time
 * @param lastAt its time
 * @param rows how many rows have a time
 */
public record StepTiming(long firstStep, double firstAt, long lastStep, double lastAt, int rows) {

  /** The timing of {@code steps} written at {@code times} (NaN: no time), or null if none. */
  static StepTiming of(long[] steps, double[] times) {
    if (times == null) {
      return null;
    }
    int first = -1;
    int last = -1;
    int rows = 0;
    for (int i = 0; i < times.length; i++) {
      if (Double.isFinite(times[i])) {
        first = first < 0 ? i : first;
        last = i;
        rows++;
      }
    }
    return first < 0
        ? null
        : new StepTiming(steps[first], times[first], steps[last], times[last], rows);
  }

  /** Seconds from the first timed row to the last. */
  public double seconds() {
    return lastAt - firstAt;
  }

  /** Seconds per step between the first and the last timed row, NaN with one step. */
  public double secondsPerStep() {
    return lastStep > firstStep ? seconds() / (lastStep - firstStep) : Double.NaN;
  }
}
