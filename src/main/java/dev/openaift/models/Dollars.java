package dev.openaift.models;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one wording of an estimated cost in dollars, for every command that states one before
 * spending (prepare, jobs create, record, eval): cents, "less than $0.01" for a cost that rounds to
 * nothing, and how a partly unknown cost is said.
 */
public final class Dollars {
  private static final BigDecimal CENT = new BigDecimal("0.01");

  private Dollars() {}

  /** "$1.23", "$0.00" for nothing, "less than $0.01" for a positive cost under a cent. */
  public static String of(BigDecimal cost) {
    return cost.signum() > 0 && cost.compareTo(CENT) < 0
        ? "less than $0.01"
        : "$" + cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * As {@link #of}, for a cost already counted in whole cents: "less than $0.01" rather than $0.00
   * when {@code billedTokens} are billed.
   */
  public static String of(BigDecimal cost, long billedTokens) {
    return cost.signum() == 0 && billedTokens > 0 ? "less than $0.01" : of(cost);
  }

  /**
   * An estimate of which {@code known} is the part with known prices: {@link #of} when all prices
   * are known, else what can be said ("at least $1.20 (some prices unknown)", "unknown (no price
   * known)", "less than $0.01 for the known prices, more for the others").
   */
  public static String estimate(BigDecimal known, boolean someUnknown) {
    if (!someUnknown) {
      return of(known);
    }
    if (known.signum() == 0) {
      return "unknown (no price known)";
    }
    if (known.compareTo(CENT) < 0) {
      return "less than $0.01 for the known prices, more for the others (some prices unknown)";
    }
    return "at least " + of(known) + " (some prices unknown)";
  }
}
