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
 */
public record ResultTable(
    String format, StepTable table, Map<String, String> sourceColumns, List<String> warnings) {
  public ResultTable {
    sourceColumns = Map.copyOf(sourceColumns);
    warnings = List.copyOf(warnings);
  }

  /** Rows. */
  public int rows() {
    return table.rows();
  }
}
