package dev.openaift.eval;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One model's answers, aligned with the examples by index.
 *
 * @param model the model's name
 * @param answers the answer per example, null where there is none
 * @param latencyMs per example, negative when unknown
 * @param promptTokens per example, negative when unknown
 * @param completionTokens per example, negative when unknown
 * @param inputPer1m US dollars per 1M input tokens, or null when unknown
 * @param outputPer1m US dollars per 1M output tokens, or null when unknown
 */
public record ModelAnswers(
    String model,
    String[] answers,
    long[] latencyMs,
    long[] promptTokens,
    long[] completionTokens,
    BigDecimal inputPer1m,
    BigDecimal outputPer1m) {
  public ModelAnswers {
    Objects.requireNonNull(model, "model");
    int n = answers.length;
    if (latencyMs.length != n || promptTokens.length != n || completionTokens.length != n) {
      throw new IllegalArgumentException("answers and usage arrays differ in length");
    }
  }

  /** Answers without usage figures or prices. */
  public static ModelAnswers of(String model, String... answers) {
    long[] none = new long[answers.length];
    java.util.Arrays.fill(none, -1);
    return new ModelAnswers(model, answers, none, none.clone(), none.clone(), null, null);
  }
}
