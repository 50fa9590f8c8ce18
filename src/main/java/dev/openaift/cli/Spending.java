package dev.openaift.cli;

import dev.openaift.models.Dollars;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The question before a command spends money on requests ({@code record}, {@code eval}, {@code jobs
 * create --classification}): an estimate from {@link #CONFIRM_FROM} on, or an unknown one, is
 * confirmed ({@link Confirmation}); a smaller one goes ahead unasked.
 */
final class Spending {
  /**
   * Estimated costs from this amount on (US dollars) need a confirmation; so does an unknown price.
   */
  static final BigDecimal CONFIRM_FROM = new BigDecimal("1.00");

  private Spending() {}

  /**
   * Whether to go ahead: asks {@code Spend about $1.20 on 96 requests to M? [y/N]} when the cost
   * calls for it.
   *
   * @param cost the estimate, empty when (partly) unknown
   * @param onWhat what the money goes on, e.g. {@code 96 requests to M}
   */
  static boolean confirm(
      CliContext context,
      UserInput input,
      PrintWriter err,
      boolean yes,
      Optional<BigDecimal> cost,
      String onWhat) {
    if (cost.isPresent() && cost.get().compareTo(CONFIRM_FROM) < 0) {
      return true;
    }
    String what =
        cost.map(c -> "spend about " + Dollars.of(c)).orElse("spend an unknown amount")
            + " on "
            + onWhat;
    return Confirmation.confirm(context, input, err, yes, what);
  }
}
