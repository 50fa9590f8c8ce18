package dev.openaift.cli;

import dev.openaift.api.ChatGateway;
import dev.openaift.api.Connection;
import dev.openaift.api.Endpoint;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.ModelEntry;
import dev.openaift.io.Counts;
import dev.openaift.io.ShownPath;
import dev.openaift.job.Job;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordEstimate;
import dev.openaift.record.RecordPlan;
import dev.openaift.record.Recorder;
import dev.openaift.record.RecordingHeader;
import dev.openaift.record.Recordings;
import dev.openaift.retirement.ArchivedJobs;
import dev.openaift.retirement.RecordEveryModel;
import dev.openaift.retirement.Shutdowns;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openai-ft record MODEL --data FILE}: asks MODEL every example of a chat-format file once
 * and keeps each answer, with its request, usage, latency and fingerprint, in the archive.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Record how a model answers the prompts of a chat-format data file, while it still exists.",
      "",
      "For each example (prompt = every message before the last assistant message), asks MODEL once"
          + " and appends the answer, the exact request, finish reason, token usage, latency,"
          + " system_fingerprint and time to REPORTS/recordings/<model>/<sha256 of the"
          + " file>/answers.jsonl (synced; header.json says how it was asked). Model names become"
          + " folder names with ':' as '_' (and '_' as %%5F).",
      "",
      "A rerun skips what is recorded: a run killed at any moment loses at most the answers in"
          + " flight and never records one twice. Rate limits, server errors and dropped"
          + " connections are retried with backoff, honouring Retry-After and x-ratelimit-reset-*"
          + " headers.",
      "",
      "Before the first request it prints the number of requests and the estimated tokens and cost"
          + " (prices file). From an estimate of $1.00 (or an unknown price) it asks on a terminal;"
          + " scripts pass --yes. --dry-run prints the estimate and sends nothing (no API key"
          + " needed).",
      "",
      "--all records every live fine-tuned model the key can see (--checkpoints: their checkpoint"
          + " models too), each on its job's validation file as 'openai-ft backup' keeps it in"
          + " REPORTS/files/ (else its training file), or every one on --data. It lists the models"
          + " and jobs first (a key is needed, also for --dry-run), prints one line per model with"
          + " its estimate, one line per model left out (shut down, deleted, no data) and the"
          + " total, asks once, then shows one progress line for the whole run. A model that stops"
          + " answering (404) is skipped with a line; a rerun asks only what is not recorded yet."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft record ft:gpt-4o-mini-2024-07-18:org:support:abc123 --data valid.jsonl"
          + " --temperature 0 --seed 1",
      "  openai-ft record gpt-4o-mini --data valid.jsonl --limit 100 --dry-run",
      "  openai-ft record ft:gpt-4o-mini-2024-07-18:org:support:abc123:ckpt-step-300 --data"
          + " valid.jsonl --yes",
      "  openai-ft record --all --temperature 0 --seed 1 --dry-run",
      "  openai-ft record --all --checkpoints --yes"
    })
