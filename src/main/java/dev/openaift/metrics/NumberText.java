package dev.openaift.metrics;

/**
 * Locale-independent number text for the machine-readable outputs, fast enough for a million rows
 * (no allocation per number). Plain decimal notation ({@code 0.00001}, {@code 1.52347},
 * {@code 3.0}); pandas and Python read it. Not thread-safe: one instance per writer.
 */
final class NumberText {

  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
      1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /** Largest integer below which every long is exactly a double. */
  private static final double EXACT_LIMIT = 9007199254740992.0;

  /** Result files carry five decimals: tried first. */
  private static final int COMMON_DECIMALS = 5;

  private final char[] digits = new char[24];

  /**
   * A decimal with at most nine fractional digits that reads back as exactly {@code v}, trailing zeros
   * dropped (e.g. {@code 1e-05} -> {@code 0.00001}); other values as {@link Double#toString}. Nothing
   * is appended for non-finite values. -0.0 is written as 0.0.
   */
  void appendExact(StringBuilder b, double v) {
    if (!Double.isFinite(v)) {
      return;
    }
    if (v == 0) {
      b.append("0.0");
      return;
    }
    if (tryFixed(b, v, COMMON_DECIMALS)) {
      return;
    }
    for (int k = 0; k <= 9; k++) {
      if (k != COMMON_DECIMALS && tryFixed(b, v, k)) {
        return;
      }
    }
    b.append(Double.toString(v));
  }

  private boolean tryFixed(StringBuilder b, double v, int k) {
    double scaled = v * POW10[k];
    if (Math.abs(scaled) >= EXACT_LIMIT) {
      return false;
    }
    double m = Math.rint(scaled);
    if (m / POW10[k] != v) {
      return false;
    }
    appendFixed(b, (long) m, k);
    return true;
  }

  /**
   * {@code v} rounded to {@code digits} significant digits (1 to 15), trailing zeros dropped, e.g.
   * 7 digits: {@code 1.0402857142857} -> {@code 1.040286}. Nothing for non-finite values.
   */
  void appendSignificant(StringBuilder b, double v, int digits) {
    if (!Double.isFinite(v)) {
      return;
    }
    if (v == 0) {
      b.append("0.0");
      return;
    }
    double a = Math.abs(v);
    int e = (int) Math.floor(Math.log10(a));
    int shift = digits - 1 - e;
    if (shift > 22 || shift < -22) {
      b.append(Double.toString(Double.parseDouble(
          String.format(java.util.Locale.ROOT, "%." + (digits - 1) + "e", v))));
      return;
    }
    long m = Math.round(shift >= 0 ? a * POW10[shift] : a / POW10[-shift]);
    if (m >= (long) POW10[digits]) {
      // log10 rounded down one too few, or rounding carried into a new digit
      m = Math.round(m / 10.0);
      shift--;
    }
    if (shift < 0) {
      m *= (long) POW10[-shift];
      shift = 0;
    }
    appendFixed(b, v < 0 ? -m : m, shift);
  }

  /** {@code m * 10^-k} in plain notation, trailing zeros dropped, at least one fractional digit. */
  private void appendFixed(StringBuilder b, long m, int k) {
    if (m < 0) {
      b.append('-');
      m = -m;
    }
    while (k > 0 && m % 10 == 0) {
      m /= 10;
      k--;
    }
    int n = 0;
    do {
      digits[digits.length - 1 - n++] = (char) ('0' + m % 10);
      m /= 10;
    } while (m != 0);
    int start = digits.length - n;
    if (k == 0) {
      b.append(digits, start, n).append(".0");
    } else if (n > k) {
      b.append(digits, start, n - k).append('.').append(digits, start + n - k, k);
    } else {
      b.append("0.");
      for (int i = n; i < k; i++) {
        b.append('0');
      }
      b.append(digits, start, n);
    }
  }
}
