package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
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

  /**
   * Reads a {@code model} object, from the API or from a models list a backup archived ({@code
   * models.json}), by {@link Json}'s field rules; a shutdown date that is not {@code YYYY-MM-DD} (a
   * longer timestamp keeps its date) is none.
   */
  public static ModelEntry fromJson(JsonNode n) {
    return ApiMapping.model(n);
  }

  /**
   * The fields this tool keeps, in the API's names: {@code id}, {@code created}, {@code owned_by},
   * {@code shutdown_date} ({@code YYYY-MM-DD} or null). The one encoding of a model entry, for the
   * archived models list and for {@code models list --json}.
   */
  public ObjectNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", id);
    n.put("created", created);
    n.put("owned_by", ownedBy);
    n.put("shutdown_date", shutdownDate == null ? null : shutdownDate.toString());
    return n;
  }

  /** Whether this is a fine-tuned model ({@code ft:...}) rather than a base model. */
  public boolean fineTuned() {
    return ModelIds.isFineTuned(id);
  }
}
