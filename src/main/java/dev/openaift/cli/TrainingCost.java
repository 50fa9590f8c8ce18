package dev.openaift.cli;

import dev.openaift.models.Dollars;
import dev.openaift.models.TrainingEstimate;
import dev.openaift.prepare.PrepareReport;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The estimated cost of a training run as the commands that start one ({@code jobs create}, {@code
 * retrain}) print it: one line for people, an object for {@code --json}.
 */
final class TrainingCost {
  private TrainingCost() {}

  /** {@code Estimated cost: $0.01 (2,700 billed tokens, 9 epochs)} or why there is none. */
  static String line(PrepareReport report) {
    if (report == null) {
      return "Estimated cost: not available (the training file was not checked; run 'openai-ft"
          + " prepare FILE').";
    }
    TrainingEstimate e = report.estimate();
    String tokens =
        String.format(
            Locale.ROOT,
            "%,d billed tokens over %d epoch%s%s",
            e.billedTokensTotal(),
            e.epochs(),
            e.epochs() == 1 ? "" : "s",
            e.epochsGiven() ? "" : ", the service's default for this file");
    if (e.cost().isEmpty()) {
      return "Estimated cost: unknown price for "
          + report.model().requested()
          + " ("
          + tokens
          + ").";
    }
    BigDecimal cost = e.cost().get();
    String dollars = Dollars.of(cost, e.billedTokensTotal());
    return "Estimated cost: "
        + dollars
        + " ("
        + tokens
        + "; prices as of "
        + report.pricesAsOf()
        + ").";
  }

  /**
   * The estimated cost in US dollars; empty when unknown (a price, or the file was not checked).
   */
  static Optional<BigDecimal> cost(PrepareReport report) {
    return report == null ? Optional.empty() : report.estimate().cost();
  }

  /**
   * Whether to start the job, after the estimate was printed: from $1.00 or an unknown cost it asks
   * on a terminal and refuses in a script without {@code --yes} ({@link Spending}), as {@code
   * record} and {@code eval} do before their requests.
   */
  static boolean confirm(
      CliContext context,
      UserInput input,
      PrintWriter err,
      boolean yes,
      PrepareReport report,
      String model) {
    return Spending.confirm(
        context, input, err, yes, cost(report), "a fine-tuning job on " + model);
  }

  static Map<String, Object> json(PrepareReport report) {
    if (report == null) {
      return null;
    }
    TrainingEstimate e = report.estimate();
    Map<String, Object> m = new TreeMap<>();
    m.put("billed_tokens_total", e.billedTokensTotal());
    m.put("billed_tokens_per_epoch", e.billedTokensPerEpoch());
    m.put("epochs", e.epochs());
    m.put("cost_usd", e.cost().map(BigDecimal::toPlainString).orElse(null));
    m.put("prices_as_of", report.pricesAsOf());
    return m;
  }
}
