package dev.openaift.plot;

import java.util.Objects;

/**
 * One drawn series of a {@link Figure}.
 *
 * @param name the legend label
 * @param x x values (steps), ascending
 * @param y y values, same length as {@code x}; for {@link Style#BAND} the lower edge
 * @param upper the upper edge of a {@link Style#BAND}, same length as {@code x}; null otherwise
 * @param style how to draw it
 * @param color the colour as {@code #rrggbb}
 */
public record Trace(
    String name, double[] x, double[] y, double[] upper, Style style, String color) {
  public Trace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(color, "color");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "trace " + name + ": " + x.length + " x values but " + y.length + " y values");
    }
    if (style == Style.BAND && (upper == null || upper.length != x.length)) {
      throw new IllegalArgumentException("band " + name + " needs an upper edge as long as x");
    }
  }

  /** A trace of any style but {@link Style#BAND}. */
  public static Trace of(String name, double[] x, double[] y, Style style, String color) {
    return new Trace(name, x, y, null, style, color);
  }

  /** A filled band between {@code lower} and {@code upper}. */
  public static Trace band(String name, double[] x, double[] lower, double[] upper, String color) {
    return new Trace(name, x, lower, upper, Style.BAND, color);
  }

  public int size() {
    return x.length;
  }
}