final class RecordCommand extends ApiCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "MODEL",
      description =
          "The model: fine-tuned (ft:...), a checkpoint (ft:...:ckpt-step-N) or a base model.")
  String model;

  @Option(
      names = "--data",
      paramLabel = "FILE.jsonl",
      description =
          "Chat-format examples ({\"messages\": [...]} per line). Required with MODEL; with"
              + " --all, one file for every model instead of each job's own.")
  Path data;

  @Option(
      names = "--all",
      description =
          "Record every live fine-tuned model the key can see, each on its job's validation file"
              + " as the backup keeps it (else its training file), or on --data. One estimate"
              + " and one progress line for the whole plan; models that have shut down, were"
              + " deleted or have no data are skipped with a line each.")
  boolean all;

  @Option(
      names = "--checkpoints",
      description = "With --all: record the checkpoint models of each job too.")
  boolean checkpoints;

  @Mixin RetirementOptions retirement;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Only the first N examples of the file.")
  Integer limit;

  @Mixin RecordingOptions recording;

  @Mixin ReportsDirOption reportsDir;

  private final UserInput input;

  RecordCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    validate();
    if (all) {
      return recordAll();
    }
    ModelCatalog catalog = recording.catalog();
    ChatData chatData = ChatData.readPrompts(data);
    Path dir;
    Endpoint endpoint = connection.endpoint(context.env());
    try {
      dir = Recordings.dir(reportsDir.dir(), endpoint, model, chatData.sha256());
    } catch (IllegalArgumentException e) {
      throw usage("MODEL: " + e.getMessage());
    }
    RecordPlan.Item item =
        RecordPlan.Item.of(
            model,
            false,
            null,
            "--data",
            chatData,
            limit,
            dir,
            recording.recorder(model, endpoint),
            catalog,
            context.clock().instant());
    List<ChatExample> examples = item.examples();
    List<ChatExample> todo = item.todo();
    RecordEstimate estimate = item.estimate();
    PrintWriter out = out();
    out.println(
        "Recording "
            + model
            + " on "
            + data
            + " ("
            + (examples.size() < chatData.examples().size()
                ? "the first "
                    + examples.size()
                    + " of "
                    + Counts.of(chatData.examples().size(), "example")
                : Counts.of(examples.size(), "example"))
            + ", sha256 "
            + chatData.sha256().substring(0, 12)
            + "...)");
    out.println("into " + ShownPath.of(dir));
    out.println(estimate.planLine(item.already()));
    out.flush();
    if (recording.dryRun) {
      out.println("Dry run: nothing was sent.");
      return ExitCode.OK.code();
    }
    if (todo.isEmpty()) {
      out.println("Nothing to ask: every example is recorded.");
      return ExitCode.OK.code();
    }
    if (!Spending.confirm(
        context,
        input,
        err(),
        recording.yes,
        estimate.cost(),
        Counts.of(todo.size(), "request") + " to " + model)) {
      return ExitCode.OK.code();
    }
    return record(todo, examples.size(), dir, item.header(), item.options());
  }

  private int record(
      List<ChatExample> todo,
      int total,
      Path dir,
      RecordingHeader wanted,
      Recorder.Options options) {
    // The recorder does the retrying (so that a rate limit pauses every worker); the SDK must not
    // as well.
    Connection c = connection.connection(context.env()).withMaxRetries(0);
    PrintWriter out = out();
    try (AnswerLog log = AnswerLog.open(dir, wanted);
        ChatGateway gateway = context.gateways().chat(c, context.sleeper(), context.clock())) {
      if (log.repaired()) {
        out.println("(the last line of answers.jsonl, left by an interrupted run, was repaired)");
      }
      Recorder.Result result =
          RecordRun.ask(
              context,
              out,
              err(),
              gateway,
              log,
              todo,
              options,
              total,
              "",
              retirement.shutdowns(context.clock()).of(model));
      if (result == null) {
        return ExitCode.INTERRUPTED.code();
      }
      out.println(
          "Recorded "
              + Counts.of(result.asked(), "answer")
              + (result.retries() == 0
                  ? ""
                  : " (" + Counts.of(result.retries(), "retry", "retries") + ")")
              + "; "
              + log.size()
              + " of "
              + total
              + " examples are recorded in "
              + ShownPath.of(dir.resolve(Recordings.ANSWERS)));
      return ExitCode.OK.code();
    }
  }

  /** {@code record --all}: the plan, its estimate, a confirmation, then the one run. */
  private int recordAll() {
    ModelCatalog catalog = recording.catalog();
    Endpoint endpoint = connection.endpoint(context.env());
    Shutdowns base = retirement.shutdowns(context.clock());
    RecordPlan plan;
    Shutdowns shutdowns;
    try (LifecycleGateway gateway = gateway()) {
      List<ModelEntry> models = gateway.listModels();
      List<Job> jobs = gateway.listJobsWithStatus(null, Integer.MAX_VALUE);
      shutdowns = base.withModels(models);
      plan =
          RecordEveryModel.plan(
              new RecordEveryModel.Inputs(
                  models,
                  jobs,
                  checkpoints ? gateway::listCheckpoints : null,
                  ArchivedJobs.read(reportsDir.dir().toAbsolutePath().normalize()),
                  data,
                  limit,
                  endpoint),
              base,
              m -> recording.recorder(m, endpoint),
              catalog,
              context.clock().instant());
    }
    Connection chat = connection.connection(context.env()).withMaxRetries(0);
    return RecordAll.confirmAndRun(context, input, out(), err(), plan, shutdowns, recording, chat);
  }

  private void validate() {
    if (all) {
      if (model != null) {
        throw usage("give either MODEL or --all, not both");
      }
      recording.check();
      if (limit != null && limit < 1) {
        throw usage("--limit must be at least 1, got " + limit);
      }
      return;
    }
    if (checkpoints) {
      throw usage("--checkpoints goes with --all");
    }
    if (model == null) {
      throw usage("give the MODEL to record (or --all for every fine-tuned model)");
    }
    if (data == null) {
      throw usage("--data FILE.jsonl is required with MODEL");
    }
    if (model.isBlank()) {
      throw usage("MODEL must not be empty");
    }
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, got " + limit);
    }
    recording.check();
    model = model.strip();
  }
}
