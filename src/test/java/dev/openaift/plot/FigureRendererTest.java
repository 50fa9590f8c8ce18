package dev.openaift.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;

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
      // an area goes along its columns and back, two points per column each way
      int most =
          series.getXYSeriesRenderStyle() == XYSeriesRenderStyle.PolygonArea
                  && !series.getName().equals("valid band")
              ? 2 * FigureRenderer.MAX_POINTS
              : FigureRenderer.MAX_POINTS;
      assertTrue(
          series.getXData().length <= most, series.getName() + ": " + series.getXData().length);
    }
    assertEquals(
        List.of("valid band", "train loss", "train loss (smoothed)", "full valid"),
        chart.getSeriesMap().values().stream()
            .filter(XYSeries::isShowInLegend)
            .map(XYSeries::getName)
            .toList(),
        "empty traces are skipped, order kept");
  }

  /**
   * A line of {@code n} points alternating between 0 and 1 (a band on the page), then flat at 0.5.
   */
  private static Figure noisyThenFlat(int n, Style style) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = i < n / 2 ? i % 2 : 0.5;
    }
    return new Figure(
        "grad_norm",
        "step",
        "norm",
        List.of(Trace.of("grad norm", x, y, style, "#1f77b4")),
        List.of());
  }

  private static XYSeries series(XYChart chart, XYSeriesRenderStyle style) {
    return chart.getSeriesMap().values().stream()
        .filter(s -> s.getXYSeriesRenderStyle() == style)
        .findFirst()
        .orElseThrow(() -> new AssertionError(style + " in " + chart.getSeriesMap().keySet()));
  }

  @Test
  void aLongLineThatIsABandOnThePageIsDrawnAsTheAreaItCovers() {
    for (Style style : List.of(Style.RAW_LINE, Style.SMOOTH_LINE)) {
      XYChart chart = FigureRenderer.chart(noisyThenFlat(200_000, style), 900, 420);
      XYSeries legend = chart.getSeriesMap().get("grad norm");
      assertEquals(1, legend.getXData().length, style + ": the legend's series draws nothing");
      assertEquals(XYSeriesRenderStyle.Line, legend.getXYSeriesRenderStyle());
      XYSeries area = series(chart, XYSeriesRenderStyle.PolygonArea);
      assertFalse(area.isShowInLegend());
      assertEquals(legend.getLineColor(), area.getFillColor(), style + ": the line's colour");
      assertTrue(area.getXData().length <= 2 * FigureRenderer.MAX_POINTS);
      // the polygon runs along the columns' highest values, then back along their lowest ones, at
      // the same x, from the first step to the last
      double[] x = area.getXData();
      double[] y = area.getYData();
      int n = y.length / 2;
      for (int i = 0; i < n; i++) {
        assertEquals(x[i], x[2 * n - 1 - i], 0.0, style + " point " + i);
      }
      assertEquals(1, x[0], 0.0);
      assertEquals(200_000, x[n - 1], 0.0);
      double pixel = 1.0 / (420 - 80);
      double half = (style == Style.RAW_LINE ? 0.5 : 1) * pixel;
      for (int i = 0; i < n; i++) {
        double hi = y[i];
        double lo = y[2 * n - 1 - i];
        if (i < n / 2 - 1) {
          assertEquals(1 + half, hi, 1e-12, style + " column " + i);
          assertEquals(-half, lo, 1e-12, style + " column " + i);
        } else if (i > n / 2 + 1) {
          // flat: as high as the line is wide, so it shows as the line would
          assertEquals(0.5 + half, hi, 1e-12, style + " column " + i);
          assertEquals(0.5 - half, lo, 1e-12, style + " column " + i);
        }
      }
    }
  }

  @Test
  void aSpikeOneStepWideKeepsItsHeight() throws Exception {
    // one step at 3.0 among 200,000 between 0.3 and 0.6: the area holds 3.0 across its column, so
    // its top is painted in the line's full tint, not a triangle fading out below it
    int n = 200_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = i == n / 2 ? 3.0 : 0.3 + 0.3 * (i % 2);
    }
    Figure f =
        new Figure(
            "loss",
            "step",
            "loss",
            List.of(Trace.of("train loss", x, y, Style.RAW_LINE, "#1f77b4")),
            List.of());
    XYSeries area = series(FigureRenderer.chart(f, 900, 420), XYSeriesRenderStyle.PolygonArea);
    double top = Arrays.stream(area.getYData()).max().orElseThrow();
    assertTrue(top > 3.0, "the area reaches the spike: " + top);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(FigureRenderer.png(f, 900, 420)));
    // the first row with any of the line's tint, and the first with at least half its strength
    // (the full tint, 70/255 of #1f77b4 over white, takes the red channel from 255 to 0xc2)
    int firstTinted = -1;
    int firstHalf = -1;
    for (int row = 0; row < img.getHeight() && firstHalf < 0; row++) {
      for (int col = 100; col < 700; col++) {
        int rgb = img.getRGB(col, row) & 0xffffff;
        int red = rgb >> 16;
        boolean tinted = (rgb & 0xff) - red > 8; // bluish, not the grey of text and grid
        if (tinted && firstTinted < 0) {
          firstTinted = row;
        }
        if (tinted && red <= 255 - (255 - 0xc2) / 2) {
          firstHalf = row;
        }
      }
    }
    assertTrue(firstTinted >= 0 && firstHalf >= 0, firstTinted + " " + firstHalf);
    assertTrue(
        firstHalf - firstTinted <= 2,
        "half the tint from row " + firstHalf + ", the first tinted row is " + firstTinted);
  }

  @Test
  void aLineIsKeptWhereItStaysThinOrIsShort() {
    // a long schedule: its columns are under a pixel high, so its points are drawn as a line
    double[] x = new double[200_000];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
      y[i] = 1 - (double) i / x.length;
    }
    Figure schedule =
        new Figure(
            "learning_rate",
            "step",
            "rate",
            List.of(Trace.of("learning rate", x, y, Style.LINE, Palette.TRAIN)),
            List.of());
    // a short noisy line and a long one of points are never areas
    for (Figure f :
        List.of(
            schedule,
            noisyThenFlat(FigureRenderer.MAX_POINTS, Style.RAW_LINE),
            noisyThenFlat(200_000, Style.RAW_POINTS))) {
      XYChart chart = FigureRenderer.chart(f, 900, 420);
      assertTrue(
          chart.getSeriesMap().values().stream()
              .noneMatch(s -> s.getXYSeriesRenderStyle() == XYSeriesRenderStyle.PolygonArea),
          f.title() + " " + f.traces().get(0).style());
      assertTrue(chart.getSeriesMap().values().iterator().next().getXData().length > 2);
    }
  }

  @Test
  void anAreaIsPaintedOnceInTheLinesColour() throws Exception {
    // the faint raw line's strokes overlapped one another, darker where they crossed; its area is
    // one even tint of the line's colour across the noisy half
    BufferedImage img =
        ImageIO.read(
            new ByteArrayInputStream(
                FigureRenderer.png(noisyThenFlat(200_000, Style.RAW_LINE), 900, 420)));
    Map<Integer, Integer> colours = new TreeMap<>();
    for (int px = 150; px < 300; px++) {
      colours.merge(img.getRGB(px, 210) & 0xffffff, 1, Integer::sum);
    }
    // all but the pixels of the two vertical grid lines under it
    int rgb = Collections.max(colours.entrySet(), Map.Entry.comparingByValue()).getKey();
    assertTrue(colours.get(rgb) >= 144, "colours across the band's middle: " + colours);
    double alpha = 70 / 255.0;
    int[] line = {0x1f, 0x77, 0xb4};
    for (int k = 0; k < 3; k++) {
      int got = (rgb >> (16 - 8 * k)) & 0xff;
      double want = line[k] * alpha + 255 * (1 - alpha);
      assertEquals(want, got, 1.5, "channel " + k + " of " + Integer.toHexString(rgb));
    }
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
