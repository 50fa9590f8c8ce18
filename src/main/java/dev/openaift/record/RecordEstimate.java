package dev.openaift.record;

import dev.openaift.api.ChatMessage;
import dev.openaift.models.Dollars;
import dev.openaift.models.InferencePrice;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.TokenCounter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What recording some examples will cost, before anything is sent: one request per example; the
 * prompt tokens counted with the model's tokenizer the way the chat format bills them (see {@link
 * TokenCounter}: 3 per message plus role, content and name, 3 to prime the reply); the answer
 * tokens estimated as the tokens of each example's expected answer (at most {@code maxTokens}),
 * which is what a model trained on such data tends to write; the price from the price table's
 * {@code inference} entry ({@link ModelCatalog#inferencePrice}).
 *
 * @param requests examples to ask
 * @param promptTokens tokens sent, counted
 * @param completionTokens tokens expected back, estimated
 * @param price the model's price, empty when the table has none
 */
public record RecordEstimate(
    int requests, long promptTokens, long completionTokens, Optional<InferencePrice> price) {

  /**
   * Answer tokens assumed for a prompt without an expected answer when neither {@code --max-tokens}
   * nor any expected answer of the file gives a better figure.
   */
  public static final long UNKNOWN_ANSWER_TOKENS = 256;

  /**
   * The estimate for asking {@code model} each of {@code examples}. An answer is assumed as long as
   * the expected one (at most {@code maxTokens}); for a prompt without an expected answer, {@code
   * maxTokens} when given (the most it can cost), else the mean of the file's expected answers,
   * else {@link #UNKNOWN_ANSWER_TOKENS}.
   */
  public static RecordEstimate of(
      String model, List<ChatExample> examples, Integer maxTokens, ModelCatalog catalog) {
    TokenCounter tokens = new TokenCounter(catalog.resolve(model).encoding());
    long in = 0;
    long out = 0;
    long known = 0;
    int withExpected = 0;
    for (ChatExample e : examples) {
      in += promptTokens(tokens, e.prompt());
      if (e.hasExpected()) {
        long answer = tokens.count(e.expected());
        known += answer;
        withExpected++;
        out += maxTokens == null ? answer : Math.min(answer, maxTokens);
      }
    }
    long unknownEach =
        maxTokens != null
            ? maxTokens
            : withExpected > 0 ? Math.round((double) known / withExpected) : UNKNOWN_ANSWER_TOKENS;
    out += unknownEach * (examples.size() - withExpected);
    return new RecordEstimate(examples.size(), in, out, catalog.inferencePrice(model));
  }

  /** The billed prompt tokens of one request. */
  public static long promptTokens(TokenCounter tokens, List<ChatMessage> messages) {
    long n = TokenCounter.REPLY_PRIMING;
    for (ChatMessage m : messages) {
      n += TokenCounter.TOKENS_PER_MESSAGE + tokens.count(m.role()) + tokens.count(m.content());
      if (m.name() != null) {
        n += tokens.count(m.name()) + TokenCounter.TOKENS_PER_NAME;
      }
    }
    return n;
  }

  /** US dollars, or empty when the price is unknown. */
  public Optional<BigDecimal> cost() {
    return price.map(p -> p.cost(promptTokens, completionTokens));
  }

  /**
   * The plan's line, the one wording {@code record} and {@code eval} print: {@code 96 requests to
   * ask (4 recorded before): about 12,345 prompt tokens and 2,345 answer tokens (estimated),
   * estimated cost $0.01 (...)}.
   *
   * @param already answers recorded before, said when not 0
   */
  public String planLine(int already) {
    String head =
        String.format(Locale.ROOT, "%,d %s", requests, requests == 1 ? "request" : "requests")
            + " to ask"
            + (already == 0 ? "" : " (" + already + " recorded before)");
    if (requests == 0) {
      return head + ".";
    }
    String tokens =
        String.format(
            Locale.ROOT,
            "about %,d prompt tokens and %,d answer tokens (estimated)",
            promptTokens,
            completionTokens);
    if (price.isEmpty()) {
      return head
          + ": "
          + tokens
          + "; cost unknown (no inference price for this model in the prices file).";
    }
    InferencePrice p = price.get();
    return head
        + ": "
        + tokens
        + ", estimated cost "
        + Dollars.of(cost().orElseThrow())
        + " ("
        + (p.fineTuned() ? "fine-tuned " : "")
        + listed(p.inputPer1m())
        + " in / "
        + listed(p.outputPer1m())
        + " out per 1M tokens, prices as of "
        + p.asOf()
        + ").";
  }

  /** A price as written in price lists: {@code $0.60}, {@code $15.00}, {@code $0.075}. */
  private static String listed(BigDecimal p) {
    return "$"
        + (p.scale() < 2
                ? p.setScale(2, RoundingMode.UNNECESSARY)
                : p.stripTrailingZeros().scale() < 2
                    ? p.setScale(2, RoundingMode.HALF_UP)
                    : p.stripTrailingZeros())
            .toPlainString();
  }
}
