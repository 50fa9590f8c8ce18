package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AsciiTextTest {

  private static String exact(double v) {
    return new AsciiText(4).putExact(v).toString();
  }

  private static String sig(double v, int digits) {
    return new AsciiText(4).putSignificant(v, digits).toString();
  }

  @Test
  void exactValuesUsePlainShortestDecimals() {
    assertEquals("0.00001", exact(1e-05));
    assertEquals("1.52347", exact(1.52347));
    assertEquals("0.0", exact(0.0));
    assertEquals("0.0", exact(-0.0));
    assertEquals("3.0", exact(3));
    assertEquals("0.5", exact(0.5));
    assertEquals("-0.25", exact(-0.25));
    assertEquals("0.30000000000000004", exact(0.1 + 0.2));
    assertEquals("", exact(Double.NaN));
    for (double v :
        new double[] {0.1, 6e-05, 123456.789, 2.0 / 3, 1e22, 5e-324, -1.5e-7, 0.123456789}) {
      assertEquals(v, Double.parseDouble(exact(v)), "round trip of " + v);
    }
  }

  @Test
  void otherExactValuesAreTheShortestThatReadBack() {
    // full-precision learning rates: as Double.toString writes them
    assertEquals("1.0526315789473684E-5", exact(1.0526315789473684E-5));
    assertEquals("1.4000000000000001E-8", exact(1.4000000000000001E-8));
    // Java 17's Double.toString gives 8.5408298743460826E17 here, a digit more than needed
    assertEquals("8.540829874346083E17", exact(8.540829874346083E17));
    java.util.Random r = new java.util.Random(22);
    for (int i = 0; i < 100_000; i++) {
      double v = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(v)) {
        assertEquals(v, Double.parseDouble(exact(v)), "round trip of " + v);
      }
    }
  }

  /**
   * The rule putExact followed before it decided the nine-decimal case first: k = 5, then 0 to 9,
   * the first k whose rounded {@code v * 10^k} reads back, trailing zeros dropped; else shortest.
   */
  private static String exactByTries(double v) {
    if (v == 0) {
      return "0.0";
    }
    int[] order = {5, 0, 1, 2, 3, 4, 6, 7, 8, 9};
    for (int k : order) {
      double scaled = v * Math.pow(10, k);
      if (Math.abs(scaled) < 9007199254740992.0) {
        double m = Math.rint(scaled);
        if (m / Math.pow(10, k) == v) {
          String plain =
              java.math.BigDecimal.valueOf((long) m, k).stripTrailingZeros().toPlainString();
          return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
      }
    }
    return AsciiText.shortest(v);
  }

  @Test
  void exactValuesAreWhatTheTriesGave() {
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 400_000; i++) {
      double v =
          switch (i % 6) {
            // a decimal of up to 12 fractional digits, as a log writes it
            case 0 -> (r.nextInt(2_000_000) - 1_000_000) / Math.pow(10, r.nextInt(13));
            // a learning rate from a schedule, in full precision
            case 1 -> 2e-5 * (1 - r.nextInt(100_000) / 100_000.0);
            // around the magnitude where the nine-decimal decision stops being used
            case 2 -> 0x1p50 / 1e9 * (0.999 + r.nextDouble() * 0.002);
            case 3 -> Math.rint(r.nextDouble() * 1e7) / Math.pow(10, r.nextInt(10));
            case 4 -> Double.longBitsToDouble(r.nextLong());
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
          };
      if (Double.isFinite(v)) {
        assertEquals(exactByTries(v), exact(v), "v=" + v);
      }
    }
  }

  @Test
  void derivedValuesAreRoundedToSignificantDigits() {
    assertEquals("1.040286", sig(1.0402857142857, 7));
    assertEquals("2.326531", sig(2.326530612244898, 7));
    assertEquals("0.0001234568", sig(0.000123456789, 7));
    assertEquals("-12.5", sig(-12.5, 7));
    assertEquals("10.0", sig(9.99999999, 7));
    assertEquals("1234568.0", sig(1234567.8, 7));
    assertEquals("0.0", sig(0, 7));
    assertEquals("", sig(Double.POSITIVE_INFINITY, 7));
  }

  @Test
  void hugeDerivedValuesKeepTheirSignAndSize() {
    // a smoothed counter above Long.MAX_VALUE / 10^k once overflowed to a negative number
    for (double v :
        new double[] {9.611979804940634e18, 1.0e19, 1.2345678e25, -3.0e20, 9.99999999e17}) {
      double back = Double.parseDouble(sig(v, 7));
      assertEquals(v, back, Math.abs(v) * 1e-6, sig(v, 7));
    }
    assertEquals("123456800000000000.0", sig(1.234567812e17, 7));
  }

  @Test
  void integersAndText() {
    assertEquals(
        "0,-42,1000000,a?",
        new AsciiText(1)
            .put(0L)
            .put(',')
            .put(-42L)
            .put(',')
            .put(1_000_000L)
            .put(',')
            .put("a\u00e9")
            .toString());
  }

  @Test
  void fixedPointNumbersAreThoseOfBigDecimal() {
    // putFixed(m, k) is m * 10^-k, plain, trailing zeros dropped, at least one fractional digit
    java.util.Random random = new java.util.Random(5);
    long[] edges = {
      0,
      1,
      9,
      10,
      99,
      100,
      4294967295L,
      4294967296L,
      1_000_000_000L,
      9_999_999_999L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1,
      -1,
      -10,
      -4294967295L,
      -4294967296L
    };
    for (int round = 0; round < 200_000; round++) {
      long m =
          round < edges.length * 23
              ? edges[round / 23]
              : switch (random.nextInt(4)) {
                case 0 -> random.nextInt(1000);
                case 1 -> random.nextInt();
                case 2 -> random.nextLong();
                default ->
                    (long) (random.nextInt(100_000)) * (long) Math.pow(10, random.nextInt(9));
              };
      int k = round < edges.length * 23 ? round % 23 : random.nextInt(23);
      AsciiText t = new AsciiText(16);
      t.putFixed(m, k);
      String expected = java.math.BigDecimal.valueOf(m, k).stripTrailingZeros().toPlainString();
      if (expected.indexOf('.') < 0) {
        expected += ".0";
      }
      assertEquals(expected, t.toString(), "m=" + m + ", k=" + k);
    }
  }

  @Test
  void rintIsMathRint() {
    double[] edges = {
      0.0,
      -0.0,
      0.5,
      -0.5,
      1.5,
      -1.5,
      2.5,
      -2.5,
      0.49999999999999994,
      -0.49999999999999994,
      0x1p52 - 0.5,
      -(0x1p52 - 0.5),
      0x1p52,
      -0x1p52,
      0x1p52 + 1,
      0x1p53,
      1e300,
      -1e300,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.3,
      123456789.5,
      123456790.5
    };
    java.util.Random r = new java.util.Random(52);
    for (int i = 0; i < 1_000_000 + edges.length; i++) {
      double x =
          i < edges.length
              ? edges[i]
              : i % 3 == 0
                  ? Double.longBitsToDouble(r.nextLong())
                  : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(20));
      // bit for bit, -0.0 apart from 0.0 (any NaN as one NaN)
      assertEquals(
          Double.doubleToLongBits(Math.rint(x)),
          Double.doubleToLongBits(AsciiText.rint(x)),
          "rint(" + x + ")");
    }
  }
}
