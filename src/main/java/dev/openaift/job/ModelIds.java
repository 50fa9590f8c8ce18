package dev.openaift.job;

/**
 * Model ids: a fine-tune is {@code ft:BASE:ORG[:SUFFIX]:ID} at OpenAI and {@code
 * BASE.ft-HEX[-SUFFIX]} at Azure OpenAI ({@code
 * gpt-4.1-2025-04-14.ft-0e208cf33a6a466994aff31a08aba678-support}); a checkpoint adds {@code
 * :ckpt-step-N}.
 */
public final class ModelIds {
  /** What Azure puts between the base model's id and the fine-tune's hex id. */
  private static final String AZURE_FINE_TUNE = ".ft-";

  private ModelIds() {}

  /** Whether the id names a fine-tuned model or checkpoint, OpenAI's or Azure's. */
  public static boolean isFineTuned(String model) {
    return model != null && (model.startsWith("ft:") || azureMark(model) > 0);
  }

  /**
   * {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} and {@code
   * gpt-4o-mini-2024-07-18.ft-0e20...-suffix} -> {@code gpt-4o-mini-2024-07-18}; a base model is
   * itself.
   */
  public static String base(String model) {
    if (model == null) {
      return null;
    }
    if (model.startsWith("ft:")) {
      String rest = model.substring(3);
      int colon = rest.indexOf(':');
      return colon < 0 ? rest : rest.substring(0, colon);
    }
    int azure = azureMark(model);
    return azure > 0 ? model.substring(0, azure) : model;
  }

  /** Whether the id names a fine-tune as Azure OpenAI names them ({@code BASE.ft-HEX...}). */
  public static boolean isAzureFineTune(String model) {
    return model != null && !model.startsWith("ft:") && azureMark(model) > 0;
  }

  /**
   * Where Azure's {@code .ft-} starts in {@code model} when a hex digit follows it and a base id
   * comes before it, else -1.
   */
  private static int azureMark(String model) {
    int at = model.indexOf(AZURE_FINE_TUNE);
    int hex = at + AZURE_FINE_TUNE.length();
    return at > 0 && hex < model.length() && Character.digit(model.charAt(hex), 16) >= 0 ? at : -1;
  }

  /** Whether the id names a checkpoint ({@code ...:ckpt-step-N}). */
  public static boolean isCheckpoint(String model) {
    return isFineTuned(model) && model.matches(".*:ckpt-step-[0-9]+");
  }
}
