package dev.openaift.plot;

import java.util.List;

/**
 * A chart to draw: traces in drawing order (first is at the back) and dashed vertical lines.
 *
 * @param title the chart title
 * @param xLabel the x axis title
 * @param yLabel the y axis title
 * @param traces what to draw, back to front; empty traces are skipped
 * @param verticalLines x positions of dashed vertical lines (epoch ends)
 */
public record Figure(
    String title, String xLabel, String yLabel, List<Trace> traces, List<Double> verticalLines) {
  public Figure {
    traces = List.copyOf(traces);
    verticalLines = List.copyOf(verticalLines);
  }
}
