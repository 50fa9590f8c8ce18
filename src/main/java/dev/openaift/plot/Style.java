package dev.openaift.plot;

/** How a {@link Trace} is drawn. */
public enum Style {
  /** the raw series as a thin, faint line (downsampled by min/max per pixel column) */
  RAW_LINE,
  /** a smoothed series as a solid line */
  SMOOTH_LINE,
  /** a series that is not noisy (a learning-rate schedule) as a solid line, as logged */
  LINE,
  /** raw points as small markers, no line (sparse validation estimates) */
  RAW_POINTS,
  /** a filled area between {@link Trace#y()} (lower edge) and {@link Trace#upper()} (upper edge) */
  BAND,
  /** a few important points as large circles with a thin connecting line (full validation) */
  MARKERS,
  /** checkpoints as diamonds, no line */
  CHECKPOINTS,
  /** one highlighted point (the best checkpoint) as a large square */
  HIGHLIGHT;

  /** A point marker's shape, named once for every drawing of it. */
  public enum Marker {
    CIRCLE,
    DIAMOND,
    SQUARE;

    /** {@code diamond}: the name the interactive page draws by and a caption says. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The marker of a point style: the PNG, the notebook's matplotlib code, the interactive page and
   * the figure's caption all take it from here, so they say and draw the same shape. Null for lines
   * and bands.
   */
  public Marker marker() {
    return switch (this) {
      case RAW_POINTS, MARKERS -> Marker.CIRCLE;
      case CHECKPOINTS -> Marker.DIAMOND;
      case HIGHLIGHT -> Marker.SQUARE;
      default -> null;
    };
  }
}
