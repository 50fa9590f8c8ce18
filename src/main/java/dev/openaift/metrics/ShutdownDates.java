package dev.openaift.metrics;

import java.time.LocalDate;

/**
 * When fine-tuned models stop answering, as the analysis needs it for its {@code model_shutdown}
 * finding. The owner of the dates ({@code retirement.Shutdowns}: tables, the models list, the
 * injected clock) implements it, so metrics needs nothing of retirement, nor of the API behind it.
 */
public interface ShutdownDates {
  /** When {@code model} shuts down, or null when no date is known. */
  ShutdownDate shutdownOf(String model);

  /**
   * A known shutdown date.
   *
   * @param date the day the model stops answering
   * @param daysLeft days from today to {@code date}: 0 on the day, negative once it has passed
   * @param from where the date came from, for people ({@code models api})
   */
  record ShutdownDate(LocalDate date, long daysLeft, String from) {}
}
