package dev.openaift.eval;

import java.util.Locale;

/** The per-example metrics; each gives a score in [0, 1] per example, or NaN where undefined. */
public enum Metric {
  /** The answer is exactly the reference. */
  EXACT(true),
  /** Equal after case, white space and punctuation are normalised. */
  NORMALISED_EXACT(true),
  /** The normalised reference appears in the normalised answer as whole tokens. */
  CONTAINS(true),
  /** Token F1 (see {@link TextMetrics}). */
  TOKEN_F1(false),
  /** The answer is one JSON value. */
  JSON_VALID(true),
  /** Field-by-field agreement of JSON answers (NaN where the reference is not JSON). */
  JSON_FIELDS(false),
  /**
   * The answer, mapped to a label, is the expected label (plus the confusion matrix and per-class
   * scores).
   */
  CLASSIFICATION(true);

  private final boolean binary;

  Metric(boolean binary) {
    this.binary = binary;
  }

  /**
   * The name used on the command line and in {@code eval.json} / {@code eval.csv}: the constant's
   * name in lower case.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a higher score is better. Every metric here scores agreement or validity in [0, 1], so
   * all are; a verdict ({@link Verdict}) reads the direction from here rather than assuming it.
   */
  public boolean higherIsBetter() {
    return true;
  }

  /** Yes/no scores (McNemar applies). */
  public boolean binary() {
    return binary;
  }

  /** The metric named {@code id} ({@code normalized_exact} and dashes accepted). */
  public static Metric of(String id) {
    String s =
        id.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace("normalized", "normalised");
    for (Metric m : values()) {
      if (m.id().equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + id + "'");
  }

  /**
   * One example's score (classification uses {@link Classification.Matcher} in {@link Evaluation}).
   */
  public double score(String answer, String reference) {
    return switch (this) {
      case EXACT -> TextMetrics.exact(answer, reference) ? 1 : 0;
      case NORMALISED_EXACT, CLASSIFICATION ->
          TextMetrics.normalisedExact(answer, reference) ? 1 : 0;
      case CONTAINS -> TextMetrics.contains(answer, reference) ? 1 : 0;
      case TOKEN_F1 -> TextMetrics.tokenF1(answer, reference);
      case JSON_VALID -> JsonMetrics.valid(answer) ? 1 : 0;
      case JSON_FIELDS -> JsonMetrics.fieldAgreement(answer, reference);
    };
  }
}
