package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.Endpoint;
import dev.openaift.api.ModelEntry;
import dev.openaift.job.Echo;
import dev.openaift.job.InputFileException;
import dev.openaift.job.Job;
import dev.openaift.prepare.Dollars;
import dev.openaift.prepare.ModelCatalog;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordEstimate;
import dev.openaift.record.RecordPlan;
import dev.openaift.record.RecordProgress;
import dev.openaift.record.Recorder;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingHeader;
import dev.openaift.record.Recordings;
import dev.openaift.retirement.ArchivedJobs;
import dev.openaift.retirement.Inventory;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code record --all}: every live fine-tuned model (and with {@code --checkpoints} every
 * checkpoint model) recorded in one run. The plan is made first, from the models list, the jobs
 * list and the archive: each model on its own job's validation file as the backup keeps it (else
 * its training file), or on one {@code --data} file for all; a model that has shut down, is no
 * longer listed, or has no data is left out with one line. Then one estimate for the whole plan,
 * one confirmation, one progress line; each model's answers go to its own recording exactly as
 * {@code record MODEL} writes them, so a rerun asks only what is missing.
 */
final class RecordAll {
  /**
   * What the plan is made from.
   *
   * @param models the models list
   * @param jobs every job
   * @param checkpoints a job's checkpoints, or null to leave checkpoints out
   * @param archive the archive's jobs and data copies
   * @param data one file for every model, or null for each job's own
   * @param limit only the first N examples of each file, or null
   */
  record Inputs(
      List<ModelEntry> models,
      List<Job> jobs,
      Function<String, List<dev.openaift.job.Checkpoint>> checkpoints,
      ArchivedJobs archive,
      Path data,
      Integer limit,
      Endpoint endpoint) {}

  private RecordAll() {}

  /**
   * The plan.
   *
   * @throws dev.openaift.record.RecordingConflictException when a model's recording was made with
   *     other parameters (before any price is discussed, as for one model)
   */
  static RecordPlan plan(
      Inputs in,
      Shutdowns base,
      Function<String, Recorder.Options> options,
      ModelCatalog catalog,
      Instant now) {
    Shutdowns shutdowns = base.withModels(in.models());
    Set<String> listed = new HashSet<>();
    in.models().forEach(m -> listed.add(m.id()));
    Map<String, Job> liveJobs = new HashMap<>();
    in.jobs().forEach(j -> liveJobs.put(j.id(), j));
    List<Inventory.Row> rows =
        Inventory.build(
            in.models(),
            in.jobs(),
            in.checkpoints() == null ? id -> List.of() : in.checkpoints(),
            in.archive()::archived,
            shutdowns,
            false);
    Map<Path, ChatData> read = new HashMap<>();
    Map<Path, String> unreadable = new HashMap<>();
    List<RecordPlan.Item> items = new ArrayList<>();
    List<RecordPlan.Skipped> skipped = new ArrayList<>();
    for (Inventory.Row r : rows) {
      boolean checkpoint = r.kind() == Inventory.Kind.CHECKPOINT;
      if (checkpoint && in.checkpoints() == null) {
        continue;
      }
      Shutdown s = r.shutdown();
      if (s.past()) {
        skipped.add(
            new RecordPlan.Skipped(
                r.model(),
                "shut down on "
                    + s.date()
                    + " ("
                    + s.source().label()
                    + "): it can no longer be"
                    + " recorded"));
        continue;
      }
      if (!checkpoint && !listed.contains(r.model())) {
        skipped.add(
            new RecordPlan.Skipped(
                r.model(), "not in the models list (deleted): it can no longer be recorded"));
        continue;
      }
      String jobId = r.jobId() != null ? r.jobId() : in.archive().jobOf(r.model()).orElse(null);
      Path file;
      String source;
      String backedUpSha = null;
      if (in.data() != null) {
        file = in.data();
        source = "--data";
      } else {
        Job job =
            Optional.ofNullable(jobId == null ? null : liveJobs.get(jobId))
                .or(() -> in.archive().job(jobId))
                .orElse(null);
        if (job == null) {
          skipped.add(
              new RecordPlan.Skipped(
                  r.model(), "no data: no job of it is listed or archived (pass --data FILE)"));
          continue;
        }
        ArchivedJobs.Lookup valid = lookup(in.archive(), job.validationFile());
        ArchivedJobs.Lookup train = lookup(in.archive(), job.trainingFile());
        ArchivedJobs.Lookup use = valid.copy() != null ? valid : train;
        if (use.copy() == null) {
          skipped.add(
              new RecordPlan.Skipped(
                  r.model(),
                  "no data: job "
                      + job.id()
                      + "'s validation file "
                      + describe(job.validationFile(), valid)
                      + ", training file "
                      + describe(job.trainingFile(), train)
                      + " (run openai-ft backup, or pass --data FILE)"));
          continue;
        }
        ArchivedJobs.DataCopy copy = use.copy();
        file = copy.file();
        backedUpSha = copy.sha256();
        source =
            (use == valid ? "validation file " : "training file ")
                + (copy.filename() == null ? "" : copy.filename() + " ")
                + "("
                + copy.fileId()
                + ")";
      }
      ChatData data;
      if (in.data() != null) {
        data = read.computeIfAbsent(file, ChatData::readPrompts);
      } else {
        // a job's own file may be of another shape (a preference or reinforcement file): that
        // model is left out, the others go on
        Object got = unreadable.get(file);
        if (got == null && !read.containsKey(file)) {
          try {
            read.put(file, ChatData.readPrompts(file));
          } catch (InputFileException e) {
            unreadable.put(file, e.getMessage());
          }
        }
        if (unreadable.containsKey(file)) {
          skipped.add(
              new RecordPlan.Skipped(
                  r.model(),
                  "no data: its "
                      + source
                      + " is not chat-format examples ("
                      + unreadable.get(file)
                      + "); pass --data FILE"));
          continue;
        }
        data = read.get(file);
      }
      if (backedUpSha != null && !backedUpSha.equals(data.sha256())) {
        skipped.add(
            new RecordPlan.Skipped(
                r.model(),
                "no data: the archived copy "
                    + file
                    + " differs from what the backup wrote down (run openai-ft backup --verify)"));
        continue;
      }
      items.add(item(r.model(), checkpoint, jobId, source, data, in, options, catalog, now));
    }
    return new RecordPlan(items, skipped);
  }

