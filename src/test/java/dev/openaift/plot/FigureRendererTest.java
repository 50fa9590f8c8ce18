package dev.openaift.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class FigureRendererTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  static Figure lossFigure(int n) {
    double[] x = new double[n];
    double[] y = new double[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = 2 * Math.exp(-i / (n / 3.0)) + 0.15 * Math.sin(i * 1.7);
      s[i] = 2 * Math.exp(-i / (n / 3.0));
    }
    double[] lo = Arrays.stream(s).map(v -> v - 0.1).toArray();
    double[] hi = Arrays.stream(s).map(v -> v + 0.1).toArray();
    return new Figure(
        "Loss",
        "step",
        "loss",
        List.of(
            Trace.band("valid band", x, lo, hi, Palette.VALIDATION),
            Trace.of("train loss", x, y, Style.RAW_LINE, Palette.TRAIN),
            Trace.of("train loss (smoothed)", x, s, Style.SMOOTH_LINE, Palette.TRAIN),
            Trace.of(
                "full valid",
                new double[] {n / 2.0, n},
                new double[] {1, 0.5},
                Style.MARKERS,
                Palette.FULL_VALIDATION),
            Trace.of("empty", new double[0], new double[0], Style.RAW_POINTS, Palette.VALIDATION)),
        List.of(n / 2.0, (double) n));
  }

  /** The y axis tick labels XChart drew (it keeps them on its tick calculator after painting). */
  @SuppressWarnings("unchecked")
  static List<String> yTickLabels(XYChart chart) throws ReflectiveOperationException {
    BitmapEncoder.getBufferedImage(chart);
    java.lang.reflect.Field pair =
        org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("axisPair");
    pair.setAccessible(true);
    Object axes = pair.get(chart);
    java.lang.reflect.Method y = axes.getClass().getDeclaredMethod("getYAxis");
    y.setAccessible(true);
    org.knowm.xchart.internal.chartpart.Axis<?, ?> axis =
        (org.knowm.xchart.internal.chartpart.Axis<?, ?>) y.invoke(axes);
    return axis.getAxisTickCalculator().getTickLabels();
  }

  /** A learning-rate schedule: linear warm-up to {@code peak}, then linear decay to 0. */
  static Figure schedule(double peak) {
    double[] x = new double[100];
    double[] y = new double[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i + 1;
      y[i] = i < 10 ? peak * (i + 1) / 10 : peak * (99 - i) / 89;
    }
    return new Figure(
        "learning_rate",
        "step",
        "rate",
        List.of(Trace.of("learning rate", x, y, Style.LINE, Palette.TRAIN)),
        List.of());
  }

  @Test
  void smallValuesKeepReadableDistinctTicks() throws Exception {
    for (double peak : new double[] {2e-5, 5e-4, 3e-7}) {
      List<String> ticks = yTickLabels(FigureRenderer.chart(schedule(peak), 900, 420));
      assertTrue(ticks.size() >= 3, peak + ": " + ticks);
      assertEquals(ticks.size(), new java.util.HashSet<>(ticks).size(), peak + ": " + ticks);
      // each label reads as a number, and the peak's tick is not 0
      double top = 0;
      for (String t : ticks) {
        top = Math.max(top, Double.parseDouble(t.replace(",", "")));
      }
      assertTrue(top >= peak * 0.9, peak + ": " + ticks);
    }
    // ordinary losses keep XChart's plain decimals
    List<String> loss = yTickLabels(FigureRenderer.chart(lossFigure(300), 900, 420));
    assertTrue(loss.stream().noneMatch(t -> t.contains("E")), loss.toString());
  }

  @Test
  void rendersAPngOfTheRequestedSize() throws Exception {
    byte[] png = FigureRenderer.png(lossFigure(300), 900, 420);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(900, img.getWidth());
    assertEquals(420, img.getHeight());
  }

  @Test
  void longSeriesAreDownsampledBeforeDrawing() {
    XYChart chart = FigureRenderer.chart(lossFigure(200_000), 900, 420);
    for (XYSeries series : chart.getSeriesMap().values()) {
      assertTrue(
          series.getXData().length <= FigureRenderer.MAX_POINTS,
          series.getName() + ": " + series.getXData().length);
    }
    assertEquals(
        List.of("valid band", "train loss", "train loss (smoothed)", "full valid"),
        chart.getSeriesMap().keySet().stream()
            .filter(k -> !k.equals(FigureRenderer.HIDDEN))
            .toList(),
        "empty traces are skipped, order kept");
  }

  @Test
  void anEmptyFigureStillRenders() throws Exception {
    Figure empty = new Figure("Nothing", "step", "loss", List.of(), List.of());
    List<byte[]> pngs = FigureRenderer.pngs(List.of(empty, lossFigure(50)), 300, 200);
    assertEquals(2, pngs.size());
    for (byte[] png : pngs) {
      assertEquals(300, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }
  }
}
