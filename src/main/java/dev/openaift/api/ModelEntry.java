package dev.openaift.api;

import dev.openaift.job.ModelIds;
import java.time.LocalDate;

/**
 * One {@code model} object of {@code GET /models}.
 *
 * @param created unix seconds, or null when the API did not say
 * @param ownedBy {@code system}, {@code openai} or the organisation that fine-tuned it
 * @param shutdownDate the API's {@code shutdown_date}, or null when it gives none (or an unreadable
 *     one)
 */
public record ModelEntry(String id, Long created, String ownedBy, LocalDate shutdownDate) {
  public ModelEntry(String id, Long created, String ownedBy) {
    this(id, created, ownedBy, null);
  }

  /** Whether this is a fine-tuned model ({@code ft:...}) rather than a base model. */
  public boolean fineTuned() {
    return ModelIds.isFineTuned(id);
  }
}
