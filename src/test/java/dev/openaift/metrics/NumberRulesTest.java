package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.metrics.NumberRules.Cell;
import dev.openaift.metrics.NumberRules.CellReader;
import dev.openaift.metrics.NumberRules.Step;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one set of rules both readers (result files, trainer_state.json) read numbers and steps by.
 */
class NumberRulesTest {

  private static Cell status(String text) {
    return new CellReader().read(text);
  }

  private static double value(String text) {
    CellReader r = new CellReader();
    assertEquals(Cell.NUMBER, r.read(text), text);
    return r.value;
  }

  @Test
  void everyFiniteDoubleComesThroughUnchangedWhateverItsValue() {
    // the values the reader once used as markers, and the extremes
    double[] special = {
      -7.777e307,
      -7.778e307,
      -7.779e307,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.MIN_VALUE,
      Double.MIN_NORMAL,
      1.7e308,
      -0.0,
      0.0
    };
    for (double d : special) {
      assertEquals(
          Double.doubleToLongBits(d), Double.doubleToLongBits(value(Double.toString(d))), "" + d);
    }
    Random random = new Random(19);
    for (int i = 0; i < 50_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String text = Double.toString(d);
      assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(value(text)), text);
      String plain = new java.math.BigDecimal(d).toPlainString();
      if (plain.length() < 60) {
        assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(value(plain)), plain);
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5|1.5",
        "' 1.5 '|1.5",
        "'\" 1.5 \"'|1.5",
        "' \"1.5\" '|1.5",
        "+4|4",
        ".5|0.5",
        "5.|5",
        "6e-05|6e-05",
        "1E3|1000",
        "1e-400|0",
        "007|7"
      })
  void decimalSpellingsAreNumbers(String text, double expected) {
    assertEquals(expected, value(text), text);
  }

  @ParameterizedTest
  @CsvSource({
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "+Infinity",
    "INFINITY",
    "1e400",
    "-1e400",
    "'\"nan\"'"
  })
  void nonFiniteSpellingsAndOverflowAreNonFinite(String text) {
    assertEquals(Cell.NON_FINITE, status(text), text);
  }

  @ParameterizedTest
  @CsvSource({
    "0x1p3",
    "0X10",
    "1d",
    "1f",
    "'1,5'",
    "1_000",
    "abc",
    "1e",
    "1e+",
    "-",
    ".",
    "e5",
    "1.2.3",
    "1 2",
    "'\"1.5'",
    "infinite",
    "nanx",
    "٣"
  })
  void anythingElseIsNotANumber(String text) {
    assertEquals(Cell.BAD, status(text), text);
  }

  @ParameterizedTest
  @CsvSource({"''", "' '", "'\"\"'", "'\" \"'", "'\t'"})
  void blankCellsAreEmpty(String text) {
    assertEquals(Cell.EMPTY, status(text), "[" + text + "]");
  }

  @ParameterizedTest
  @CsvSource({
    "1,OK",
    "12.0,OK",
    "1.2e1,OK",
    "1000000000000000,OK",
    "0,ZERO",
    "-0.0,ZERO",
    "-3,NEGATIVE",
    "10.5,FRACTIONAL",
    "19.5,FRACTIONAL",
    "1e300,TOO_LARGE",
    "1000000000000001,TOO_LARGE",
    "nan,NON_FINITE",
    "inf,NON_FINITE",
    "'',MISSING",
    "0x1p3,BAD",
    "ten,BAD"
  })
  void stepsAreWholeNumbersFromOneToTenToTheFifteen(String text, Step expected) {
    CellReader r = new CellReader();
    Cell c = r.read(text);
    assertEquals(expected, NumberRules.step(c, r.value), text);
  }

  @Test
  void timesInIso8601WithSevenFractionalDigitsAsAzureWritesThem() {
    NumberRules.TimeReader t = new NumberRules.TimeReader();
    assertEquals(1761411336.912, t.read("2025-10-25T16:55:36.9120000Z"), 1e-6);
    assertEquals(false, t.timeWithoutZone);
    assertEquals(1761411336.0, t.read("2025-10-25T18:55:36+02:00"), 1e-6);
    assertEquals(1761411336.5, t.read("2025-10-25 16:55:36.5"), 1e-6);
    assertEquals(true, t.timeWithoutZone);
    assertEquals(Double.NaN, t.read("yesterday"));
    assertEquals(Double.NaN, t.read("1761411336"));
  }
}
