package dev.openaift.models;

/** The shape of the examples in a file, decided by its first example that has either shape. */
public enum DatasetFormat {
  /** Supervised chat: {@code {"messages": [...]}}. */
  CHAT("chat (supervised)"),
  /**
   * Direct preference optimisation: {@code {"input": {"messages": [...]}, "preferred_output":
   * [assistant message], "non_preferred_output": [assistant message]}}.
   */
  DPO("preference (DPO)"),
  /**
   * Legacy prompt/completion pairs for the base models: {@code {"prompt": "...", "completion":
   * "..."}}.
   */
  COMPLETION("prompt/completion (legacy)"),
  /** No line had either shape. */
  UNKNOWN("unknown");

  private final String label;

  /**
   * The name used in JSON and in the price table's {@code formats}: chat, dpo, completion, unknown.
   */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  DatasetFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
