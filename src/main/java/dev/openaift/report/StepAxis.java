package dev.openaift.report;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Steps as the doubles a figure's x axis needs, converted once per steps array. The series of one
 * job share their steps array (every gap-free column uses the merged one), and each figure is drawn
 * twice (PNG and interactive): converting per trace made a million-step report allocate about 48 MB
 * of copies of the same axis. The arrays returned are shared: read them, never write.
 */
final class StepAxis {
  /**
   * Keyed by the steps array itself (arrays compare by identity), weakly: an entry goes when its
   * analysis does.
   */
  private static final Map<long[], double[]> CACHE = new WeakHashMap<>();

  private StepAxis() {}

  /** The steps as doubles, the same array for the same {@code steps} array. */
  static double[] of(long[] steps) {
    synchronized (CACHE) {
      double[] x = CACHE.get(steps);
      if (x == null) {
        x = new double[steps.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = steps[i];
        }
        CACHE.put(steps, x);
      }
      return x;
    }
  }
}
