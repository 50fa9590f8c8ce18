package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.job.ModelIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The base models the sandbox knows, read from the resource {@code base-models.json} (ids, aliases,
 * announced shutdown dates): listed by {@code GET /v1/models}, usable for chat until they shut
 * down, and accepted for fine-tuning. Aliases resolve to a dated snapshot in the job's {@code
 * model}, like the service.
 */
final class BaseModels {
  static final String RESOURCE = "base-models.json";

  record BaseModel(
      String id, long created, String ownedBy, List<String> aliases, LocalDate shutdownDate) {}

  static final List<BaseModel> ALL = load();

  private static final Map<String, String> ALIASES = aliases(ALL);

  private BaseModels() {}

  /** The dated snapshot for an id or alias, or empty when it is not a base model. */
  static Optional<BaseModel> find(String idOrAlias) {
    String id = ALIASES.getOrDefault(idOrAlias, idOrAlias);
    return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  static List<String> ids() {
    return ALL.stream().map(BaseModel::id).toList();
  }

  /**
   * The shutdown date of a base model, a fine-tuned model or a checkpoint ({@code ft:BASE:...}: its
   * base's date), with the platform's overrides; empty when none is announced or the model is
   * unknown.
   */
  static Optional<LocalDate> shutdownDate(String model, PlatformRules rules) {
    String base = ModelIds.base(model);
    Optional<BaseModel> b = find(base);
    if (b.isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalDate> override = rules.shutdownDates().get(b.get().id());
    if (override != null) {
      return override;
    }
    return Optional.ofNullable(b.get().shutdownDate());
  }

  /** Whether the model has shut down at {@code nowMs}: from its shutdown date (00:00 UTC) on. */
  static boolean isShutDown(String model, PlatformRules rules, long nowMs) {
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
    return shutdownDate(model, rules).map(d -> !today.isBefore(d)).orElse(false);
  }

  private static List<BaseModel> load() {
    try (InputStream in = BaseModels.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = Wire.MAPPER.readTree(in);
      List<BaseModel> out = new ArrayList<>();
      for (JsonNode m : root.path("models")) {
        List<String> aliases = new ArrayList<>();
        m.path("aliases").forEach(a -> aliases.add(a.asText()));
        JsonNode date = m.path("shutdown_date");
        out.add(
            new BaseModel(
                m.path("id").asText(),
                m.path("created").asLong(),
                m.path("owned_by").asText(),
                List.copyOf(aliases),
                date.isTextual() ? LocalDate.parse(date.asText()) : null));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in " + RESOURCE, e);
    }
  }

  private static Map<String, String> aliases(List<BaseModel> all) {
    Map<String, String> m = new LinkedHashMap<>();
    all.forEach(b -> b.aliases().forEach(a -> m.put(a, b.id())));
    return Map.copyOf(m);
  }
}
