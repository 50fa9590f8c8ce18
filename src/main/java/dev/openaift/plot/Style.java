package dev.openaift.plot;

/** How a {@link Trace} is drawn. */
public enum Style {
  /** the raw series as a thin, faint line (downsampled by min/max per pixel column) */
  RAW_LINE,
  /** a smoothed series as a solid line */
  SMOOTH_LINE,
  /** raw points as small markers, no line (sparse validation estimates) */
  RAW_POINTS,
  /** a filled area between {@link Trace#y()} (lower edge) and {@link Trace#upper()} (upper edge) */
  BAND,
  /** a few important points as large circles with a thin connecting line (full validation) */
  MARKERS,
  /** checkpoints as diamonds, no line */
  CHECKPOINTS,
  /** one highlighted point (the best checkpoint) as a large square */
  HIGHLIGHT
}
