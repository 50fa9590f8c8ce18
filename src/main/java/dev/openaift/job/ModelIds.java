package dev.openaift.job;

/**
 * Model ids: a fine-tune is {@code ft:BASE:ORG[:SUFFIX]:ID}, a checkpoint adds {@code
 * :ckpt-step-N}.
 */
public final class ModelIds {
  private ModelIds() {}

  /** Whether the id names a fine-tuned model or checkpoint. */
  public static boolean isFineTuned(String model) {
    return model != null && model.startsWith("ft:");
  }

  /**
   * {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} -> {@code gpt-4o-mini-2024-07-18}; a base model
   * is itself.
   */
  public static String base(String model) {
    if (isFineTuned(model)) {
      String rest = model.substring(3);
      int colon = rest.indexOf(':');
      return colon < 0 ? rest : rest.substring(0, colon);
    }
    return model;
  }

  /** Whether the id names a checkpoint ({@code ...:ckpt-step-N}). */
  public static boolean isCheckpoint(String model) {
    return isFineTuned(model) && model.matches(".*:ckpt-step-[0-9]+");
  }
}
