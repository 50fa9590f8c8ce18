package dev.openaift.lifecycle;

import dev.openaift.api.JobRequest;
import dev.openaift.io.Echo;
import dev.openaift.prepare.PrepareOptions;
import java.time.LocalDate;

/**
 * What an archived job is retrained as: the model to train (the one asked for, else the job's own
 * base model; Azure's name for it on Azure) and, on Azure, the training tier.
 *
 * @param model the model the new job trains
 * @param tier Azure's {@code trainingType}, or null (the service's choice, or not Azure)
 */
public record RetrainTarget(String model, String tier) {

  /**
   * Chooses the target, or says in an {@link IllegalArgumentException} why none can be: an empty
   * {@code model}, a job that names no model or continued from a fine-tuned one, a tier off Azure
   * or unknown to it, a model Azure no longer fine-tunes on {@code today}.
   *
   * @param model the model asked for ({@code --model}), or null
   * @param trainingType the tier asked for ({@code --training-type}), or null
   */
  public static RetrainTarget choose(
      Retrain.Source source,
      String model,
      String trainingType,
      boolean azure,
      AzureFineTuning table,
      LocalDate today) {
    String target = model(source, model, azure, table);
    if (!azure) {
      if (trainingType != null) {
        throw new IllegalArgumentException(
            "--training-type is for Azure OpenAI only: add --provider azure");
      }
      return new RetrainTarget(target, null);
    }
    String tier = table.trainingType(trainingType);
    table
        .refusal(target, today)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(
                  "cannot retrain "
                      + source.job().id()
                      + " on Azure: "
                      + why
                      + "; nothing was uploaded (choose one with --model)");
            });
    return new RetrainTarget(target, tier);
  }

  private static String model(
      Retrain.Source source, String model, boolean azure, AzureFineTuning table) {
    if (model != null) {
      if (model.isBlank()) {
        throw new IllegalArgumentException("--model must not be empty");
      }
      return azure ? table.azureName(model) : model.strip();
    }
    String base = Retrain.baseModel(source.job());
    if (base == null) {
      throw new IllegalArgumentException(
          "the archived job " + source.job().id() + " names no model: give --model");
    }
    if (Retrain.continuedFromFineTune(source.job())) {
      throw new IllegalArgumentException(
          "job "
              + source.job().id()
              + " continued training "
              + Echo.cut(base)
              + ", a fine-tuned model the target does not have: give --model (a base model the"
              + " target fine-tunes)");
    }
    return azure ? table.azureName(base) : base;
  }

  /**
   * The job's request for this target ({@link Retrain#draft}).
   *
   * @throws IllegalArgumentException when the job cannot be re-created this way
   */
  public JobRequest draft(Retrain.Source source) {
    return Retrain.draft(source.job(), model, tier, source.folder().getParent());
  }

  /**
   * The plan to launch: {@code draft} with the archived copies of the job's files, checked as
   * {@code prepare} checks them for the model the job trained and its epochs, unless {@code check}
   * is false.
   *
   * @throws UnusableFileException when a copy fails the checks
   */
  public JobLauncher.Plan plan(Retrain.Source source, JobRequest draft, boolean check) {
    Object epochs = draft.hyperparameters().get("n_epochs");
    String priced = source.job().model() == null ? model : source.job().model().strip();
    PrepareOptions checks =
        check
            ? PrepareOptions.defaults()
                .withModel(priced)
                .withEpochs(epochs instanceof Integer n ? n : null)
            : null;
    FileRef validation = source.validation() == null ? null : local(source.validation());
    return JobLauncher.plan(draft, local(source.training()), validation, checks);
  }

  private static FileRef local(Retrain.DataCopy copy) {
    return new FileRef(copy.file().toString(), copy.file());
  }
}
