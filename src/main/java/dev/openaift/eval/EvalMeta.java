package dev.openaift.eval;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code eval.json}, {@code eval.csv} and the pages say about the run besides the scores.
 *
 * @param dataFile the data file as given
 * @param dataSha256 hex SHA-256 of its bytes
 * @param against {@code expected} or {@code recorded:MODEL}
 * @param lines the 1-based line of each example in the data file
 * @param prompts a short excerpt of each example's prompt (its last user message)
 * @param createdAt when the evaluation ran
 * @param judge the judge's results, or null when no judge was asked
 * @param referenceAnswered examples that have a reference (all of them against the expected
 *     answers; against a recording, those it answered)
 */
public record EvalMeta(
    String dataFile,
    String dataSha256,
    String against,
    long[] lines,
    String[] prompts,
    Instant createdAt,
    Judge.Result judge,
    int referenceAnswered) {
  public EvalMeta {
    Objects.requireNonNull(dataFile, "dataFile");
    Objects.requireNonNull(against, "against");
    Objects.requireNonNull(createdAt, "createdAt");
    if (lines.length != prompts.length) {
      throw new IllegalArgumentException("lines and prompts differ in length");
    }
    if (referenceAnswered < 0 || referenceAnswered > lines.length) {
      throw new IllegalArgumentException(
          "references for " + referenceAnswered + " of " + lines.length + " examples");
    }
  }

  /** The reference's name in tables: {@code expected} or the recorded model's name. */
  public String referenceName() {
    return against.startsWith("recorded:") ? against.substring("recorded:".length()) : "expected";
  }

  /** Whether some examples have no reference (a recording that did not answer them all). */
  public boolean partialReference() {
    return referenceAnswered < lines.length;
  }

  /** At most {@code max} characters of {@code text} on one line, with an ellipsis when cut. */
  public static String excerpt(String text, int max) {
    String one = text.replaceAll("\\s+", " ").strip();
    if (one.length() <= max) {
      return one;
    }
    int cut = max - 1;
    if (Character.isHighSurrogate(one.charAt(cut - 1))) {
      cut--;
    }
    return one.substring(0, cut) + "…";
  }
}
