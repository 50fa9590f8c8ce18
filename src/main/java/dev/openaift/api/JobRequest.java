package dev.openaift.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code POST /fine_tuning/jobs} needs to start a job.
 *
 * @param model the base model, e.g. {@code gpt-4o-mini-2024-07-18}
 * @param trainingFile an uploaded file id
 * @param validationFile an uploaded file id, or null
 * @param suffix up to 64 characters added to the fine-tuned model's name, or null
 * @param seed for reproducibility, or null
 * @param hyperparameters e.g. {@code n_epochs -> 3}, {@code batch_size -> "auto"}, {@code beta ->
 *     0.1}: numbers or {@code "auto"}; sent as {@code method.<method>.hyperparameters}
 * @param method {@code supervised}, {@code dpo}, or null (the API's default, supervised)
 * @param metadata up to 16 string pairs kept with the job; empty for none
 * @param trainingType Azure OpenAI's training tier ({@code trainingType}: {@code standard}, {@code
 *     globalstandard}, {@code developerTier}), or null to send none (OpenAI has no such field)
 */
public record JobRequest(
    String model,
    String trainingFile,
    String validationFile,
    String suffix,
    Long seed,
    Map<String, Object> hyperparameters,
    String method,
    Map<String, String> metadata,
    String trainingType) {
  public JobRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainingFile, "trainingFile");
    hyperparameters = hyperparameters == null ? Map.of() : new TreeMap<>(hyperparameters);
    metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
  }

  /** A supervised (or default-method) job without metadata. */
  public JobRequest(
      String model,
      String trainingFile,
      String validationFile,
      String suffix,
      Long seed,
      Map<String, Object> hyperparameters) {
    this(model, trainingFile, validationFile, suffix, seed, hyperparameters, null, Map.of(), null);
  }

  public static JobRequest of(String model, String trainingFile) {
    return new JobRequest(model, trainingFile, null, null, null, Map.of());
  }

  /** The same request with other file ids (after local files were uploaded). */
  public JobRequest withFiles(String newTrainingFile, String newValidationFile) {
    return new JobRequest(
        model,
        newTrainingFile,
        newValidationFile,
        suffix,
        seed,
        hyperparameters,
        method,
        metadata,
        trainingType);
  }

  /** The same request with Azure's training tier (null for none). */
  public JobRequest withTrainingType(String tier) {
    return new JobRequest(
        model, trainingFile, validationFile, suffix, seed, hyperparameters, method, metadata, tier);
  }

  /**
   * The {@code method} object as sent, or null when neither a method nor hyperparameters are given:
   * {@code {"type": M, M: {"hyperparameters": {...}}}} with M defaulting to {@code supervised}.
   */
  public Map<String, Object> methodBody() {
    if (method == null && hyperparameters.isEmpty()) {
      return null;
    }
    String type = method == null ? "supervised" : method;
    Map<String, Object> inner = new TreeMap<>();
    if (!hyperparameters.isEmpty()) {
      inner.put("hyperparameters", new TreeMap<>(hyperparameters));
    }
    Map<String, Object> m = new TreeMap<>();
    m.put("type", type);
    m.put(type, inner);
    return m;
  }

  /** The whole request body as it goes on the wire (sorted keys; absent values left out). */
  public Map<String, Object> body() {
    Map<String, Object> b = new TreeMap<>();
    b.put("model", model);
    b.put("training_file", trainingFile);
    if (validationFile != null) {
      b.put("validation_file", validationFile);
    }
    if (suffix != null) {
      b.put("suffix", suffix);
    }
    if (seed != null) {
      b.put("seed", seed);
    }
    Map<String, Object> m = methodBody();
    if (m != null) {
      b.put("method", m);
    }
    if (!metadata.isEmpty()) {
      b.put("metadata", new TreeMap<>(metadata));
    }
    if (trainingType != null) {
      b.put("trainingType", trainingType);
    }
    return b;
  }
}
