package dev.openaift.models;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * What asking a model costs, from the price table's {@code inference} entry.
 *
 * @param model the model asked (as given)
 * @param inputPer1m US dollars per 1M prompt tokens
 * @param outputPer1m US dollars per 1M completion tokens
 * @param fineTuned whether these are the fine-tuned prices ({@code ft:...} models and checkpoints)
 * @param asOf the date the prices were taken ({@code yyyy-mm-dd})
 */
public record InferencePrice(
    String model, BigDecimal inputPer1m, BigDecimal outputPer1m, boolean fineTuned, String asOf) {
  public InferencePrice {
    Objects.requireNonNull(inputPer1m, "inputPer1m");
    Objects.requireNonNull(outputPer1m, "outputPer1m");
  }

  /** US dollars for this many prompt and completion tokens. */
  public BigDecimal cost(long promptTokens, long completionTokens) {
    return inputPer1m
        .multiply(BigDecimal.valueOf(promptTokens))
        .add(outputPer1m.multiply(BigDecimal.valueOf(completionTokens)))
        .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
  }
}
