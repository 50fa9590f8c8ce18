package dev.openaift.models;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code prepare} knows about one fine-tunable model.
 *
 * @param name the model name as listed in the price table (a dated snapshot, e.g. {@code
 *     gpt-4o-mini-2024-07-18})
 * @param encoding the tokenizer encoding name ({@code o200k_base}, {@code cl100k_base})
 * @param contextTokens the longest training example the service accepts, in tokens; longer ones are
 *     truncated
 * @param trainingPer1m the price in US dollars per one million trained tokens
 * @param formats the training-file formats the model takes (all when the table does not say)
 */
public record ModelInfo(
    String name,
    String encoding,
    int contextTokens,
    BigDecimal trainingPer1m,
    Set<DatasetFormat> formats) {
  public ModelInfo {
    formats = Set.copyOf(formats);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(trainingPer1m, "trainingPer1m");
    if (contextTokens <= 0) {
      throw new IllegalArgumentException("context must be positive: " + contextTokens);
    }
    if (trainingPer1m.signum() < 0) {
      throw new IllegalArgumentException("price must not be negative: " + trainingPer1m);
    }
  }
}
