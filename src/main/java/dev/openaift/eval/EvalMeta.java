package dev.openaift.eval;

import dev.openaift.record.Sampling;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param sampling how each model's answers were sampled, by name (the models evaluated and a
 *     recorded reference; from their recordings' headers), sorted by name
 */
public record EvalMeta(
    String dataFile,
    String dataSha256,
    String against,
    long[] lines,
    String[] prompts,
    Instant createdAt,
    Judge.Result judge,
    int referenceAnswered,
    Map<String, Sampling> sampling) {
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
    sampling = Collections.unmodifiableSortedMap(new TreeMap<>(sampling));
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
