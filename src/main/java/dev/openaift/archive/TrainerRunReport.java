package dev.openaift.archive;

import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.job.JobFileWriter;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.HelperThreads;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.TrainerState;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportRenderer;
import dev.openaift.report.ReportService;
import dev.openaift.report.ReportView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Trainer run reported like a job: analysed, then written into {@code out} or into
 * the archive ({@code REPORTS-DIR/RUN_NAME/}) with its {@code source.json} and a copy of the state
 * it was read from, so that the archived folder alone rebuilds the report. Two runs of one name get
 * two folders ({@link Archive#runFolder}); a run already in the archive is reported in place.
 */
public final class TrainerRunReport {
  private static final Pattern BEST_METRIC = Pattern.compile("\\(best_metric ([^)]+)\\)$");
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("checkpoint-[0-9]+");

  private final Path path;
  private final TrainerState.Run run;
  private final Path out;
  private final boolean inPlace;
  private final Archive archive;
  private final JobAnalysis analysis;
  private final String runPath;
  private final String origin;

  /**
   * Reads and analyses the run at {@code path} (its folder or its {@code trainer_state.json}).
   *
   * @param out where the report goes, or null for the archive: the one the run's folder is in when
   *     it was reported there before, else {@code reportsDir}
   * @param notices told when the archive is busy with another run
   * @param alone whether it is the only run the process reads (a report, not a comparison): then a
   *     large state is followed by a full collection, for the report's peak memory ({@link
   *     #collectAfterRead}); beside other runs in memory it only costs time (two 200,000-step runs
   *     compared: 1.68 against 1.58 s median wall, the same peak, 2026-12-07)
   */
  public TrainerRunReport(
      Path path,
      Path out,
      Path reportsDir,
      Consumer<String> notices,
      AnalysisOptions options,
      Clock clock,
      boolean alone) {
    this(path, out, reportsDir, notices, options, clock, WARM_UP_BYTES, alone);
  }

  /**
   * As the public constructor, warming the pages and collecting after the read from a state of
   * {@code warmUpBytes} on.
   */
  TrainerRunReport(
      Path path,
      Path out,
      Path reportsDir,
      Consumer<String> notices,
      AnalysisOptions options,
      Clock clock,
      long warmUpBytes,
      boolean alone) {
    this.path = path;
    this.out = out;
    boolean large = stateBytes(path) >= warmUpBytes;
    try (HelperThreads.Helper<Void> warm = large ? warmUpBeside() : null) {
      this.run = TrainerState.read(path);
      if (large && alone) {
        collectAfterRead();
      }
      JobSource archived = Files.isDirectory(path) ? JobSource.read(path) : null;
      this.inPlace =
          out == null && archived != null && JobSource.TRAINER.equals(archived.provider());
      this.archive =
          out != null
              ? null
              : new Archive(
                  inPlace ? path.toAbsolutePath().normalize().getParent() : reportsDir, notices);
      AnalysisOptions dated =
          archive == null
              ? options
              : options.withShutdowns(archive.shutdowns(options.shutdowns(), clock));
      this.analysis = Analyzer.analyze(run.data(), dated);
      this.runPath =
          inPlace && archived.runPath() != null ? archived.runPath() : run.stateFile().toString();
      this.origin = inPlace && archived.origin() != null ? archived.origin() : runDir(run);
      if (warm != null) {
        warm.join();
      }
    }
  }

  /**
   * Bytes of state from which the pages are warmed beside the read and the heap is collected after
   * it: 8 MiB, about 50,000 logged steps, read and analysed in about 100 ms, while the warm-up
   * takes 200-250 ms of the other core.
   */
  static final long WARM_UP_BYTES = 8L << 20;

  /**
   * The pages warmed ({@link ReportRenderer#warmUp}) on a helper while a large state is read and
   * analysed alone on this thread. Only for a state of {@code warmUpBytes} or more: a small state
   * is read in milliseconds, and a third thread drawing cold beside the pages' two slows them (a
   * 1,000-step report, 2026-12-07: 0.67 s with it against 0.63 s without).
   */
  private static HelperThreads.Helper<Void> warmUpBeside() {
    return HelperThreads.start(
        "report-warm-up",
        () -> {
          ReportRenderer.warmUp();
          return null;
        });
  }

  /** The size of the state the run at {@code path} is read from; 0 when unknown (the read says). */
  private static long stateBytes(Path path) {
    Path state = TrainerState.stateFile(path);
    try {
      return state == null ? 0 : Files.size(state);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * A full collection once a large state is read: the peak memory of the report is its goal (issue
   * 22 asks for at most 0.6 of the peer's). Measured 2026-12-07 on a 200,000-step state (31 MB), 12
   * runs alternating: peak RSS 120-124 MiB (median 120) against 123-128 MiB (median 125), the same
   * wall; the collection takes about 9 ms and frees only about 1 MB then, but the tenured
   * generation ends the report 2.2 MB smaller (39.3 against 41.5 MB), as what the read left in the
   * young generation is no longer promoted beside the pages' own objects. Before the read it gave
   * 122, after the analysis 124.
   */
  private static void collectAfterRead() {
    System.gc();
  }

  public JobAnalysis analysis() {
    return analysis;
  }

  /** The archive the report goes into, or null when it goes to {@code out}. */
  public Archive archive() {
    return archive;
  }

  /**
   * Writes the report with the run's facts (where it was read from, the hyperparameter files, the
   * Trainer's best checkpoint, the source of each metric), its {@code source.json} and the copies
   * of the state files, holding the archive's lock; returns the report's main file.
   *
   * @param what this run as another one waiting for the archive is told
   */
  public Path write(ReportOptions options, String what) {
    try (Archive.Lock held = archive == null ? null : archive.lock("report " + what)) {
      Path target = out != null ? out : inPlace ? path : archive.runFolder(folderName(run), origin);
      Path written;
      // the copies beside the report: for a 31 MB state they are 50-60 ms of the kernel's copy and
      // the sync, alone on this thread at the end before
      try (HelperThreads.Helper<Void> copies =
          HelperThreads.start(
              "state-copy",
              () -> {
                copyStates(target);
                return null;
              })) {
        written = ReportService.write(analysis, options.withSourceFacts(facts()), target);
        copies.join();
      }
      new JobSource(JobSource.TRAINER, null, null, runPath, origin).write(target);
      if (!run.data().checkpoints().isEmpty()) {
        JobFileWriter.writeCheckpoints(
            target.resolve(JobInputs.CHECKPOINTS), run.data().checkpoints());
      }
      return written;
    }
  }

  /** Copies what the report was made from, so that the archived folder alone rebuilds it. */
  private void copyStates(Path target) {
    Path stateDir = run.stateFile().toAbsolutePath().getParent();
    copyInto(target, run.stateFile(), TrainerState.FILE);
    for (String side : TrainerState.SIDE_FILES) {
      Path f = Files.isDirectory(path) ? path.resolve(side) : stateDir.resolve(side);
      if (Files.isRegularFile(f)) {
        copyInto(target, f, side);
      }
    }
  }

  private List<ReportView.Fact> facts() {
    List<ReportView.Fact> facts =
        new ArrayList<>(new JobSource(JobSource.TRAINER, null, null, runPath).facts(null));
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    run.hyperparameterFiles().forEach((file, present) -> (present ? found : missing).add(file));
    facts.add(
        new ReportView.Fact(
            "Hyperparameters from",
            String.join(", ", found)
                + (missing.isEmpty() ? "" : " (not found: " + String.join(", ", missing) + ")")));
    if (run.bestCheckpoint() != null) {
      facts.add(
          new ReportView.Fact("Trainer's best checkpoint", trainersBest(run.bestCheckpoint())));
    }
    run.sources()
        .forEach(
            (metric, what) -> {
              if (!metric.equals(what)) {
                facts.add(new ReportView.Fact("Source of " + metric, what));
              }
            });
    return facts;
  }

  /**
   * The reader's {@code checkpoint-40 (best_metric 0.8530871868133545)} with the metric written as
   * the page writes every metric ({@code 0.8531}).
   */
  static String trainersBest(String best) {
    Matcher m = BEST_METRIC.matcher(best);
    if (!m.find()) {
      return best;
    }
    try {
      String metric = ReportView.number(Double.parseDouble(m.group(1)));
      return best.substring(0, m.start(1)) + metric + best.substring(m.end(1));
    } catch (NumberFormatException e) {
      return best;
    }
  }

  /**
   * What identifies a Trainer run ({@link JobSource#origin}): the folder holding its state under a
   * Trainer's own name ({@code trainer_state.json}, LLaMA-Factory's {@code trainer_log.jsonl}), or
   * the run folder above a {@code checkpoint-N} folder; a state file under any other name is a run
   * of its own (several can sit in one folder: {@code lr-3e-4.json}, {@code lr-1e-4.json}), so the
   * file itself identifies it.
   */
  private static String runDir(TrainerState.Run run) {
    if (!ownName(run)) {
      return run.stateFile().toAbsolutePath().normalize().toString();
    }
    Path dir = run.stateFile().toAbsolutePath().normalize().getParent();
    if (dir.getFileName() != null
        && CHECKPOINT_DIR.matcher(dir.getFileName().toString()).matches()
        && dir.getParent() != null) {
      dir = dir.getParent();
    }
    return dir.toString();
  }

  /** Whether the run's state file has a name a Trainer gives it (one per run folder). */
  private static boolean ownName(TrainerState.Run run) {
    String name = run.stateFile().getFileName().toString();
    return name.equals(TrainerState.FILE) || name.equals(TrainerState.LINE_LOG);
  }

  /**
   * The name of the run's folder in the archive: the run's name (its folder's), or for a state file
   * under a name of its own, that name without its extension.
   */
  private static String folderName(TrainerState.Run run) {
    if (ownName(run)) {
      return run.name();
    }
    String file = run.stateFile().getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static void copyInto(Path folder, Path file, String name) {
    Path copy = folder.resolve(name);
    try {
      if (!Files.exists(copy) || !Files.isSameFile(copy, file)) {
        // by the kernel, never held in memory (a whole 30 MB state there, in the channel's direct
        // buffer too, was 60 MB)
        AtomicFiles.copy(file, copy);
      }
    } catch (IOException e) {
      throw new InputFileException(file, "cannot copy to " + copy + ": " + e.getMessage(), e);
    }
  }
}
