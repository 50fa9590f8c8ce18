package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openaift.job.Checkpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTableTest {

  @Test
  void keepsColumnOrderAndRefusesColumnsOfAnotherLength() {
    Map<String, double[]> cols = new LinkedHashMap<>();
    cols.put("valid_loss", new double[] {Double.NaN, 2});
    cols.put("train_loss", new double[] {1, 0.5});
    StepTable t = new StepTable(new long[] {3, 7}, cols);
    assertEquals(List.of("valid_loss", "train_loss"), t.names());
    assertEquals(2, t.rows());
    assertEquals(7, t.lastStep());
    assertNull(t.column("step"));
    assertEquals(0, new StepTable(new long[0], Map.of()).lastStep());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StepTable(new long[] {1, 2}, Map.of("x", new double[] {1})));
    assertEquals("column x has 1 values for 2 steps", e.getMessage());
  }

  @Test
  void mergingEventsAndCheckpointsLeavesTheResultTableAsRead() {
    // the merge shares the result file's arrays and must copy a column before filling its gaps
    ResultTable results = TestData.csv("step,train_loss,valid_loss\n1,1.0,\n2,0.9,\n3,0.8,0.7\n");
    List<Checkpoint> checkpoints = List.of(TestData.checkpoint(2, Map.of("valid_loss", 0.75)));
    MergedMetrics m = MergedMetrics.merge(results, List.of(), checkpoints);
    assertArrayEquals(new double[] {Double.NaN, 0.75, 0.7}, m.columns().get("valid_loss"));
    assertArrayEquals(
        new double[] {Double.NaN, Double.NaN, 0.7}, results.table().column("valid_loss"));
    assertArrayEquals(new double[] {1.0, 0.9, 0.8}, m.columns().get("train_loss"));
  }
}
