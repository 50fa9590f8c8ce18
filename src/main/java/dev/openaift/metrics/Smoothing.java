package dev.openaift.metrics;

/** The smoothing users know from TensorBoard, and the rolling band for sparse validation points. */
public final class Smoothing {

  private Smoothing() {}

  /**
   * TensorBoard's debiased exponential moving average, by point index: starting from {@code last =
   * 0, n = 0}, each finite value {@code y} gives {@code last = last*w + (1-w)*y; n += 1; smoothed =
   * last / (1 - w^n)}. Non-finite values are skipped (their output is NaN). A series whose finite
   * values are all equal is returned unchanged.
   *
   * @param weight in [0, 1)
   */
  public static double[] ema(double[] values, double weight) {
    double[] out = new double[values.length];
    boolean constant = constant(values);
    double last = 0;
    double debias = 1;
    for (int i = 0; i < values.length; i++) {
      double y = values[i];
      if (!Double.isFinite(y)) {
        out[i] = Double.NaN;
      } else if (constant) {
        out[i] = y;
      } else {
        last = last * weight + (1 - weight) * y;
        debias = nextDebias(debias, weight);
        out[i] = last / (1 - debias);
      }
    }
    return out;
  }

  /**
   * {@code ema(values, weight)[index]}, the same bits, without the array: for callers that need one
   * point of a long series (a million-step job's last point, for instance).
   */
  public static double emaAt(double[] values, double weight, int index) {
    double y = values[index];
    if (!Double.isFinite(y)) {
      return Double.NaN;
    }
    if (constant(values)) {
      return y;
    }
    double last = 0;
    double debias = 1;
    for (int i = 0; i <= index; i++) {
      double v = values[i];
      if (Double.isFinite(v)) {
        last = last * weight + (1 - weight) * v;
        debias = nextDebias(debias, weight);
      }
    }
    return last / (1 - debias);
  }

  /**
   * Whether every finite value is the same (true too when there is none): such a series is its own
   * average, returned as it is rather than through the debiased sum and its rounding.
   */
  private static boolean constant(double[] values) {
    double firstFinite = Double.NaN;
    for (double v : values) {
      if (Double.isFinite(v)) {
        if (Double.isNaN(firstFinite)) {
          firstFinite = v;
        } else if (v != firstFinite) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@code debias * weight}, or 0 once {@code 1 - debias} is exactly 1 (below 2^-54): from there on
   * the divisor is 1 either way, so the output is the same to the bit. Without the cut the product
   * sinks to the smallest subnormal double and stays there ({@code 4.9e-324 * 0.6} rounds back up
   * to itself), and multiplying subnormals is many times slower: a million-point series took 62-70
   * ms instead of 8 ms with C1 (2026-11-29).
   */
  private static double nextDebias(double debias, double weight) {
    double d = debias * weight;
    return 1 - d == 1 ? 0 : d;
  }

  /**
   * Trailing rolling mean and population standard deviation over the last {@code window} finite
   * points (the first points use the shorter window they have). Non-finite inputs are skipped and
   * give NaN at their own index.
   *
   * @return {@code {mean, std}}, each as long as {@code values}
   */
  public static double[][] rollingMeanStd(double[] values, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, was " + window);
    }
    int n = values.length;
    double[] mean = new double[n];
    double[] std = new double[n];
    int[] finite = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        mean[i] = Double.NaN;
        std[i] = Double.NaN;
        continue;
      }
      finite[count++] = i;
      int from = Math.max(0, count - window);
      int k = count - from;
      double sum = 0;
      for (int j = from; j < count; j++) {
        sum += values[finite[j]];
      }
      double m = sum / k;
      double sq = 0;
      for (int j = from; j < count; j++) {
        double d = values[finite[j]] - m;
        sq += d * d;
      }
      mean[i] = m;
      std[i] = Math.sqrt(sq / k);
      if (!Double.isFinite(m) || !Double.isFinite(std[i])) {
        // the sum or a square overflowed (values near 1.8e308): the same figures, scaled
        double[] r = ScaledSums.meanStd(values, finite, from, count);
        mean[i] = r[0];
        std[i] = r[1];
      }
    }
    return new double[][] {mean, std};
  }
}
