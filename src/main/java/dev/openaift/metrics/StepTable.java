package dev.openaift.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table keyed by step: the steps in ascending order, and named metric columns aligned with them,
 * in a fixed order (NaN marks a missing value). The arrays are shared, not copied: whoever builds a
 * table hands its arrays over and no one writes to them afterwards.
 *
 * <p>Plain arrays rather than a table library: Tablesaw 0.44 was used here until its class
 * initialisation (a scan of the whole class path, 0.6-0.9 s of CPU with the shaded jar) was found
 * to cost more than a whole 1,000-step report may take; everything this package does with the table
 * is a pass over aligned arrays.
 *
 * @param steps ascending, unique
 * @param columns metric name -> values, each as long as {@code steps}, in table order
 */
public record StepTable(long[] steps, Map<String, double[]> columns) {

  public StepTable {
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> c : columns.entrySet()) {
      if (c.getValue().length != steps.length) {
        throw new IllegalArgumentException(
            "column "
                + c.getKey()
                + " has "
                + c.getValue().length
                + " values for "
                + steps.length
                + " steps");
      }
      copy.put(c.getKey(), c.getValue());
    }
    columns = Collections.unmodifiableMap(copy);
  }

  /** Rows. */
  public int rows() {
    return steps.length;
  }

  /** The metric column names in table order ({@code step} is not one of them). */
  public List<String> names() {
    return List.copyOf(columns.keySet());
  }

  /** The values of a column, or null when there is no such column. */
  public double[] column(String name) {
    return columns.get(name);
  }

  /** The last step, 0 for an empty table. */
  public long lastStep() {
    return steps.length == 0 ? 0 : steps[steps.length - 1];
  }
}
