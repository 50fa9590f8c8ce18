package dev.openaift.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The base models the sandbox knows: listed by {@code GET /v1/models}, usable for chat, and (all but
 * the aliases' targets being the same) accepted for fine-tuning. Aliases resolve to a dated snapshot
 * in the job's {@code model}, like the service.
 */
final class BaseModels {
  record BaseModel(String id, long created, String ownedBy) {}

  static final List<BaseModel> ALL =
      List.of(
          new BaseModel("gpt-3.5-turbo-0125", 1706048358L, "system"),
          new BaseModel("gpt-4o-2024-08-06", 1722814719L, "system"),
          new BaseModel("gpt-4o-mini-2024-07-18", 1721172717L, "system"),
          new BaseModel("gpt-4.1-2025-04-14", 1744315746L, "system"),
          new BaseModel("gpt-4.1-mini-2025-04-14", 1744317547L, "system"),
          new BaseModel("gpt-4.1-nano-2025-04-14", 1744321025L, "system"));

  private static final Map<String, String> ALIASES =
      Map.of(
          "gpt-3.5-turbo", "gpt-3.5-turbo-0125",
          "gpt-4o", "gpt-4o-2024-08-06",
          "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
          "gpt-4.1", "gpt-4.1-2025-04-14",
          "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14",
          "gpt-4.1-nano", "gpt-4.1-nano-2025-04-14");

  private BaseModels() {}

  /** The dated snapshot for an id or alias, or empty when it is not a base model. */
  static Optional<BaseModel> find(String idOrAlias) {
    String id = ALIASES.getOrDefault(idOrAlias, idOrAlias);
    return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
