package dev.openaift.metrics;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How a number and a step are read from a file: one set of rules for result files (CSV) and {@code
 * trainer_state.json}, stated in the README ("How numbers are read"). Both readers call this class;
 * what each does with a cell that is not a number or a step that is not valid (refuse the file,
 * leave the entry out) is theirs, and each says so in a warning or an error.
 *
 * <p>Cells ({@link CellReader}):
 *
 * <ul>
 *   <li>a number is decimal: an optional sign, digits with an optional point ({@code 1}, {@code
 *       1.5}, {@code .5}, {@code 5.}), an optional exponent ({@code 6e-05}); nothing else (no hex
 *       such as {@code 0x1p3}, no {@code 1d} or {@code 1f} suffix, no decimal comma, no digit
 *       grouping). Every finite double comes through unchanged;
 *   <li>spaces and tabs around the cell are ignored, and so is one pair of double quotes around it
 *       (with spaces inside or outside them): {@code " 1.5 "} is {@code 1.5};
 *   <li>empty (or only spaces, or {@code ""}): no value;
 *   <li>non-finite: {@code nan}, {@code inf}, {@code infinity} in any case with an optional sign
 *       (Python's and JSON's spellings), and a decimal too large for a double ({@code 1e400});
 *   <li>anything else is not a number.
 * </ul>
 *
 * <p>Steps ({@link #step}): a step is a whole number from 1 to {@link #MAX_STEP}, written as a
 * number by the cell rules ({@code 12}, {@code 12.0} and {@code 1.2e1} are step 12). Zero,
 * negative, fractional ({@code 10.5}: never rounded), larger and non-finite steps are not steps.
 */
final class NumberRules {

  /** What a cell holds; the value is beside it ({@link CellReader#value}), never a marker. */
  enum Cell {
    NUMBER,
    EMPTY,
    NON_FINITE,
    BAD
  }

  /** What a step value is, {@link #OK} or why it is not a step. */
  enum Step {
    OK("a step"),
    MISSING("no step"),
    BAD("not a number"),
    NON_FINITE("not finite"),
    ZERO("step 0"),
    NEGATIVE("negative"),
    FRACTIONAL("not a whole number"),
    TOO_LARGE("larger than " + MAX_STEP_TEXT);

    /** A few words for messages. */
    final String words;

    Step(String words) {
      this.words = words;
    }
  }

  /**
   * The largest step: 10^15, far above any run (a million steps is a very long one) and below 2^53,
   * so every step is exact as a double and as a long.
   */
  static final long MAX_STEP = 1_000_000_000_000_000L;

  private static final String MAX_STEP_TEXT = "10^15";

  /** The rule in words, for messages. */
  static final String STEP_RULE = "a step is a whole number from 1 to " + MAX_STEP_TEXT;

  private NumberRules() {}

  /** Whether {@code value} read with {@code status} is a step ({@link Step#OK}) or why not. */
  static Step step(Cell status, double value) {
    if (status != Cell.NUMBER) {
      return status == Cell.EMPTY
          ? Step.MISSING
          : status == Cell.NON_FINITE ? Step.NON_FINITE : Step.BAD;
    }
    // the usual step first, in compares and a cast (no switch, no rint: per row of a million)
    if (value >= 1 && value <= MAX_STEP && value == (long) value) {
      return Step.OK;
    }
    if (value == 0) {
      return Step.ZERO;
    }
    if (value < 0) {
      return Step.NEGATIVE;
    }
    return value > MAX_STEP ? Step.TOO_LARGE : Step.FRACTIONAL;
  }

  /**
   * Reads cells by the rules above. Not thread-safe: one per thread. {@link #read} returns the
   * status and leaves the value in {@link #value} (NaN unless the status is {@link Cell#NUMBER}).
   */
  static final class CellReader {
    /** The last cell's value when it was a number, else NaN. */
    double value;

    /** Reads the text of a cell ({@code String} form of {@link #read(byte[], int, int)}). */
    Cell read(String text) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      return read(b, 0, b.length);
    }

    /** Reads the cell {@code b[s, e)}, which may hold spaces and quotes around it. */
    Cell read(byte[] b, int s, int e) {
      value = Double.NaN;
      while (s < e && isBlank(b[s])) {
        s++;
      }
      while (e > s && isBlank(b[e - 1])) {
        e--;
      }
      if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"') {
        s++;
        e--;
        while (s < e && isBlank(b[s])) {
          s++;
        }
        while (e > s && isBlank(b[e - 1])) {
          e--;
        }
      }
      if (s == e) {
        return Cell.EMPTY;
      }
      int i = s;
      boolean neg = false;
      if (b[i] == '-' || b[i] == '+') {
        neg = b[i] == '-';
        i++;
      }
      // the form: digits [. digits] [e [sign] digits], at least one digit before the exponent
      long mant = 0;
      int digits = 0; // significant digits (leading zeros not counted)
      int mantDigits = 0;
      int scale = 0;
      boolean exact = true; // mant holds every significant digit
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        mantDigits++;
        if (mant != 0 || b[i] != '0') {
          digits++;
        }
        if (digits > 15) {
          exact = false;
        } else {
          mant = mant * 10 + (b[i] - '0');
        }
        i++;
      }
      if (!exact) {
        return parseDouble(b, s, e, checkRest(b, i, e, true));
      }
      if (i < e && b[i] == '.') {
        i++;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
          mantDigits++;
          if (mant != 0 || b[i] != '0') {
            digits++;
          }
          if (digits > 15) {
            exact = false;
          } else {
            mant = mant * 10 + (b[i] - '0');
            scale++;
          }
          i++;
        }
      }
      if (mantDigits == 0) {
        return nonFiniteWord(b, s, e);
      }
      int exp = 0;
      if (i < e && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        boolean eneg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
          eneg = b[i] == '-';
          i++;
        }
        int expStart = i;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
          if (exp < 100_000) {
            exp = exp * 10 + (b[i] - '0');
          }
          i++;
        }
        if (i == expStart) {
          return Cell.BAD;
        }
        exp = eneg ? -exp : exp;
      }
      if (i != e) {
        return Cell.BAD;
      }
      int p = exp - scale;
      if (exact && p >= -22 && p <= 22) {
        // at most 15 significant digits and a power of ten up to 22: exact in one multiplication
        // or division (Clinger's fast path)
        double v = p >= 0 ? mant * POW10[p] : mant / POW10[-p];
        value = neg ? -v : v;
        return Cell.NUMBER;
      }
      return parseDouble(b, s, e, Cell.NUMBER);
    }

    /** Whether {@code b[i, e)} is the rest of a decimal (fraction, exponent) after its digits. */
    private static Cell checkRest(byte[] b, int i, int e, boolean hadDigits) {
      if (i < e && b[i] == '.') {
        i++;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
          i++;
        }
      }
      if (i < e && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
          i++;
        }
        int expStart = i;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
          i++;
        }
        if (i == expStart) {
          return Cell.BAD;
        }
      }
      return i == e && hadDigits ? Cell.NUMBER : Cell.BAD;
    }

    /**
     * A text already checked to be a decimal ({@code form} NUMBER) by the JDK's correctly rounded
     * parser; too large is non-finite.
     */
    private Cell parseDouble(byte[] b, int s, int e, Cell form) {
      if (form != Cell.NUMBER) {
        return form;
      }
      double v = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(v)) {
        return Cell.NON_FINITE;
      }
      value = v;
      return Cell.NUMBER;
    }

    private static Cell nonFiniteWord(byte[] b, int s, int e) {
      if (e - s > 9) {
        return Cell.BAD;
      }
      String w = new String(b, s, e - s, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (w.startsWith("-") || w.startsWith("+")) {
        w = w.substring(1);
      }
      return switch (w) {
        case "nan", "inf", "infinity" -> Cell.NON_FINITE;
        default -> Cell.BAD;
      };
    }
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  // ---------------------------------------------------------------- times

  /**
   * A time cell in ISO 8601 ({@code 2025-10-25T16:55:36.9120000Z}, as Azure writes; any number of
   * fractional digits up to 9, {@code Z} or an offset such as {@code +02:00}; a space for the
   * {@code T} too) as unix seconds with the fraction, or NaN when it is not one. A time without an
   * offset is read as UTC: {@link #timeWithoutZone} then says so.
   */
  static final class TimeReader {
    /** Whether the last time read had no offset (read as UTC). */
    boolean timeWithoutZone;

    double read(String text) {
      String t = text.strip();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1).strip();
      }
      if (t.length() > 10 && t.charAt(10) == ' ') {
        t = t.substring(0, 10) + 'T' + t.substring(11);
      }
      timeWithoutZone = false;
      try {
        OffsetDateTime odt = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return odt.toEpochSecond() + odt.getNano() / 1e9;
      } catch (DateTimeParseException notWithOffset) {
        try {
          LocalDateTime ldt = LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
          timeWithoutZone = true;
          return ldt.toEpochSecond(ZoneOffset.UTC) + ldt.getNano() / 1e9;
        } catch (DateTimeParseException notATime) {
          return Double.NaN;
        }
      }
    }
  }
}
