package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.archive.JobSource;
import dev.openaift.job.Job;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft jobs get ID}: one job's details. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {"Show one job: status, models, files, hyperparameters, times."},
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft jobs get ftjob-abc123",
      "  openai-ft jobs get ftjob-abc123 --json | jq .status"
    })
final class JobsGetCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The job id, e.g. ftjob-abc123.")
  String id;

  @Option(names = "--json", description = "Print the job object as JSON.")
  boolean json;

  JobsGetCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, id);
    try (LifecycleGateway gateway = gateway()) {
      Job job = gateway.getJob(id);
      if (json) {
        ApiJson.print(out(), ApiJson.job(job));
      } else {
        TableFormatter t = details(this, job);
        if (gateway.connection() != null
            && gateway.connection().isAzure()
            && job.fineTunedModel() != null) {
          t.add("deployment", JobSource.deploymentHint(job.fineTunedModel()));
        }
        t.print(out());
      }
      return ExitCode.OK.code();
    }
  }

  /** The job as key/value lines for people. */
  static TableFormatter details(ApiCommand cmd, Job j) {
    TableFormatter t =
        new TableFormatter()
            .add("id", j.id())
            .add("status", j.status())
            .add("model", j.model())
            .add("method", j.methodType())
            .add("fine-tuned model", j.fineTunedModel())
            .add("created", cmd.time(j.createdAt()))
            .add("estimated finish", cmd.time(j.estimatedFinish()))
            .add("finished", cmd.time(j.finishedAt()))
            .add(
                "trained tokens",
                j.trainedTokens() == null
                    ? null
                    : String.format(Locale.ROOT, "%,d", j.trainedTokens()))
            .add("training file", j.trainingFile())
            .add("validation file", j.validationFile())
            .add(
                "result files",
                j.resultFiles().isEmpty() ? null : String.join(", ", j.resultFiles()))
            .add("hyperparameters", pairs(j.hyperparameters()))
            .add("suffix", j.suffix())
            .add("seed", j.seed());
    if (j.errorMessage() != null || j.errorCode() != null) {
      t.add("error", (j.errorCode() == null ? "" : j.errorCode() + ": ") + j.errorMessage());
    }
    if (!j.metadata().isEmpty()) {
      t.add("metadata", pairs(j.metadata()));
    }
    return t;
  }

  private static String pairs(Map<String, String> m) {
    return m.isEmpty()
        ? null
        : new TreeMap<>(m)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
  }
}
