package dev.openaift.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * One model's usage over its answers: latency percentiles, tokens, and the cost of 1,000 such
 * requests.
 *
 * @param requests answers counted
 * @param latencyP50Ms median latency, linear interpolation (NaN without latencies)
 * @param latencyP95Ms 95th percentile
 * @param promptTokens total tokens in (answers whose usage is unknown count 0 and are not in {@code
 *     withUsage})
 * @param completionTokens total tokens out
 * @param withUsage answers that carried token usage
 * @param costPer1000 US dollars for 1,000 requests of the mean size, or null when the price is
 *     unknown
 */
public record Usage(
    int requests,
    double latencyP50Ms,
    double latencyP95Ms,
    long promptTokens,
    long completionTokens,
    int withUsage,
    BigDecimal costPer1000) {

  /**
   * @param latencyMs per answer, negative when unknown
   * @param promptTokens per answer, negative when unknown
   * @param completionTokens per answer, negative when unknown
   * @param inputPer1m US dollars per 1M input tokens, or null
   * @param outputPer1m US dollars per 1M output tokens, or null
   */
  public static Usage of(
      long[] latencyMs,
      long[] promptTokens,
      long[] completionTokens,
      BigDecimal inputPer1m,
      BigDecimal outputPer1m) {
    int n = latencyMs.length;
    double[] lat = Arrays.stream(latencyMs).filter(v -> v >= 0).asDoubleStream().sorted().toArray();
    long in = 0;
    long out = 0;
    int with = 0;
    for (int i = 0; i < n; i++) {
      if (promptTokens[i] >= 0 && completionTokens[i] >= 0) {
        in += promptTokens[i];
        out += completionTokens[i];
        with++;
      }
    }
    BigDecimal cost = null;
    if (inputPer1m != null && outputPer1m != null && with > 0) {
      // 1,000 requests of the mean size: (in * pIn + out * pOut) / 1e6 / with * 1000
      BigDecimal total =
          inputPer1m
              .multiply(BigDecimal.valueOf(in))
              .add(outputPer1m.multiply(BigDecimal.valueOf(out)));
      cost =
          total
              .divide(
                  BigDecimal.valueOf(with).multiply(BigDecimal.valueOf(1000)),
                  MathContext.DECIMAL64)
              .stripTrailingZeros();
    }
    return new Usage(
        n, Paired.percentile(lat, 50), Paired.percentile(lat, 95), in, out, with, cost);
  }
}
