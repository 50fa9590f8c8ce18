package dev.openaift.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * Comparisons of two models on the same examples: each example's scores are a pair, so resampling
 * and testing keep the pairs together.
 *
 * <p>Bootstrap: the difference of means (B minus A) over the examples where both scores are
 * defined, with a 95% percentile interval from {@code resamples} paired resamples of the
 * per-example differences, and from the same resamples the one-sided 95% bounds (the 5th and 95th
 * percentiles) that {@link Verdict} reads. Indices come from {@link java.util.Random}'s generator
 * seeded with {@code seed} ({@code nextInt(n)}, whose algorithm its javadoc specifies, so the same
 * seed gives the same interval on every JVM and can be recomputed elsewhere); the percentiles
 * interpolate linearly between order statistics (numpy's default).
 *
 * <p>McNemar's exact test for yes/no scores: with b the examples A got right and B wrong and c the
 * reverse, the two-sided p-value is {@code min(1, 2 * P(X <= min(b, c)))} for X ~ Binomial(b + c,
 * 1/2), and 1 when b + c = 0.
 */
public final class Paired {
  /** Resamples used unless told otherwise. */
  public static final int DEFAULT_RESAMPLES = 2000;

  private Paired() {}

  /**
   * @param n pairs where both scores are defined
   * @param meanA mean of A over those pairs
   * @param meanB mean of B over those pairs
   * @param diff meanB - meanA
   * @param ciLow 2.5th percentile of the resampled differences (NaN when n = 0)
   * @param ciHigh 97.5th percentile
   * @param lowerBound 5th percentile: the one-sided 95% lower bound of B - A (NaN when n = 0)
   * @param upperBound 95th percentile: the one-sided 95% upper bound
   */
  public record Difference(
      int n,
      double meanA,
      double meanB,
      double diff,
      double ciLow,
      double ciHigh,
      int resamples,
      long seed,
      double lowerBound,
      double upperBound) {}

  /**
   * @param aOnly right for A only (b); @param bOnly right for B only (c)
   */
  public record McNemar(int n, int bothRight, int aOnly, int bOnly, int bothWrong, double pValue) {}

  /**
   * The difference of means with its bootstrap interval; pairs with a NaN on either side are left
   * out.
   */
  public static Difference bootstrap(double[] a, double[] b, int resamples, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired scores need the same length: " + a.length + " and " + b.length);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1");
    }
    double[] d = new double[a.length];
    double sumA = 0;
    double sumB = 0;
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        d[n++] = b[i] - a[i];
        sumA += a[i];
        sumB += b[i];
      }
    }
    if (n == 0) {
      return new Difference(
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          resamples,
          seed,
          Double.NaN,
          Double.NaN);
    }
    Lcg random = new Lcg(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d[random.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    double meanA = sumA / n;
    double meanB = sumB / n;
    return new Difference(
        n,
        meanA,
        meanB,
        meanB - meanA,
        percentile(means, 2.5),
        percentile(means, 97.5),
        resamples,
        seed,
        percentile(means, 5),
        percentile(means, 95));
  }

  /**
   * {@link Random}'s generator and {@code nextInt(bound)} exactly as its javadoc specifies them
   * (the same numbers for the same seed), without the atomic update that makes {@code Random} safe
   * to share between threads: the bootstrap draws hundreds of millions of indices on one thread,
   * and the atomic compare-and-set was most of its time.
   */
  static final class Lcg {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private long state;

    Lcg(long seed) {
      state = (seed ^ MULTIPLIER) & MASK;
    }

    private int next31() {
      state = (state * MULTIPLIER + 0xBL) & MASK;
      return (int) (state >>> 17);
    }

    int nextInt(int bound) {
      int r = next31();
      int m = bound - 1;
      if ((bound & m) == 0) {
        return (int) ((bound * (long) r) >> 31);
      }
      for (int u = r; u - (r = u % bound) + m < 0; u = next31()) {
        // reject the values that would make the result uneven, as Random does
      }
      return r;
    }
  }

  /** McNemar's exact test on yes/no scores (1 = right); pairs with a NaN are left out. */
  public static McNemar mcnemar(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired scores need the same length: " + a.length + " and " + b.length);
    }
    int both = 0;
    int aOnly = 0;
    int bOnly = 0;
    int none = 0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
        continue;
      }
      boolean x = a[i] >= 0.5;
      boolean y = b[i] >= 0.5;
      if (x && y) {
        both++;
      } else if (x) {
        aOnly++;
      } else if (y) {
        bOnly++;
      } else {
        none++;
      }
    }
    return new McNemar(both + aOnly + bOnly + none, both, aOnly, bOnly, none, exactP(aOnly, bOnly));
  }

  /** Two-sided exact p-value for b and c discordant pairs. */
  static double exactP(int b, int c) {
    int n = b + c;
    if (n == 0) {
      return 1.0;
    }
    int k = Math.min(b, c);
    // log P(X = i) = log C(n, i) - n log 2, summed in log space so that large n does not underflow.
    double logTerm = -n * Math.log(2);
    double max = logTerm;
    double[] logs = new double[k + 1];
    logs[0] = logTerm;
    for (int i = 1; i <= k; i++) {
      logTerm += Math.log(n - i + 1) - Math.log(i);
      logs[i] = logTerm;
      max = Math.max(max, logTerm);
    }
    double sum = 0;
    for (double l : logs) {
      sum += Math.exp(l - max);
    }
    double cdf = Math.exp(max + Math.log(sum));
    return Math.min(1.0, 2 * cdf);
  }

  /**
   * Linear interpolation between order statistics of sorted values (numpy's default, Hyndman-Fan
   * 7).
   */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
