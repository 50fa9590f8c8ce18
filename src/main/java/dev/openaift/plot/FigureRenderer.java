package dev.openaift.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link Figure}s to PNG with XChart, headless, with fixed fonts and sizes so the same input
 * gives the same picture. Every trace is downsampled first to at most {@link #MAX_POINTS} points
 * (min/max per column for faint raw lines, largest-triangle-three-buckets otherwise), so drawing
 * time does not depend on the length of the job. A long line that is a band on the page (see {@link
 * #AREA_FROM_PX}) is drawn as the area it covers, of at most {@code 2 * MAX_POINTS} points.
 */
public final class FigureRenderer {
  /** the most points drawn per trace */
  public static final int MAX_POINTS = 1000;

  /** name of the invisible series added by {@link #breakEqualSpacing} */
  static final String HIDDEN = " ";

  /**
   * A line of more than {@link #MAX_POINTS} points whose columns ({@code MAX_POINTS / 2} of equal
   * width in x) span this many pixels of height or more on average is drawn as the area it covers:
   * per column, its lowest to its highest value held across the column (so a spike one step wide
   * keeps its full height), widened by half the line's width (what the line's stroke adds), filled
   * in the line's colour, with the line in the legend. Such a line (a raw loss, or a gradient norm
   * smoothed lightly, over 200,000 steps) is a band on the page anyway; XChart drew it segment by
   * segment, each one a tall stroke, where the area is one fill. Measured 2026-12-07 on a
   * 200,000-step Trainer report: the gradient-norm figure 50 against 130 ms, the loss figure 75
   * against 95 ms. A line that stays thin (a schedule, a smooth curve) keeps its points, and no
   * line of up to {@link #MAX_POINTS} points changes.
   */
  static final double AREA_FROM_PX = 2;

  /**
   * The figure's height less the plot's: the title, the x axis, its title and the paddings (a
   * 900x420 figure's plot is about 340 pixels high). Pixels are only estimated from it, for {@link
   * #AREA_FROM_PX} and the widening.
   */
  private static final int FRAME_PX = 80;

  private static final String FONT = Font.SANS_SERIF;

  private static final Color INK = new Color(0x33, 0x33, 0x33);
  private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * The figures' fonts, one place for the charts that use them and for {@link #startGraphics},
   * which must start the same ones; made after the headless setting above (a font loads the
   * graphics library).
   */
  static final Font TITLE_FONT = new Font(FONT, Font.BOLD, 14);

  static final Font AXIS_TITLE_FONT = new Font(FONT, Font.PLAIN, 12);
  static final Font LABEL_FONT = new Font(FONT, Font.PLAIN, 11);

  private FigureRenderer() {}

  /**
   * Starts what every first figure of a run starts once, whichever thread draws it: the graphics
   * environment and its loops, the figures' fonts (fontconfig, the font file, text layout) and the
   * anti-aliasing rasteriser, by measuring two labels and drawing a short line on a small image
   * that is thrown away. About 90 ms of CPU cold (2026-12-07, one JVM with the launcher's flags: 35
   * ms the graphics, 37 ms the text, 14 ms the line); done first on one thread, the pages' two
   * threads do not both wait on it. A failure is kept, not thrown: the first figure throws it, so
   * that a broken graphics setup (no font library, no fonts) is reported by its own error, not by
   * the class that could not be initialised after it.
   */
  public static void startGraphics() {
    try {
      drawOnce();
    } catch (RuntimeException | Error e) {
      startFailure = e;
    }
  }

  /** What {@link #startGraphics} met, or null. */
  private static volatile Throwable startFailure;

  private static void drawOnce() {
    BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (Font f : List.of(TITLE_FONT, LABEL_FONT)) {
        new TextLayout("step 0.5", f, g.getFontRenderContext()).getBounds();
      }
      g.setStroke(new BasicStroke(1f));
      Path2D.Double line = new Path2D.Double();
      line.moveTo(0, 0);
      line.lineTo(30, 20);
      line.lineTo(60, 5);
      g.draw(line);
    } finally {
      g.dispose();
    }
  }

  /** The figure as PNG bytes of {@code width} x {@code height} pixels. */
  public static byte[] png(Figure figure, int width, int height) {
    Throwable failed = startFailure;
    if (failed != null) {
      throw new IllegalStateException("the graphics could not start: " + failed, failed);
    }
    // XChart draws on an opaque RGB image; PngEncoder writes it without ImageIO
    return PngEncoder.encode(BitmapEncoder.getBufferedImage(chart(figure, width, height)));
  }

  /** Every figure as PNG, in order. */
  public static List<byte[]> pngs(List<Figure> figures, int width, int height) {
    List<byte[]> out = new ArrayList<>();
    for (Figure f : figures) {
      out.add(png(f, width, height));
    }
    return out;
  }

  /** The XChart chart for a figure (package-private for tests that look at series names). */
  static XYChart chart(Figure figure, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(figure.title())
            .xAxisTitle(figure.xLabel())
            .yAxisTitle(figure.yLabel())
            .build();
    style(chart);
    Areas areas = new Areas(figure, height);
    int plotted = 0;
    for (Trace trace : figure.traces()) {
      if (trace.size() > 0 && add(chart, trace, areas)) {
        plotted++;
      }
    }
    if (plotted == 0) {
      // XChart cannot draw an empty chart; one invisible point keeps the axes and the title.
      XYSeries empty = chart.addSeries("(no data)", new double[] {0}, new double[] {0});
      empty.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      empty.setMarker(SeriesMarkers.NONE);
      empty.setShowInLegend(false);
      chart.getStyler().setLegendVisible(false);
    }
    if (plotted > 0) {
      breakEqualSpacing(chart);
    }
    for (double x : figure.verticalLines()) {
      chart.addAnnotation(new AnnotationLine(x, true, false));
    }
    return chart;
  }

  /**
   * XChart puts ticks on the data values themselves when all x (or y) values are equally spaced,
   * which gives unreadable axes such as 1, 13, 25, ... for a plain step series. One invisible point
   * at an off-grid position inside the data range keeps the usual round-number ticks.
   */
  private static void breakEqualSpacing(XYChart chart) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (XYSeries s : chart.getSeriesMap().values()) {
      for (double x : s.getXData()) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
      for (double y : s.getYData()) {
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    double x = minX + (maxX - minX) * 0.5123457;
    double y = minY + (maxY - minY) * 0.4876543;
    XYSeries hidden = chart.addSeries(HIDDEN, new double[] {x}, new double[] {y});
    hidden.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    hidden.setMarker(SeriesMarkers.NONE);
    hidden.setShowInLegend(false);
    // Big numbers read better grouped (1,000,000) than in the default scientific form (1E6).
    if (Math.max(Math.abs(minX), Math.abs(maxX)) >= 10_000) {
      chart.getStyler().setXAxisDecimalPattern("#,##0");
    }
    if (Math.max(Math.abs(minY), Math.abs(maxY)) >= 10_000) {
      chart.getStyler().setYAxisDecimalPattern("#,##0");
    }
  }

  private static void style(XYChart chart) {
    var s = chart.getStyler();
    s.setAntiAlias(true);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setAxisTickLabelsColor(INK);
    s.setAxisTickMarksColor(GRID);
    s.setChartFontColor(INK);
    s.setChartTitleFont(TITLE_FONT);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(LABEL_FONT);
    s.setLegendFont(LABEL_FONT);
    s.setLegendPosition(LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendPadding(6);
    s.setChartPadding(8);
    s.setMarkerSize(7);
    s.setAnnotationLineColor(new Color(0x9a, 0x9a, 0x9a));
    s.setAnnotationLineStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
    s.setToolTipsEnabled(false);
    s.setCursorEnabled(false);
  }

  private static boolean add(XYChart chart, Trace t, Areas areas) {
    Color c = Color.decode(t.color());
    XYSeries series;
    if (addArea(chart, t, c, areas)) {
      return true;
    }
    switch (t.style()) {
      case BAND -> {
        double[][] env = Downsample.envelope(t.x(), t.y(), t.upper(), MAX_POINTS / 2);
        int n = env[0].length;
        if (n == 0) {
          return false;
        }
        double[][] outline = outline(env[0], env[1], env[2]);
        series = chart.addSeries(t.name(), outline[0], outline[1]);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setFillColor(withAlpha(c, 56));
        series.setLineColor(withAlpha(c, 0));
        series.setMarker(SeriesMarkers.NONE);
      }
      case RAW_LINE -> {
        int[] keep = Downsample.minMax(t.x(), t.y(), MAX_POINTS / 2 - 1);
        if (keep.length == 0) {
          return false;
        }
        series =
            chart.addSeries(t.name(), Downsample.pick(t.x(), keep), Downsample.pick(t.y(), keep));
        decorate(series, Style.RAW_LINE, c);
      }
      default -> {
        int[] keep = Downsample.lttb(t.x(), t.y(), MAX_POINTS);
        if (keep.length == 0) {
          return false;
        }
        series =
            chart.addSeries(t.name(), Downsample.pick(t.x(), keep), Downsample.pick(t.y(), keep));
        decorate(series, t.style(), c);
      }
    }
    return true;
  }

  /**
   * Draws a long line as the area it covers (see {@link #AREA_FROM_PX}) when {@link Areas} found it
   * a band on the page: a one-point series that only puts the line in the legend, then the area,
   * out of the legend. False otherwise: it is drawn as a line.
   */
  private static boolean addArea(XYChart chart, Trace t, Color c, Areas areas) {
    double[][] ranges = areas.band(t);
    if (ranges == null) {
      return false;
    }
    int n = ranges[0].length;
    double half = lineWidth(t.style()) / 2 * areas.pixel();
    // each column's lowest and highest value held from its start to its end
    double[] x = new double[2 * n];
    double[] lower = new double[2 * n];
    double[] upper = new double[2 * n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = ranges[0][i];
      x[2 * i + 1] = ranges[1][i];
      lower[2 * i] = lower[2 * i + 1] = ranges[2][i] - half;
      upper[2 * i] = upper[2 * i + 1] = ranges[3][i] + half;
    }
    double[][] outline = outline(x, lower, upper);
    XYSeries legend =
        chart.addSeries(t.name(), new double[] {ranges[0][0]}, new double[] {ranges[2][0]});
    decorate(legend, t.style(), c);
    XYSeries area = chart.addSeries(areas.hiddenName(chart), outline[0], outline[1]);
    area.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    area.setFillColor(legend.getLineColor());
    area.setLineStyle(SeriesLines.NONE);
    area.setMarker(SeriesMarkers.NONE);
    area.setShowInLegend(false);
    return true;
  }

  /**
   * The closed outline of the area between {@code lower} and {@code upper} at {@code x}, as
   * XChart's PolygonArea draws it: along the upper edge, then back along the lower one.
   *
   * @return {@code {x, y}} of the outline's points
   */
  private static double[][] outline(double[] x, double[] lower, double[] upper) {
    int n = x.length;
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x[i];
      py[i] = upper[i];
      px[2 * n - 1 - i] = x[i];
      py[2 * n - 1 - i] = lower[i];
    }
    return new double[][] {px, py};
  }

  /**
   * Which of a figure's long lines are bands on the page, and what they need to be drawn as areas:
   * each one's extent per column ({@link Downsample#columnRanges}), the height of a pixel in y
   * units (estimated from the range of all the figure's values, which XChart's axis spans about,
   * and the figure's height), and names for the areas' series that no trace has. A long line's
   * range is taken from its columns, so its points are gone through once.
   */
  private static final class Areas {
    private final Map<Trace, double[][]> bands = new IdentityHashMap<>();
    private final double pixel;
    private final Set<String> names = new HashSet<>();

    Areas(Figure figure, int height) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      Map<Trace, double[][]> columns = new IdentityHashMap<>();
      for (Trace t : figure.traces()) {
        names.add(t.name());
        if (isLongLine(t)) {
          double[][] r = Downsample.columnRanges(t.x(), t.y(), MAX_POINTS / 2);
          columns.put(t, r);
          for (int i = 0; i < r[0].length; i++) {
            min = Math.min(min, r[2][i]);
            max = Math.max(max, r[3][i]);
          }
          continue;
        }
        for (double[] ys : new double[][] {t.y(), t.upper()}) {
          if (ys == null) {
            continue;
          }
          for (double v : ys) {
            if (Double.isFinite(v)) {
              min = Math.min(min, v);
              max = Math.max(max, v);
            }
          }
        }
      }
      pixel = max > min ? (max - min) / Math.max(height - FRAME_PX, 40) : 0;
      for (Map.Entry<Trace, double[][]> e : columns.entrySet()) {
        double[][] r = e.getValue();
        int n = r[0].length;
        double spread = 0;
        for (int i = 0; i < n; i++) {
          spread += r[3][i] - r[2][i];
        }
        if (n > 0 && pixel > 0 && spread / n >= AREA_FROM_PX * pixel) {
          bands.put(e.getKey(), r);
        }
      }
    }

    /** A line longer than {@link #MAX_POINTS}. */
    private static boolean isLongLine(Trace t) {
      return t.size() > MAX_POINTS
          && (t.style() == Style.RAW_LINE
              || t.style() == Style.SMOOTH_LINE
              || t.style() == Style.LINE);
    }

    /** The columns of a long line that is a band on the page; null for any other trace. */
    double[][] band(Trace t) {
      return bands.get(t);
    }

    double pixel() {
      return pixel;
    }

    /** A series name no trace of the figure has and the chart does not hold yet. */
    String hiddenName(XYChart chart) {
      for (int i = 1; ; i++) {
        String name = "\u0000area " + i;
        if (!names.contains(name) && !chart.getSeriesMap().containsKey(name)) {
          return name;
        }
      }
    }
  }

  private static float lineWidth(Style style) {
    return style == Style.RAW_LINE ? 1f : 2f;
  }

  private static void decorate(XYSeries series, Style style, Color c) {
    switch (style) {
      case RAW_LINE -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(withAlpha(c, 70));
        series.setLineWidth(lineWidth(style));
        series.setMarker(SeriesMarkers.NONE);
      }
      case SMOOTH_LINE, LINE -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(c);
        series.setLineWidth(lineWidth(style));
        series.setMarker(SeriesMarkers.NONE);
      }
      case RAW_POINTS -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(marker(style));
        series.setMarkerColor(withAlpha(c, 120));
      }
      case MARKERS -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(withAlpha(c, 150));
        series.setLineWidth(1f);
        series.setMarker(marker(style));
        series.setMarkerColor(c);
      }
      case CHECKPOINTS -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(scaled(marker(style), 2.0));
        series.setMarkerColor(c);
      }
      case HIGHLIGHT -> {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(scaled(marker(style), 1.7));
        series.setMarkerColor(c);
      }
      default -> throw new IllegalStateException("style " + style + " is drawn elsewhere");
    }
  }

  private static Marker marker(Style style) {
    return switch (style.marker()) {
      case CIRCLE -> SeriesMarkers.CIRCLE;
      case DIAMOND -> SeriesMarkers.DIAMOND;
      case SQUARE -> SeriesMarkers.SQUARE;
    };
  }

  /** A marker drawn {@code factor} times the styler's marker size (XChart has one size for all). */
  private static Marker scaled(Marker inner, double factor) {
    return new Marker() {
      @Override
      public void paint(Graphics2D g, double x, double y, int size) {
        inner.paint(g, x, y, (int) Math.round(size * factor));
      }
    };
  }

  private static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }
}