  private static ArchivedJobs.Lookup lookup(ArchivedJobs archive, String fileId) {
    return fileId == null ? new ArchivedJobs.Lookup(null, "none") : archive.dataCopy(fileId);
  }

  private static String describe(String fileId, ArchivedJobs.Lookup l) {
    return fileId == null ? "none" : fileId + ": " + l.why();
  }

  private static RecordPlan.Item item(
      String model,
      boolean checkpoint,
      String jobId,
      String source,
      ChatData data,
      Inputs in,
      Function<String, Recorder.Options> optionsOf,
      ModelCatalog catalog,
      Instant now) {
    List<ChatExample> examples = data.examples();
    if (in.limit() != null && in.limit() < examples.size()) {
      examples = examples.subList(0, in.limit());
    }
    Path dir = Recordings.dir(in.archive().root(), in.endpoint(), model, data.sha256());
    Recorder.Options options = optionsOf.apply(model);
    RecordingHeader wanted = options.header(data, now);
    Optional<Recording> existing = Recording.find(dir);
    if (existing.isPresent() && !existing.get().header().sameRequestsAs(wanted)) {
      // the same refusal as opening the log would give, before any price is discussed
      try (AnswerLog ignored = AnswerLog.open(dir, wanted)) {
        throw new IllegalStateException("unreachable: the headers differ");
      }
    }
    List<ChatExample> todo = new ArrayList<>();
    for (ChatExample e : examples) {
      if (existing.isEmpty() || existing.get().answer(e.index()).isEmpty()) {
        todo.add(e);
      }
    }
    return new RecordPlan.Item(
        model,
        checkpoint,
        jobId,
        source,
        data,
        examples,
        todo,
        dir,
        wanted,
        options,
        RecordEstimate.of(model, todo, options.maxTokens(), catalog));
  }

  /** The plan as people read it: a line per model, a line per model left out, the total. */
  static void print(PrintWriter out, RecordPlan plan) {
    long models = plan.items().stream().filter(i -> !i.checkpoint()).count();
    long ckpts = plan.items().size() - models;
    out.println(
        "Recording "
            + count(models, "fine-tuned model")
            + (ckpts == 0 ? "" : " and " + count(ckpts, "checkpoint"))
            + (plan.skipped().isEmpty() ? "" : " (" + plan.skipped().size() + " left out)"));
    for (RecordPlan.Item i : plan.items()) {
      out.println(
          "  "
              + Echo.visible(i.model())
              + " on its "
              + Echo.visible(i.source())
              + ", "
              + count(i.examples().size(), "example")
              + ": "
              + i.estimate().planLine(i.already()));
    }
    for (RecordPlan.Skipped s : plan.skipped()) {
      out.println("skipped " + Echo.visible(s.model()) + ": " + Echo.visible(s.why()));
    }
    out.println(totalLine(plan));
    out.flush();
  }

