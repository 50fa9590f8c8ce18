package dev.openaift.retirement;

import java.time.LocalDate;

/**
 * When one model stops answering.
 *
 * @param model the model asked about
 * @param date its shutdown date, or null when none is announced
 * @param daysLeft days from today to {@code date} (0 on the day, negative once it has passed), or
 *     null without a date
 * @param source where the date came from
 * @param sourceLabel how that source is named where the date is shown ({@code azure table (October
 *     2027)}), or null for {@code source}'s own label
 */
public record Shutdown(
    String model, LocalDate date, Long daysLeft, DateSource source, String sourceLabel) {
  public Shutdown(String model, LocalDate date, Long daysLeft, DateSource source) {
    this(model, date, daysLeft, source, null);
  }

  /**
   * Where the date came from, for people: {@code models api}, {@code azure table (October 2027)}.
   */
  public String from() {
    return sourceLabel != null ? sourceLabel : source.label();
  }

  /** Whether a date is known. */
  public boolean known() {
    return date != null;
  }

  /** Whether the model has shut down (its date is today or earlier). */
  public boolean past() {
    return daysLeft != null && daysLeft <= 0;
  }

  /** Whether the date is known and at most {@code days} away (or past). */
  public boolean within(long days) {
    return daysLeft != null && daysLeft <= days;
  }
}
