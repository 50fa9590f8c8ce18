package dev.openaift.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats numbers the way the service's result files do: rounded to 5 decimals, then printed like
 * Python's {@code repr(float)}: {@code 0.0}, {@code 1.0}, {@code 1.52347}, {@code 0.00012}, {@code
 * 6e-05}, {@code 1.5e-05} (scientific below 1e-4).
 */
final class PyFloat {
  private PyFloat() {}

  static String round5(double v) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
    }
    BigDecimal bd = new BigDecimal(v).setScale(5, RoundingMode.HALF_EVEN);
    if (bd.signum() == 0) {
      return "0.0";
    }
    bd = bd.stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp >= -4 && exp < 16) {
      String s = bd.toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    String digits = bd.unscaledValue().abs().toString();
    StringBuilder sb = new StringBuilder();
    if (bd.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    sb.append(a);
    return sb.toString();
  }
}
