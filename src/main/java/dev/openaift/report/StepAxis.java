package dev.openaift.report;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Steps as the doubles a figure's x axis needs, converted once per steps array within one report.
 * The series of one job share their steps array (every gap-free column uses the merged one), and
 * each figure is drawn twice (PNG and interactive): converting per trace made a million-step report
 * allocate about 48 MB of copies of the same axis. One instance per report render, dropped with it;
 * the arrays returned are shared: read them, never write.
 */
final class StepAxis {
  /** Keyed by the steps array itself (arrays compare by identity). */
  private final Map<long[], double[]> made = new IdentityHashMap<>();

  /**
   * The steps as doubles, the same array for the same {@code steps} array; safe from the threads
   * that draw one report's figures together.
   */
  synchronized double[] of(long[] steps) {
    return made.computeIfAbsent(
        steps,
        s -> {
          double[] x = new double[s.length];
          for (int i = 0; i < x.length; i++) {
            x[i] = s[i];
          }
          return x;
        });
  }
}
