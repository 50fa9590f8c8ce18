package dev.openaift.api;

/**
 * One {@code model} object of {@code GET /models}.
 *
 * @param created unix seconds, or null when the API did not say
 * @param ownedBy {@code system}, {@code openai} or the organisation that fine-tuned it
 */
public record ModelEntry(String id, Long created, String ownedBy) {
  /** Whether this is a fine-tuned model ({@code ft:...}) rather than a base model. */
  public boolean fineTuned() {
    return id != null && id.startsWith("ft:");
  }
}
