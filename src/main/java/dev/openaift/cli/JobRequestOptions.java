package dev.openaift.cli;

import dev.openaift.api.JobRequest;
import dev.openaift.lifecycle.FileRef;
import dev.openaift.lifecycle.JobRequestRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What a fine-tuning job is asked for: the model, the files, the method and its hyperparameters,
 * the seed and the metadata ({@code jobs create}). The API's limits are {@link JobRequestRules}.
 */
final class JobRequestOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "The base (or fine-tuned) model to train.")
  String model;

  @Option(
      names = "--training-file",
      required = true,
      paramLabel = "FILE_OR_ID",
      description = "Local JSONL file or uploaded file id.")
  String trainingFile;

  @Option(
      names = "--validation-file",
      paramLabel = "FILE_OR_ID",
      description = "Local JSONL file or uploaded file id.")
  String validationFile;

  @Option(
      names = "--suffix",
      paramLabel = "S",
      description = "Up to 64 letters, digits, '-' or '_' added to the model name.")
  String suffix;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "1 to 50 (default: the service's choice for the file's size).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "1 to 256 (default: auto).")
  Integer batchSize;

  @Option(
      names = "--lr-multiplier",
      paramLabel = "X",
      description = "Learning rate multiplier above 0, up to 10 (default: auto).")
  Double lrMultiplier;

  @Option(names = "--method", paramLabel = "METHOD", description = "supervised (default) or dpo.")
  String method;

  @Option(
      names = "--beta",
      paramLabel = "B",
      description = "DPO only: above 0, up to 2 (default: auto).")
  Double beta;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "0 to 2147483647, for reproducible runs.")
  Long seed;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Kept with the job (repeatable, up to 16).")
  List<String> metadataPairs = new ArrayList<>();

  /**
   * --metadata KEY=VALUE pairs, parsed here rather than by picocli: the value is taken as written.
   */
  final Map<String, String> metadata = new LinkedHashMap<>();

  /**
   * Epochs for --classification: labels are one or two tokens, learnt in a few passes (see the
   * README).
   */
  static final int CLASSIFICATION_EPOCHS = 3;

  /** Seed for --classification: reruns on the same files are comparable. */
  static final long CLASSIFICATION_SEED = 42;

  /**
   * Sets the classification defaults the user did not give; a local validation file is required.
   */
  void classificationDefaults() {
    if (validationFile == null || FileRef.parse(validationFile).local() == null) {
      throw usage(
          "--classification needs a local --validation-file (the fine-tuned model is evaluated on"
              + " it)");
    }
    if (method != null && !method.strip().equalsIgnoreCase("supervised")) {
      throw usage("--classification trains with --method supervised");
    }
    if (epochs == null) {
      epochs = CLASSIFICATION_EPOCHS;
    }
    if (seed == null) {
      seed = CLASSIFICATION_SEED;
    }
    metadata.putIfAbsent("task", "classification");
  }

  /**
   * Validates every option (exit 2 naming it) and builds the request with the given file arguments.
   */
  JobRequest request() {
    try {
      return JobRequestRules.request(
          new JobRequestRules.Draft(
              model,
              trainingFile,
              validationFile,
              suffix,
              epochs,
              batchSize,
              lrMultiplier,
              method,
              beta,
              seed,
              metadataPairs,
              metadata));
    } catch (JobRequestRules.Violation e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
