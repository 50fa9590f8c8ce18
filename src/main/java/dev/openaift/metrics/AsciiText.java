package dev.openaift.metrics;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable ASCII byte buffer with locale-independent number formatting, fast enough for a million
 * CSV rows (no allocation per number). Numbers come out in plain decimal notation ({@code 0.00001},
 * {@code 1.52347}, {@code 3.0}), which pandas and Python read. Not thread-safe.
 */
final class AsciiText {

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** Largest integer below which every long is exactly a double. */
  private static final double EXACT_LIMIT = 9007199254740992.0;

  /** Result files carry five decimals: tried first. */
  private static final int COMMON_DECIMALS = 5;

  private byte[] buf;
  private int pos;

  AsciiText(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  int length() {
    return pos;
  }

  void clear() {
    pos = 0;
  }

  byte[] array() {
    return buf;
  }

  @Override
  public String toString() {
    return new String(buf, 0, pos, StandardCharsets.ISO_8859_1);
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  /**
   * The most bytes one number takes: {@link Double#toString} (at most 24 characters) or a plain
   * decimal of a long with up to 22 fractional digits.
   */
  static final int MAX_NUMBER = 48;

  /** Makes room for {@code more} bytes, for the unchecked {@link #comma} that follows. */
  void reserve(int more) {
    ensure(more);
  }

  /** A comma, without the room check: only within what {@link #reserve} made room for. */
  void comma() {
    buf[pos++] = ',';
  }

  AsciiText put(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
    return this;
  }

  /** Text; characters outside ASCII become '?' (column names are ASCII in practice). */
  AsciiText put(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      buf[pos++] = (byte) (c < 128 ? c : '?');
    }
    return this;
  }

  AsciiText put(long v) {
    ensure(21);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return put(Long.toString(v));
      }
      buf[pos++] = '-';
      v = -v;
    }
    putDigits(v);
    return this;
  }

  /**
   * A decimal with at most nine fractional digits that reads back as exactly {@code v}, trailing
   * zeros dropped (e.g. {@code 1e-05} -> {@code 0.00001}); other values as {@link #shortest}.
   * Nothing for non-finite values; -0.0 is written as 0.0.
   */
  AsciiText putExact(double v) {
    if (!Double.isFinite(v)) {
      return this;
    }
    if (v == 0) {
      return put("0.0");
    }
    if (Math.abs(v) < NINE_DECIMALS_DECIDE && !fixedReadsBack(v, 9)) {
      // no plain decimal of up to nine fractional digits reads back as v: a full-precision
      // learning rate (1.0526315789473684E-5), which took ten failed tries before
      return put(shortest(v));
    }
    if (tryFixed(v, COMMON_DECIMALS)) {
      return this;
    }
    for (int k = 0; k <= 9; k++) {
      if (k != COMMON_DECIMALS && tryFixed(v, k)) {
        return this;
      }
    }
    return put(shortest(v));
  }

  /**
   * The shortest decimal that reads back as {@code v}, in {@link Double#toString}'s layout: the
   * Schubfach algorithm, as jackson-core writes doubles and as Java 19's {@code Double.toString}
   * does. Java 17's own {@code Double.toString} takes big-integer arithmetic for most values below
   * 1e-3 (full-precision learning rates such as {@code 1.0526315789473684E-5}): 200,000 of them
   * cost 118 ms against 20 ms (C1, 2026-12-07), and it can give a digit more than needed ({@code
   * 8.5408298743460826E17} for {@code 8.540829874346083E17}).
   */
  static String shortest(double v) {
    return DoubleToDecimal.toString(v);
  }

  /**
   * Below this magnitude, {@code v} has a plain decimal of up to nine fractional digits that reads
   * back as it only if the one of exactly nine does: when {@code m / 10^k == v} for some {@code k <
   * 9}, {@code v * 10^9} is within a quarter of the integer {@code m * 10^(9-k)} (below 2^50, one
   * rounding of the product is off by at most 2^-3), so it rounds to that integer, and dividing it
   * by 10^9 is the same correctly rounded quotient {@code m / 10^k}.
   */
  private static final double NINE_DECIMALS_DECIDE = 0x1p50 / 1e9;

  /** Whether {@code v * 10^k} rounded to an integer and divided back is {@code v}. */
  private static boolean fixedReadsBack(double v, int k) {
    return rint(v * POW10[k]) / POW10[k] == v;
  }

  /**
   * {@link Math#rint} (nearest integer, ties to even), the same for every double: below 2^52 in
   * magnitude, adding and taking away 2^52 leaves the nearest integer, as the sum is rounded to
   * one; from 2^52 on (and for NaN and the infinities) a double is its own rint. The launcher's C1
   * compiler has no intrinsic for {@code Math.rint} and calls {@code StrictMath.rint} for it.
   */
  static double rint(double x) {
    double a = Math.abs(x);
    if (!(a < 0x1p52)) {
      return x;
    }
    return Math.copySign((a + 0x1p52) - 0x1p52, x);
  }

  private boolean tryFixed(double v, int k) {
    double scaled = v * POW10[k];
    if (Math.abs(scaled) >= EXACT_LIMIT) {
      return false;
    }
    double m = rint(scaled);
    if (m / POW10[k] != v) {
      return false;
    }
    putFixed((long) m, k);
    return true;
  }

  /**
   * {@code v} rounded to {@code significant} digits (1 to 15), trailing zeros dropped, e.g. 7
   * digits: {@code 1.0402857142857} -> {@code 1.040286}. Nothing for non-finite values.
   */
  AsciiText putSignificant(double v, int significant) {
    if (!Double.isFinite(v)) {
      return this;
    }
    if (v == 0) {
      return put("0.0");
    }
    double a = Math.abs(v);
    int e = floorToInt(Math.log10(a));
    int shift = significant - 1 - e;
    // e >= 18: the plain digits (m * 10^-shift) would not fit in a long
    if (shift > 22 || e >= 18) {
      return put(
          shortest(
              Double.parseDouble(
                  String.format(java.util.Locale.ROOT, "%." + (significant - 1) + "e", v))));
    }
    long m = Math.round(shift >= 0 ? a * POW10[shift] : a / POW10[-shift]);
    if (m >= (long) POW10[significant]) {
      // log10 rounded down one too few, or rounding carried into a new digit
      m = Math.round(m / 10.0);
      shift--;
    }
    if (shift < 0) {
      m *= (long) POW10[-shift];
      shift = 0;
    }
    putFixed(v < 0 ? -m : m, shift);
    return this;
  }

  /**
   * {@code Math.floor(x)} as an int, for {@code x} within the int range: the cast truncates toward
   * zero, one too high for a negative {@code x} with a fraction. Math.floor is not an intrinsic of
   * the launcher's C1 compiler, and its call was a tenth of the time metrics.csv took.
   */
  private static int floorToInt(double x) {
    int t = (int) x;
    return x < t ? t - 1 : t;
  }

  /**
   * {@code m * 10^-k} in plain notation, trailing zeros dropped, at least one fractional digit
   * ({@code k} from 0 to 22).
   */
  void putFixed(long m, int k) {
    ensure(MAX_NUMBER);
    if (m < 0) {
      buf[pos++] = '-';
      m = -m;
    }
    if (m < 0 || m > MAX_UINT) {
      putFixedLong(m, k);
      return;
    }
    // the usual case (seven significant digits, five decimals): the digits written in place from
    // the right, without a scratch array to copy from
    while (k > 0) {
      long q = tenth(m);
      if (m - q * 10 != 0) {
        break;
      }
      m = q;
      k--;
    }
    int n = digitCount(m);
    if (k == 0) {
      pos += n;
      putDigitsBefore(pos, m, n);
      buf[pos++] = '.';
      buf[pos++] = '0';
    } else if (n > k) {
      int dot = pos + n - k;
      long high = putDigitsBefore(dot + 1 + k, m, k);
      buf[dot] = '.';
      putDigitsBefore(dot, high, n - k);
      pos = dot + 1 + k;
    } else {
      buf[pos++] = '0';
      buf[pos++] = '.';
      for (int i = n; i < k; i++) {
        buf[pos++] = '0';
      }
      pos += n;
      putDigitsBefore(pos, m, n);
    }
  }

  /**
   * {@code m / 10} for {@code m} from 0 to 2^32 - 1, as a multiplication by 2^35 / 10 rounded up
   * and a shift, exact in that range: the launcher's C1 compiler divides by a constant with the
   * CPU's 64-bit division, several times slower, and writing a number takes one per digit.
   */
  private static long tenth(long m) {
    return (m * 0xCCCCCCCDL) >>> 35;
  }

  /** Decimal digits of {@code m}, from 0 to 2^32 - 1. */
  private static int digitCount(long m) {
    int n = 1;
    for (long p = 10; n < 10 && m >= p; p *= 10) {
      n++;
    }
    return n;
  }

  /**
   * Writes the last {@code count} decimal digits of {@code m} (below 2^32) into {@code buf} ending
   * just before {@code end}; returns what is left of {@code m} (its higher digits).
   */
  private long putDigitsBefore(int end, long m, int count) {
    for (int i = end - 1; i >= end - count; i--) {
      long q = tenth(m);
      buf[i] = (byte) ('0' + (m - q * 10));
      m = q;
    }
    return m;
  }

  /** {@link #putFixed} for {@code m} of 2^32 or more (non-negative; Long.MIN_VALUE as itself). */
  private void putFixedLong(long m, int k) {
    if (m == Long.MIN_VALUE) {
      // -Long.MIN_VALUE overflows: its digits, then the same rules
      putFixedText(Long.toString(m).substring(1), k);
      return;
    }
    putFixedText(Long.toString(m), k);
  }

  /** The rule of {@link #putFixed} for the digits of a non-negative number given as text. */
  private void putFixedText(String digitText, int k) {
    int n = digitText.length();
    while (k > 0 && n > 1 && digitText.charAt(n - 1) == '0') {
      n--;
      k--;
    }
    if (k == 0) {
      put(digitText.substring(0, n));
      put(".0");
    } else if (n > k) {
      put(digitText.substring(0, n - k));
      put('.');
      put(digitText.substring(n - k, n));
    } else {
      put("0.");
      for (int i = n; i < k; i++) {
        put('0');
      }
      put(digitText.substring(0, n));
    }
  }

  private void putDigits(long v) {
    if (v >= 0 && v <= MAX_UINT) {
      int n = digitCount(v);
      pos += n;
      putDigitsBefore(pos, v, n);
      return;
    }
    put(Long.toString(v));
  }

  private static final long MAX_UINT = 0xFFFFFFFFL;
}
