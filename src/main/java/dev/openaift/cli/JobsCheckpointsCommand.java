package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Checkpoint;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft jobs checkpoints ID}: the checkpoints the API keeps, by step. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description = {
      "List a job's checkpoints with their losses.",
      "",
      "Sorted by step (the API keeps the checkpoints of the last epochs only). A checkpoint model"
          + " can be tried with 'openai-ft chat MODEL PROMPT'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft jobs checkpoints ftjob-abc123",
      "  openai-ft jobs checkpoints ftjob-abc123 --json"
    })
final class JobsCheckpointsCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The job id, e.g. ftjob-abc123.")
  String id;

  @Option(
      names = "--json",
      description = "Print a JSON list of checkpoint objects (the API's order, newest first).")
  boolean json;

  JobsCheckpointsCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, id);
    try (LifecycleGateway gateway = gateway()) {
      List<Checkpoint> checkpoints = gateway.listCheckpoints(id);
      if (json) {
        ApiJson.print(out(), ApiJson.list(checkpoints, ApiJson::checkpoint));
        return ExitCode.OK.code();
      }
      if (checkpoints.isEmpty()) {
        out().println("Job " + id + " has no checkpoints (yet).");
        return ExitCode.OK.code();
      }
      TableFormatter t =
          new TableFormatter("STEP", "CREATED", "TRAIN LOSS", "FULL VALID LOSS", "CHECKPOINT MODEL")
              .rightAligned(0, 2, 3);
      checkpoints.stream()
          .sorted(Comparator.comparingLong(Checkpoint::stepNumber))
          .forEach(
              c ->
                  t.add(
                      c.stepNumber(),
                      time(c.createdAt()),
                      loss(c, "train_loss"),
                      loss(c, "full_valid_loss"),
                      c.fineTunedModelCheckpoint()));
      t.print(out());
      return ExitCode.OK.code();
    }
  }

  private static String loss(Checkpoint c, String key) {
    Double v = c.metrics().get(key);
    return v == null ? null : String.format(Locale.ROOT, "%.4f", v);
  }
}
