package dev.openaift.prepare;

import dev.openaift.models.ModelCatalog;
import java.util.Objects;

/**
 * How to check a file.
 *
 * @param model the model the file is meant for (name, prefix or {@code ft:} model)
 * @param epochs the epochs the user will ask for, or null for the service's default rule
 * @param catalog the price and context table
 * @param maxLines how many line numbers to keep per kind of finding (the count is always exact)
 */
public record PrepareOptions(String model, Integer epochs, ModelCatalog catalog, int maxLines) {
  /** Line numbers kept per kind when not told otherwise. */
  public static final int DEFAULT_MAX_LINES = 10;

  public PrepareOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(catalog, "catalog");
    if (epochs != null && epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
    }
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be at least 1: " + maxLines);
    }
  }

  /** The default model, the service's epochs, the built-in table. */
  public static PrepareOptions defaults() {
    return new PrepareOptions(
        ModelCatalog.DEFAULT_MODEL, null, ModelCatalog.builtIn(), DEFAULT_MAX_LINES);
  }

  public PrepareOptions withModel(String newModel) {
    return new PrepareOptions(newModel, epochs, catalog, maxLines);
  }

  public PrepareOptions withEpochs(Integer newEpochs) {
    return new PrepareOptions(model, newEpochs, catalog, maxLines);
  }
}
