package dev.openaift.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a report can be written as. */
public enum ReportFormat {
  /** {@code index.html}: one self-contained page */
  HTML,
  /** {@code report.ipynb}: a Jupyter notebook that redraws the figures from {@code metrics.csv} */
  IPYNB,
  /** {@code figures/*.png}: every figure as its own file */
  PNG,
  /** {@code summary.json}: the machine-readable summary with stable keys */
  JSON,
  /** {@code metrics.csv}: the canonical table with the smoothed columns (the notebook reads it) */
  CSV;

  /** The name used on the command line: the constant's name in lower case. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format with that name (case-insensitive). */
  public static ReportFormat fromId(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (ReportFormat f : values()) {
      if (f.id().equals(wanted)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format '" + name.trim() + "' (expected html, ipynb, png, json or csv)");
  }

  /** The formats of a comma-separated list such as {@code html,ipynb}. */
  public static Set<ReportFormat> parseList(String list) {
    Set<ReportFormat> out = EnumSet.noneOf(ReportFormat.class);
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(fromId(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no report format given (expected html, ipynb, png, json or csv)");
    }
    return out;
  }
}
