package dev.openaift.generate;

import dev.openaift.models.InferencePrice;
import dev.openaift.models.ModelCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * What generating costs, from the price table's inference prices ({@link
 * ModelCatalog#inferencePrice}).
 */
public final class Estimates {
  private Estimates() {}

  /**
   * US dollars for the tokens, rounded up to a tenth of a cent; null when the model's price is
   * unknown.
   */
  public static BigDecimal cost(
      ModelCatalog catalog, String model, long promptTokens, long completionTokens) {
    return catalog
        .inferencePrice(model)
        .map(p -> p.cost(promptTokens, completionTokens).setScale(4, RoundingMode.UP))
        .orElse(null);
  }

  /** One line for people: the estimate with the prices it used, or why there is none. */
  public static String describe(
      ModelCatalog catalog, String model, long promptTokens, long completionTokens) {
    Optional<InferencePrice> price = catalog.inferencePrice(model);
    if (price.isEmpty()) {
      return "Estimated cost: unknown (no inference price for \""
          + model
          + "\" in the price table; "
          + String.format(Locale.ROOT, "%,d", promptTokens)
          + " prompt and about "
          + String.format(Locale.ROOT, "%,d", completionTokens)
          + " output tokens).";
    }
    InferencePrice p = price.get();
    return "Estimated cost: $"
        + cost(catalog, model, promptTokens, completionTokens).toPlainString()
        + " ($"
        + p.inputPer1m().stripTrailingZeros().toPlainString()
        + " / $"
        + p.outputPer1m().stripTrailingZeros().toPlainString()
        + " per 1M input / output tokens for "
        + model
        + ", prices as of "
        + p.asOf()
        + "; they change: check them).";
  }
}
