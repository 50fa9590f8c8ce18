package dev.openaift.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code POST /fine_tuning/jobs} needs to start a supervised job.
 *
 * @param model           the base model, e.g. {@code gpt-4o-mini-2024-07-18}
 * @param trainingFile    an uploaded file id
 * @param validationFile  an uploaded file id, or null
 * @param suffix          up to 64 characters added to the fine-tuned model's name, or null
 * @param seed            for reproducibility, or null
 * @param hyperparameters e.g. {@code n_epochs -> 3}, {@code batch_size -> "auto"}: numbers or
 *                        {@code "auto"}; sent as {@code method.supervised.hyperparameters}
 */
public record JobRequest(
    String model, String trainingFile, String validationFile, String suffix, Long seed, Map<String, Object> hyperparameters) {
  public JobRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainingFile, "trainingFile");
    hyperparameters = hyperparameters == null ? Map.of() : new TreeMap<>(hyperparameters);
  }

  public static JobRequest of(String model, String trainingFile) {
    return new JobRequest(model, trainingFile, null, null, null, Map.of());
  }
}
