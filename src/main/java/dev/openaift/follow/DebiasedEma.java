package dev.openaift.follow;

/**
 * TensorBoard's smoothing: an exponential moving average by point index, debiased so the first
 * points are not pulled towards zero. Non-finite values are skipped.
 */
final class DebiasedEma {
  private final double weight;
  private double last;
  private int n;

  DebiasedEma(double weight) {
    if (!(weight >= 0 && weight < 1)) {
      throw new IllegalArgumentException("smoothing weight must be in [0, 1), not " + weight);
    }
    this.weight = weight;
  }

  /** Adds a point; returns the smoothed value so far (NaN before the first finite point). */
  double add(double y) {
    if (Double.isFinite(y)) {
      last = last * weight + (1 - weight) * y;
      n++;
    }
    return value();
  }

  double value() {
    return n == 0 ? Double.NaN : last / (1 - Math.pow(weight, n));
  }

  int count() {
    return n;
  }
}
