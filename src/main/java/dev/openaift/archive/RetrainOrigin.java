package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The record {@code openai-ft retrain} keeps in a re-run job's archive folder, {@code
 * retrain.json}: the job it re-runs, the target, the training tier and each file's sha256. Its
 * name, format and field names live here, in the archive, so that the archive's readers ({@code
 * compare}) and its writer ({@code lifecycle.Retrain}, which depends on the archive, not the other
 * way) share them.
 */
public final class RetrainOrigin {
  /** The file in the new job's archive folder. */
  public static final String FILE = "retrain.json";

  /** Its {@code format}. */
  public static final String FORMAT = "openai-ft.retrain";

  /** The field holding the training tier asked for (Azure's {@code trainingType}), when one was. */
  public static final String TRAINING_TYPE = "training_type";

  private RetrainOrigin() {}

  /**
   * The training tier recorded in {@code folder}'s {@link #FILE}; null when the folder has none
   * (not a re-run, or a re-run without a tier) or the file is unreadable or of another format: a
   * comparison then shows the tier as unknown rather than failing.
   */
  public static String trainingType(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode n = Json.mapper().readTree(file.toFile());
      return n != null && FORMAT.equals(Json.text(n, "format"))
          ? Json.text(n, TRAINING_TYPE)
          : null;
    } catch (IOException unreadable) {
      return null;
    }
  }
}