  /**
   * {@code In all: 36 requests to ask (12 recorded before): about 1,234 prompt tokens and 456
   * answer tokens (estimated), estimated cost $0.02.}
   */
  static String totalLine(RecordPlan plan) {
    String head =
        "In all: "
            + count(plan.requests(), "request")
            + " to ask"
            + (plan.already() == 0 ? "" : " (" + plan.already() + " recorded before)");
    if (plan.requests() == 0) {
      return head + ".";
    }
    String tokens =
        String.format(
            Locale.ROOT,
            "about %,d prompt tokens and %,d answer tokens (estimated)",
            plan.promptTokens(),
            plan.completionTokens());
    long unpriced = plan.unpriced();
    if (unpriced == 0) {
      return head + ": " + tokens + ", estimated cost " + Dollars.of(plan.knownCost()) + ".";
    }
    return head
        + ": "
        + tokens
        + "; cost unknown for "
        + count(unpriced, "model")
        + " (no inference price in the prices file)"
        + (plan.knownCost().signum() > 0
            ? ", " + Dollars.of(plan.knownCost()) + " for the others"
            : "")
        + ".";
  }

  /**
   * Asks every item's missing examples under one progress line. A model the API no longer serves
   * (404) is skipped with a line; any other failure past the retries stops the run.
   *
   * @return the exit code
   */
  static int run(
      CliContext context,
      PrintWriter out,
      PrintWriter err,
      ChatGateway gateway,
      RecordPlan plan,
      Shutdowns shutdowns) {
    RecordProgress progress =
        new RecordProgress(
            out,
            context.clock(),
            context.terminal(),
            context.terminalWidth(),
            plan.already(),
            plan.total());
    Recorder recorder = new Recorder(gateway, context.clock(), context.sleeper(), progress);
    int asked = 0;
    int retries = 0;
    int complete = 0;
    int planned = 0;
    int recorded = plan.already();
    List<String> gone = new ArrayList<>();
    Thread worker = Thread.currentThread();
    try (Interrupts.Registration ignored = context.interrupts().onInterrupt(worker::interrupt)) {
      for (RecordPlan.Item item : plan.items()) {
        if (item.todo().isEmpty()) {
          complete += item.examples().size() == item.data().examples().size() ? 1 : 0;
          planned++;
          continue;
        }
        try (AnswerLog log = AnswerLog.open(item.dir(), item.header())) {
          int before = log.size();
          try {
            Recorder.Result r = recorder.record(item.todo(), log, item.options());
            asked += r.asked();
            retries += r.retries();
          } catch (ApiException e) {
            recorded += log.size() - before;
            if (e.kind() == ApiException.Kind.NOT_FOUND) {
              progress.clear();
              progress.drop(item.examples().size() - log.size());
              gone.add(item.model());
              out.println(
                  "skipped "
                      + Echo.visible(item.model())
                      + ": "
                      + Echo.visible(RecordRun.gone(item.model(), e, shutdowns.of(item.model()))));
              out.flush();
              continue;
            }
            progress.finish();
            String resume =
                "; "
                    + recorded
                    + " of "
                    + plan.total()
                    + " answers of the plan are recorded, rerun the same command to go on";
            if (e.kind() == ApiException.Kind.INTERRUPTED) {
              Thread.interrupted();
              err.println("openai-ft: interrupted" + resume);
              err.flush();
              return ExitCode.INTERRUPTED.code();
            }
            throw CliException.withContext(e, item.model() + ": " + e.getMessage() + resume);
          }
          recorded += log.size() - before;
          if (item.data().examples().stream().allMatch(x -> log.contains(x.index()))) {
            complete++;
          }
          if (item.examples().stream().allMatch(x -> log.contains(x.index()))) {
            planned++;
          }
        }
      }
      progress.finish();
    }
    out.println(
        "Recorded "
            + count(asked, "answer")
            + (retries == 0 ? "" : " (" + count(retries, "retry", "retries") + ")")
            + "; "
            + complete
            + " of "
            + count(plan.items().size(), "model")
            + " completely recorded"
            + (planned > complete ? " (" + planned + " as far as --limit asked)" : "")
            + (gone.isEmpty() ? "" : ", " + gone.size() + " no longer served")
            + (plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size() + " left out")
            + ".");
    out.flush();
    return ExitCode.OK.code();
  }

  private static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  private static String count(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }
}
