package dev.openaift.sandbox;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the simulated platform allows, beyond the API itself: when models shut down, until when new
 * fine-tuning jobs are accepted, and whether training files can be downloaded. Dates are compared
 * with the sandbox's clock in UTC.
 *
 * @param shutdownDates per base snapshot id, a date replacing the built-in one ({@code
 *     base-models.json}), or empty for "no shutdown announced"
 * @param newJobsUntil from this date (00:00 UTC) on, {@code POST /v1/fine_tuning/jobs} is refused;
 *     null = never
 * @param refuseTrainingFileContent {@code GET /v1/files/{id}/content} answers 400 for files with
 *     purpose {@code fine-tune}, as the service does for training data
 * @param azureTrainingTypeRequired the Azure flavour refuses a new job without a training tier
 *     ({@code trainingType}) with the misleading answer Azure has given in that case ({@code 400
 *     invalidPayload "The specified base model does not support fine-tuning."}); a tier it does not
 *     know is refused either way
 */
public record PlatformRules(
    Map<String, Optional<LocalDate>> shutdownDates,
    LocalDate newJobsUntil,
    boolean refuseTrainingFileContent,
    boolean azureTrainingTypeRequired) {

  public PlatformRules {
    shutdownDates = Map.copyOf(Objects.requireNonNull(shutdownDates, "shutdownDates"));
  }

  /** The built-in shutdown dates, new jobs always accepted, every file downloadable. */
  public static PlatformRules defaults() {
    return new PlatformRules(Map.of(), null, false, false);
  }

  /**
   * Replaces a base model's shutdown date ({@code null} = none announced).
   *
   * @param model a snapshot id or its alias ({@code gpt-4o-mini})
   * @throws IllegalArgumentException when the sandbox has no such base model
   */
  public PlatformRules withShutdownDate(String model, LocalDate date) {
    String id =
        BaseModels.find(model)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown base model '"
                            + model
                            + "' (the sandbox has "
                            + String.join(", ", BaseModels.ids())
                            + ")"))
            .id();
    Map<String, Optional<LocalDate>> m = new TreeMap<>(shutdownDates);
    m.put(id, Optional.ofNullable(date));
    return new PlatformRules(m, newJobsUntil, refuseTrainingFileContent, azureTrainingTypeRequired);
  }

  public PlatformRules withNewJobsUntil(LocalDate v) {
    return new PlatformRules(
        shutdownDates, v, refuseTrainingFileContent, azureTrainingTypeRequired);
  }

  public PlatformRules withRefuseTrainingFileContent(boolean v) {
    return new PlatformRules(shutdownDates, newJobsUntil, v, azureTrainingTypeRequired);
  }

  public PlatformRules withAzureTrainingTypeRequired(boolean v) {
    return new PlatformRules(shutdownDates, newJobsUntil, refuseTrainingFileContent, v);
  }
}
