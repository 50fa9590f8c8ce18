package dev.openaift.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.IntFunction;

/** Number, time and duration formatting for people; always {@link Locale#ROOT}, times in UTC. */
final class Text {
  static final String MISSING = "—";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHORT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Text() {}

  /**
   * A metric value: 4 decimals below 1,000, grouped integers above, {@link #MISSING} when not
   * finite.
   */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return MISSING;
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a != 0 && a < 0.001) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A signed difference such as {@code +0.1234}. */
  static String signed(double v) {
    if (!Double.isFinite(v)) {
      return MISSING;
    }
    return (v >= 0 ? "+" : "") + number(v);
  }

  static String integer(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** Unix seconds as {@code 2024-05-01 12:00:00 UTC}. */
  static String time(long unixSeconds) {
    return TIME.format(Instant.ofEpochSecond(unixSeconds));
  }

  /** Unix seconds as {@code 2024-05-01 12:00:00}. */
  static String shortTime(long unixSeconds) {
    return SHORT_TIME.format(Instant.ofEpochSecond(unixSeconds));
  }

  /** Seconds as {@code 1h 02m 03s}, {@code 4m 05s} or {@code 7s}. */
  static String duration(long seconds) {
    if (seconds < 0) {
      return MISSING;
    }
    long d = seconds / 86_400;
    long h = seconds % 86_400 / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (d > 0) {
      return String.format(Locale.ROOT, "%dd %02dh %02dm", d, h, m);
    }
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, s);
    }
    if (m > 0) {
      return String.format(Locale.ROOT, "%dm %02ds", m, s);
    }
    return s + "s";
  }

  /** A Python literal for a double: {@code float("nan")} for missing values. */
  static String python(double v) {
    if (Double.isNaN(v)) {
      return "float(\"nan\")";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "float(\"inf\")" : "float(\"-inf\")";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return Double.toString(v);
  }

  /** A Python string literal (double quotes, escaped). */
  static String pythonString(String s) {
    return escaped(
            new StringBuilder("\""),
            s,
            c ->
                switch (c) {
                  case '\\' -> "\\\\";
                  case '"' -> "\\\"";
                  case '\n' -> "\\n";
                  case '\r' -> "\\r";
                  case '\t' -> "\\t";
                  default -> c < 0x20 ? String.format(Locale.ROOT, "\\x%02x", c) : null;
                })
        .append('"')
        .toString();
  }

  /** Text safe in a Markdown cell: HTML and Markdown specials escaped. */
  static String markdown(String s) {
    return escaped(
            new StringBuilder(),
            s,
            c ->
                switch (c) {
                  case '&' -> "&amp;";
                  case '<' -> "&lt;";
                  case '>' -> "&gt;";
                  case '\n', '\r' -> " ";
                  case '\\', '`', '*', '_', '[', ']', '|', '#', '$', '~' -> "\\" + (char) c;
                  default -> null;
                })
        .toString();
  }

  /** Text safe in HTML element content or a double-quoted attribute. */
  static String html(String s) {
    return escaped(
            new StringBuilder(s.length() + 16),
            s,
            c ->
                switch (c) {
                  case '&' -> "&amp;";
                  case '<' -> "&lt;";
                  case '>' -> "&gt;";
                  case '"' -> "&quot;";
                  case '\'' -> "&#39;";
                  default -> null;
                })
        .toString();
  }

  /** Appends {@code s} to {@code b}, each character that {@code replacement} maps replaced. */
  private static StringBuilder escaped(StringBuilder b, String s, IntFunction<String> replacement) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = replacement.apply(c);
      if (r == null) {
        b.append(c);
      } else {
        b.append(r);
      }
    }
    return b;
  }
}
