package dev.openaift.plot;

/**
 * Fixed colours, so a metric has the same colour in every figure and in the notebook's matplotlib
 * code. Training is blue, minibatch validation orange, full validation green, checkpoints purple.
 */
public final class Palette {
  public static final String TRAIN = "#1f77b4";
  public static final String VALIDATION = "#ff7f0e";
  public static final String FULL_VALIDATION = "#2ca02c";
  public static final String CHECKPOINT = "#9467bd";
  public static final String BEST = "#d62728";
  public static final String EPOCH_LINE = "#9a9a9a";

  private static final String[] OTHERS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f"
  };

  private Palette() {}

  /**
   * The n-th colour of the cycle used for series without a role (extras, classification metrics).
   */
  public static String cycle(int n) {
    return OTHERS[Math.floorMod(n, OTHERS.length)];
  }
}
