package dev.openaift.job;

import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code fine_tuning.job} this tool uses. Anything may be null when the source did
 * not carry it (an archive with no {@code job.json} has no job at all).
 *
 * @param hyperparameters the effective hyperparameters ({@code n_epochs}, {@code batch_size},
 *     {@code learning_rate_multiplier}, {@code beta}, ...) as sent: a number or {@code "auto"}, as
 *     text; taken from {@code method.<type>.hyperparameters} when present, else from the top-level
 *     {@code hyperparameters}; sorted keys
 * @param methodType {@code supervised}, {@code dpo}, {@code reinforcement} or null
 * @param errorMessage {@code error.message} of a failed job, else null
 */
public record Job(
    String id,
    String status,
    String model,
    String fineTunedModel,
    String organizationId,
    Long createdAt,
    Long finishedAt,
    Long estimatedFinish,
    Long trainedTokens,
    String trainingFile,
    String validationFile,
    List<String> resultFiles,
    String methodType,
    Map<String, String> hyperparameters,
    String suffix,
    Long seed,
    String errorCode,
    String errorMessage,
    Map<String, String> metadata) {

  public Job {
    resultFiles = resultFiles == null ? List.of() : List.copyOf(resultFiles);
    hyperparameters = hyperparameters == null ? Map.of() : hyperparameters;
    metadata = metadata == null ? Map.of() : metadata;
  }

  /**
   * Every status a job reports, in the order a job goes through them: Azure's {@code pending} (a
   * job Azure has not started on), OpenAI's {@code validating_files} and {@code queued}, then
   * {@code running} (or {@code paused}), and one of the three ends.
   */
  public static final List<String> STATUSES =
      List.of(
          "pending",
          "validating_files",
          "queued",
          "running",
          "paused",
          "succeeded",
          "failed",
          "cancelled");

  /** Whether {@code status} is one a job reports before its training starts. */
  public static boolean waiting(String status) {
    return "pending".equals(status) || "validating_files".equals(status) || "queued".equals(status);
  }

  /** Whether {@code status} is a known one of a job still on its way (waiting, running, paused). */
  public static boolean active(String status) {
    return STATUSES.contains(status) && !terminal(status);
  }

  private static boolean terminal(String status) {
    return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
  }

  public boolean isTerminal() {
    return terminal(status);
  }
}
