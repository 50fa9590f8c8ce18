package dev.openaift.metrics;

/**
 * Locale-independent number text for the machine-readable outputs, fast enough for a million rows.
 * Plain decimal notation ({@code 0.00001}, {@code 1.52347}, {@code 3.0}); pandas and Python read it.
 */
final class NumberText {

  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
      1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /** Largest integer below which every long is exactly a double. */
  private static final double EXACT_LIMIT = 9007199254740992.0;

  private NumberText() {}

  /**
   * The shortest decimal with at most nine fractional digits that reads back as exactly {@code v}
   * (e.g. {@code 1e-05} -> {@code 0.00001}); other values as {@link Double#toString}. Nothing is
   * appended for non-finite values. -0.0 is written as 0.0.
   */
  static void appendExact(StringBuilder b, double v) {
    if (!Double.isFinite(v)) {
      return;
    }
    if (v == 0) {
      b.append("0.0");
      return;
    }
    for (int k = 0; k <= 9; k++) {
      double scaled = v * POW10[k];
      if (Math.abs(scaled) >= EXACT_LIMIT) {
        break;
      }
      double m = Math.rint(scaled);
      if (m / POW10[k] == v) {
        appendFixed(b, (long) m, k);
        return;
      }
    }
    b.append(Double.toString(v));
  }

  /**
   * {@code v} rounded to {@code digits} significant digits (1 to 15), trailing zeros dropped, e.g.
   * 7 digits: {@code 1.0402857142857} -> {@code 1.040286}. Nothing for non-finite values.
   */
  static void appendSignificant(StringBuilder b, double v, int digits) {
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
      b.append(Double.toString(Double.parseDouble(String.format(java.util.Locale.ROOT, "%." + (digits - 1) + "e", v))));
      return;
    }
    long m = Math.round(shift >= 0 ? a * POW10[shift] : a / POW10[-shift]);
    long upper = (long) POW10[digits];
    if (m >= upper) {
      // log10 rounded down one too few, or rounding carried into a new digit
      m = Math.round(m / 10.0);
      shift--;
    }
    while (m != 0 && m % 10 == 0 && shift > 0) {
      m /= 10;
      shift--;
    }
    if (shift < 0) {
      m *= (long) POW10[-shift];
      shift = 0;
    }
    if (v < 0) {
      b.append('-');
    }
    appendFixed(b, m, shift);
  }

  /** {@code m * 10^-k} in plain notation with at least one fractional digit. */
  private static void appendFixed(StringBuilder b, long m, int k) {
    if (m < 0) {
      b.append('-');
      m = -m;
    }
    String digits = Long.toString(m);
    if (k == 0) {
      b.append(digits).append(".0");
    } else if (digits.length() > k) {
      b.append(digits, 0, digits.length() - k).append('.').append(digits, digits.length() - k, digits.length());
    } else {
      b.append("0.");
      for (int i = digits.length(); i < k; i++) {
        b.append('0');
      }
      b.append(digits);
    }
  }
}
