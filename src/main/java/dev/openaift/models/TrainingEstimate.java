package dev.openaift.models;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What a training run on a file would bill, following OpenAI's cookbook ("Data preparation and
 * analysis for chat model fine-tuning").
 *
 * <p>Epochs chosen by the service when none are given: 3; but when {@code n × 3 < 100} (too few
 * examples) {@code min(25, ceil(100 / n))}, and when {@code n × 3 > 25,000} {@code max(1,
 * floor(25,000 / n))}. Billed tokens per epoch = sum over examples of {@code min(tokens, context
 * limit)}; total = per epoch × epochs; cost = total × price per 1M tokens / 1,000,000, rounded to
 * cents.
 *
 * @param billedTokensPerEpoch tokens billed for one pass over the file
 * @param epochs the epochs used for the estimate
 * @param epochsGiven whether {@code epochs} was given by the user (else the service's default rule)
 * @param billedTokensTotal per epoch × epochs
 * @param pricePer1m the model's training price per 1M tokens, empty for an unknown model
 * @param cost the estimated cost in US dollars (2 decimals), empty for an unknown model
 */
public record TrainingEstimate(
    long billedTokensPerEpoch,
    int epochs,
    boolean epochsGiven,
    long billedTokensTotal,
    Optional<BigDecimal> pricePer1m,
    Optional<BigDecimal> cost) {

  public static final int DEFAULT_EPOCHS = 3;
  public static final int MIN_TARGET_EXAMPLES = 100;
  public static final int MAX_TARGET_EXAMPLES = 25_000;
  public static final int MIN_DEFAULT_EPOCHS = 1;
  public static final int MAX_DEFAULT_EPOCHS = 25;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** The number of epochs the service picks for {@code examples} examples when none are given. */
  public static int autoEpochs(long examples) {
    if (examples <= 0) {
      return DEFAULT_EPOCHS;
    }
    if (examples * DEFAULT_EPOCHS < MIN_TARGET_EXAMPLES) {
      long ceil = (MIN_TARGET_EXAMPLES + examples - 1) / examples;
      return (int) Math.min(MAX_DEFAULT_EPOCHS, ceil);
    }
    if (examples * DEFAULT_EPOCHS > MAX_TARGET_EXAMPLES) {
      return (int) Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / examples);
    }
    return DEFAULT_EPOCHS;
  }

  /** Cost in dollars of {@code tokens} at {@code pricePer1m}, rounded half-up to cents. */
  public static BigDecimal cost(long tokens, BigDecimal pricePer1m) {
    return BigDecimal.valueOf(tokens).multiply(pricePer1m).divide(MILLION, 2, RoundingMode.HALF_UP);
  }

  /**
   * The estimate for a file.
   *
   * @param examples the number of examples (non-blank lines)
   * @param billedPerEpoch sum of min(tokens, context) over the examples
   * @param givenEpochs the user's epochs, or null for the service's choice
   * @param pricePer1m the price, or null when unknown
   */
  public static TrainingEstimate of(
      long examples, long billedPerEpoch, Integer givenEpochs, BigDecimal pricePer1m) {
    int epochs = givenEpochs != null ? givenEpochs : autoEpochs(examples);
    long total = Math.multiplyExact(billedPerEpoch, (long) epochs);
    Optional<BigDecimal> price = Optional.ofNullable(pricePer1m);
    return new TrainingEstimate(
        billedPerEpoch, epochs, givenEpochs != null, total, price, price.map(p -> cost(total, p)));
  }
}
