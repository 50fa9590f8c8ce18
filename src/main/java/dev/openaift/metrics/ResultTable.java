package dev.openaift.metrics;

import java.util.List;
import java.util.Map;

/**
 * A parsed result file mapped onto the canonical columns.
 *
 * @param format {@code current} or {@code legacy}
 * @param table the steps (ascending, unique), then the canonical metrics present in the file
 *     ({@link Canonical#NAMES} order), then the other numeric columns in file order under their
 *     original names; missing cells are NaN
 * @param sourceColumns canonical name -> original column name, for every canonical column present
 * @param warnings problems that did not stop the reading (one line each, naming file and line)
 * @param times each row's time as unix seconds with the fraction (Azure's {@code timestamp}
 *     column), NaN where a row has none; null when the file has no time column
 * @param totalSteps the steps the training was set to run when the file says so (a Trainer state's
 *     {@code max_steps}), else 0; a job's metrics events say it as {@code total_steps}
 */
public record ResultTable(
    String format,
    StepTable table,
    Map<String, String> sourceColumns,
    List<String> warnings,
    double[] times,
    long totalSteps) {
  public ResultTable {
    sourceColumns = Map.copyOf(sourceColumns);
    warnings = List.copyOf(warnings);
    if (times != null && times.length != table.rows()) {
      throw new IllegalArgumentException(
          times.length + " times for " + table.rows() + " rows of a result table");
    }
  }

  /** A table without a total of steps. */
  public ResultTable(
      String format,
      StepTable table,
      Map<String, String> sourceColumns,
      List<String> warnings,
      double[] times) {
    this(format, table, sourceColumns, warnings, times, 0);
  }

  /** A table without times nor a total of steps. */
  public ResultTable(
      String format, StepTable table, Map<String, String> sourceColumns, List<String> warnings) {
    this(format, table, sourceColumns, warnings, null, 0);
  }

  /** This table with the steps the training was set to run. */
  public ResultTable withTotalSteps(long total) {
    return new ResultTable(format, table, sourceColumns, warnings, times, total);
  }

  /** When the rows were written, or null when the file says nothing of it. */
  public StepTiming timing() {
    return StepTiming.of(table.steps(), times);
  }

  /** Rows. */
  public int rows() {
    return table.rows();
  }
}
