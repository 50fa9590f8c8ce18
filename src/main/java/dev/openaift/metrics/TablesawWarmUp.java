package dev.openaift.metrics;

import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Loads Tablesaw in the background. Its {@code Table} class scans the class path when it is first
 * used (about 0.35 s with the shaded jar), so the scan runs on the second core while the files are
 * read and parsed. The calling thread touches no Tablesaw class until {@link #await()} returns, so
 * the two threads never initialise classes against each other.
 */
final class TablesawWarmUp {

  private static Thread thread;

  private TablesawWarmUp() {}

  /** Starts the warm-up once; later calls do nothing. */
  static synchronized void start() {
    if (thread == null) {
      thread = new Thread(TablesawWarmUp::warmUp, "tablesaw-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Waits for a started warm-up to finish; returns at once when none was started. */
  static void await() {
    Thread t;
    synchronized (TablesawWarmUp.class) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warmUp() {
    Table t = Table.create("warm-up",
        LongColumn.create("step", new long[] {1, 2}),
        IntColumn.create("epoch", new int[] {1, 1}),
        DoubleColumn.create("x", new double[] {1, Double.NaN}));
    t.summarize(java.util.List.of("step", "x"), min, max, sum).by("epoch").sortAscendingOn("epoch");
  }
}
