package dev.openaift.cli;

import dev.openaift.sandbox.PlatformRules;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The platform's rules a {@code sandbox} plays by: shutdown dates of base models, the last day new
 * jobs are accepted, refused downloads of training data and Azure's required training tier.
 */
final class SandboxPlatformOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--shutdown-date",
      paramLabel = "MODEL=DATE",
      description =
          "Replace a base model's shutdown date (YYYY-MM-DD, or 'none'); repeatable. From that day"
              + " on (sandbox clock, UTC) the model and its fine-tunes answer 404 model_not_found."
              + " Built-in dates: the provider's announced ones (gpt-4o, gpt-4o-mini, gpt-4.1,"
              + " gpt-4.1-mini 2027-01-14; gpt-4.1-nano, o4-mini 2026-10-23; sandbox-evergreen"
              + " never).")
  List<String> shutdownDates = new ArrayList<>();

  @Option(
      names = "--new-jobs-until",
      paramLabel = "DATE",
      description =
          "From DATE (YYYY-MM-DD, 00:00 UTC by the sandbox clock) on, creating a fine-tuning job"
              + " answers 403 fine_tuning_unavailable; files, jobs, events and models stay readable"
              + " (the platform's own date: 2027-01-06).")
  String newJobsUntil;

  @Option(
      names = "--refuse-training-content",
      description =
          "Answer 400 to downloads of files with purpose fine-tune (GET /v1/files/ID/content), as"
              + " the service does for training data; result files stay downloadable.")
  boolean refuseTrainingContent;

  @Option(
      names = "--require-training-type",
      description =
          "With --azure: refuse a new job without a training tier (trainingType) the way Azure has,"
              + " with a 400 that blames the model.")
  boolean requireTrainingType;

  /** The rules, checked (bad usage, exit 2, naming the option). */
  PlatformRules rules() {
    PlatformRules rules =
        PlatformRules.defaults()
            .withRefuseTrainingFileContent(refuseTrainingContent)
            .withAzureTrainingTypeRequired(requireTrainingType);
    if (newJobsUntil != null) {
      rules = rules.withNewJobsUntil(date("--new-jobs-until", newJobsUntil));
    }
    for (String given : shutdownDates) {
      int eq = given.indexOf('=');
      if (eq <= 0) {
        throw usage("--shutdown-date expects MODEL=DATE or MODEL=none, got '" + given + "'");
      }
      String value = given.substring(eq + 1).strip();
      LocalDate d = value.equalsIgnoreCase("none") ? null : date("--shutdown-date", value);
      try {
        rules = rules.withShutdownDate(given.substring(0, eq).strip(), d);
      } catch (IllegalArgumentException e) {
        throw usage("--shutdown-date: " + e.getMessage());
      }
    }
    return rules;
  }

  private LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw usage(option + " expects a date as YYYY-MM-DD, got '" + value + "'");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
