package dev.openaift.retirement;

import dev.openaift.api.Endpoint;
import dev.openaift.api.ModelEntry;
import dev.openaift.io.InputFileException;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordPlan;
import dev.openaift.record.Recorder;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingConflictException;
import dev.openaift.record.Recordings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plan of {@code record --all}: every live fine-tuned model (and, when asked, every checkpoint
 * model) with the data it is recorded on, made from the models list, the jobs list and the archive.
 * Each model goes on its own job's validation file as the backup keeps it (else its training file),
 * or on one given file for all; a model that has shut down, is no longer listed, or has no usable
 * data is left out with the reason.
 */
public final class RecordEveryModel {
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
  public record Inputs(
      List<ModelEntry> models,
      List<Job> jobs,
      Function<String, List<Checkpoint>> checkpoints,
      ArchivedJobs archive,
      Path data,
      Integer limit,
      Endpoint endpoint) {}

  private RecordEveryModel() {}

  /**
   * The plan.
   *
   * <p>A model whose recording was made with other parameters is left out with a line (for one
   * model, {@code record} refuses it).
   */
  public static RecordPlan plan(
      Inputs in,
      Shutdowns base,
      Function<String, Recorder.Options> options,
      ModelCatalog catalog,
      Instant now) {
    Shutdowns shutdowns = base.withModels(in.models());
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
      if (r.deleted()) {
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
      try {
        items.add(item(r.model(), checkpoint, jobId, source, data, in, options, catalog, now));
      } catch (RecordingConflictException e) {
        // one recording made with other parameters (or being made by another run) must not keep
        // the other models from being recorded before they shut down: it is left out, saying why
        skipped.add(new RecordPlan.Skipped(r.model(), conflict(r.model(), data, in)));
      }
    }
    return new RecordPlan(items, skipped);
  }

  /**
   * Why a model whose recording conflicts with this run is left out: recorded with other parameters
   * (all of the data's examples answered, or how many), or busy with another run.
   */
  private static String conflict(String model, ChatData data, Inputs in) {
    Path dir = Recordings.dir(in.archive().root(), in.endpoint(), model, data.sha256());
    Optional<Recording> existing = Recording.find(dir);
    if (existing.isEmpty()) {
      return "its recording is being written by another run";
    }
    List<ChatExample> examples = data.examples(in.limit());
    long answered =
        examples.stream().filter(e -> existing.get().answer(e.index()).isPresent()).count();
    String with = "recorded before with " + existing.get().header().sampling().shown();
    return answered == examples.size()
        ? with + ", every example answered: nothing to ask"
        : with
            + ", "
            + answered
            + " of "
            + examples.size()
            + " examples answered: record it alone with those parameters to go on";
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
    return RecordPlan.Item.of(
        model,
        checkpoint,
        jobId,
        source,
        data,
        in.limit(),
        Recordings.dir(in.archive().root(), in.endpoint(), model, data.sha256()),
        optionsOf.apply(model),
        catalog,
        now);
  }
}
