package dev.openaift.job;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param others the object's other fields as the source had them, each as its JSON text (keys
 *     sorted at every depth), so that an archived {@code job.json} keeps the whole job: a
 *     reinforcement job's grader ({@code method} keeps what its type and hyperparameters leave),
 *     integrations, a provider's own fields; empty for none
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
    Map<String, String> metadata,
    Map<String, String> others) {

  public Job {
    resultFiles = resultFiles == null ? List.of() : List.copyOf(resultFiles);
    hyperparameters = hyperparameters == null ? Map.of() : hyperparameters;
    metadata = metadata == null ? Map.of() : metadata;
    others =
        others == null || others.isEmpty()
            ? Map.of()
            : Collections.unmodifiableSortedMap(new TreeMap<>(others));
  }

  /** A job with no fields beyond those this record names (a Trainer run's, a test's). */
  public Job(
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
    this(
        id,
        status,
        model,
        fineTunedModel,
        organizationId,
        createdAt,
        finishedAt,
        estimatedFinish,
        trainedTokens,
        trainingFile,
        validationFile,
        resultFiles,
        methodType,
        hyperparameters,
        suffix,
        seed,
        errorCode,
        errorMessage,
        metadata,
        Map.of());
  }

  /** The same job with {@code fields} as its other fields ({@link #others}). */
  public Job withOthers(Map<String, String> fields) {
    return new Job(
        id,
        status,
        model,
        fineTunedModel,
        organizationId,
        createdAt,
        finishedAt,
        estimatedFinish,
        trainedTokens,
        trainingFile,
        validationFile,
        resultFiles,
        methodType,
        hyperparameters,
        suffix,
        seed,
        errorCode,
        errorMessage,
        metadata,
        fields);
  }

  /**
   * The field {@code name} of {@link #others} (for {@code method}: what its type and
   * hyperparameters leave, e.g. {@code {"reinforcement": {"grader": {...}}}}) as JSON text, or null
   * when the job has none.
   */
  public String other(String name) {
    return others.get(name);
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
