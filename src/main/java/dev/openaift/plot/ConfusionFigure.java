package dev.openaift.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A confusion matrix drawn as a heat map with its counts written in the cells: expected labels down
 * the side (first label at the top), answers along the bottom, the out-of-set class as the last
 * column.
 */
public final class ConfusionFigure {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ConfusionFigure() {}

  /**
   * @param rows expected labels (one per matrix row)
   * @param columns predicted labels (one per matrix column)
   * @param counts {@code counts[row][column]}
   */
  public static byte[] png(
      String title,
      List<String> rows,
      List<String> columns,
      long[][] counts,
      int width,
      int height) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle("answer")
            .yAxisTitle("expected")
            .build();
    var s = chart.getStyler();
    s.setShowValue(true);
    s.setPlotContentSize(1.0);
    s.setDrawBorder(true);
    s.setLegendVisible(true);
    s.setLegendPosition(LegendPosition.OutsideE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setChartTitleFont(FigureRenderer.TITLE_FONT);
    s.setAxisTitleFont(FigureRenderer.AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(FigureRenderer.LABEL_FONT);
    s.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    s.setValueFontColor(new Color(0x22, 0x22, 0x22));
    s.setHeatMapValueDecimalPattern("#");
    s.setRangeColors(
        new Color[] {
          new Color(0xf7, 0xfb, 0xff), new Color(0x6b, 0xae, 0xd6), new Color(0x08, 0x51, 0x9c)
        });
    s.setXAxisLabelRotation(columns.size() > 6 ? 45 : 0);
    long max = 0;
    for (long[] r : counts) {
      for (long v : r) {
        max = Math.max(max, v);
      }
    }
    s.setMin(0);
    s.setMax(Math.max(1, max));
    // XChart draws the first y category at the bottom: reverse the rows so the first label is on
    // top
    List<String> ys = new ArrayList<>(rows);
    java.util.Collections.reverse(ys);
    List<Number[]> cells = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        cells.add(new Number[] {c, rows.size() - 1 - r, counts[r][c]});
      }
    }
    chart.addSeries("count", labels(columns), labels(ys), cells);
    return PngEncoder.encode(BitmapEncoder.getBufferedImage(chart));
  }

  /** Long labels are cut so the axis stays readable; the table beside the figure has them whole. */
  private static List<String> labels(List<String> in) {
    List<String> out = new ArrayList<>();
    for (String l : in) {
      String one = l.replaceAll("\\s+", " ");
      out.add(one.length() > 18 ? one.substring(0, 17) + "…" : one);
    }
    return out;
  }
}
