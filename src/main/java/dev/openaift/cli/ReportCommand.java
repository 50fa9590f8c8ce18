package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.Pages;
import dev.openaift.api.Sleeper;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.JobArchiver;
import dev.openaift.archive.JobSource;
import dev.openaift.io.AtomicFiles;
import dev.openaift.job.Echo;
import dev.openaift.job.InputFileException;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.TrainerState;
import dev.openaift.report.ReportFormat;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportRenderer;
import dev.openaift.report.ReportService;
import dev.openaift.report.ReportView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code openai-ft report}: the report of one job from files on disk, or of jobs fetched from the
 * API and archived ({@code report JOB_ID...}, {@code report --all}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Build job reports from an archived folder, loose files, or the API (job ids, --all).",
      "",
      "The report (index.html, report.ipynb, summary.json, metrics.csv) of one job from files on"
          + " disk: an archived job folder (job.json, events.jsonl, checkpoints.json, results.csv;"
          + " any optional but one of results/events) or the individual files.",
      "A Hugging Face Trainer run (a folder with trainer_state.json, or the file itself): the same"
          + " report, archived in REPORTS-DIR/RUN_NAME/ (with source.json and a copy of the state),"
          + " then the archive index is rebuilt.",
      "Given job ids (or --all), fetch each job, its events, checkpoints and result file from the"
          + " API, archive them in REPORTS-DIR/JOB_ID/ and build the report there; then rebuild"
          + " REPORTS-DIR/index.html. --all skips finished jobs already archived, unless --force.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft report reports/ftjob-abc123",
      "  openai-ft report --results step_metrics.csv --events events.jsonl --out reports/my-job",
      "  openai-ft report reports/ftjob-abc123 --smoothing 0.8 --format html",
      "  openai-ft report ftjob-abc123 ftjob-def456",
      "  openai-ft report --all",
      "  openai-ft report outputs/my-lora-run            (a Trainer output folder)",
      "  openai-ft report outputs/my-lora-run/checkpoint-500/trainer_state.json"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "DIR|JOB_ID",
      description =
          "An archived job folder (an existing directory), a Trainer run folder or"
              + " trainer_state.json, or one or more job ids to fetch and archive.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--all",
      description =
          "Archive and report every job of the account (skips finished jobs already archived).")
  boolean all;

  @Option(
      names = "--force",
      description = "With --all: fetch and report archived finished jobs again.")
  boolean force;

  @Mixin ConnectionOptions connection;

  @Mixin RetirementOptions retirement;

  @Option(
      names = "--results",
      paramLabel = "FILE",
      description =
          "The result file (step_metrics.csv or compiled_results.csv; base64 is decoded).")
  Path results;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Events as JSON lines or a saved list page.")
  Path events;

  @Option(names = "--job", paramLabel = "FILE", description = "The job object (job.json).")
  Path job;

  @Option(
      names = "--checkpoints",
      paramLabel = "FILE",
      description = "The checkpoints list (checkpoints.json).")
  Path checkpoints;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the report (default: the job folder, or reports/<job-id>).")
  Path out;

  @Option(
      names = "--smoothing",
      paramLabel = "W",
      defaultValue = "0.6",
      description = "Debiased EMA weight, 0 to 0.999 (default: ${DEFAULT-VALUE}).")
  double smoothing;

  @Option(
      names = "--window",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Points in the rolling mean and band of the validation estimates (default:"
              + " ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--format",
      paramLabel = "LIST",
      defaultValue = "html,ipynb,json,csv",
      description =
          "Outputs to write, comma-separated: html, ipynb, json, csv, png (default:"
              + " ${DEFAULT-VALUE}).")
  String formats;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description =
          "The archive; without --out a report from files goes to DIR/<job-id> (default:"
              + " ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description = "A folder of .ftlh templates that override the built-in ones.")
  Path templates;

  private final CliContext context;

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AnalysisOptions analysisOptions;
    Set<ReportFormat> fmt;
    try {
      analysisOptions =
          new AnalysisOptions(smoothing, window)
              .withShutdowns(retirement.shutdowns(context.clock()));
      fmt = ReportFormat.parseList(formats);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (templates != null && !Files.isDirectory(templates)) {
      throw new ParameterException(
          spec.commandLine(), "--templates: no such directory: " + templates);
    }
    boolean files = results != null || events != null || job != null || checkpoints != null;
    if (!all && targets.size() == 1 && !files && TrainerState.isRun(Path.of(targets.get(0)))) {
      return trainerRun(Path.of(targets.get(0)), analysisOptions, fmt);
    }
    boolean folder = targets.size() == 1 && Files.isDirectory(Path.of(targets.get(0)));
    if (all || (!targets.isEmpty() && !folder)) {
      if (files || out != null) {
        throw new ParameterException(
            spec.commandLine(),
            "job ids and --all take no --out/--results/--events/--job/--checkpoints (the report"
                + " goes to --reports-dir)");
      }
      if (all && !targets.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "give job ids or --all, not both");
      }
      if (!all && force) {
        throw new ParameterException(spec.commandLine(), "--force goes with --all");
      }
      for (String id : targets) {
        if (Files.isDirectory(Path.of(id))) {
          throw new ParameterException(
              spec.commandLine(), "give one job folder, or job ids: " + id + " is a folder");
        }
        JobIdArgs.check(spec, id);
      }
      return online(new ArchiveSettings(analysisOptions, fmt, templates, context.zone()));
    }
    if (force) {
      throw new ParameterException(spec.commandLine(), "--force goes with --all");
    }
    Path dir = folder ? Path.of(targets.get(0)) : null;
    if (dir != null && files) {
      throw new ParameterException(
          spec.commandLine(),
          "give either a job folder or --results/--events/--job/--checkpoints, not both");
    }
    if (dir == null && !files) {
      throw new ParameterException(
          spec.commandLine(), "give a job folder, or --results and/or --events");
    }
    ReportOptions reportOptions = ReportOptions.of(fmt, templates, false);
    // graphics set-up on another thread while this one reads and analyses the files
    ReportRenderer.warmUpFor(reportOptions);
    JobInputs inputs =
        dir != null
            ? JobInputs.fromDirectory(dir)
            : new JobInputs(results, events, job, checkpoints);
    // the archive this report goes into (its dates, its lock, its index), or null (--out elsewhere)
    Archive archive =
        out != null ? null : dir != null ? archiveOf(dir) : new Archive(reportsDir, notices());
    AnalysisOptions options =
        archive == null
            ? analysisOptions
            : analysisOptions.withShutdowns(
                Archive.shutdownsOf(
                    dir, archive.shutdowns(analysisOptions.shutdowns(), context.clock())));
    JobAnalysis analysis = Analyzer.analyze(inputs, options);
    printWarnings(spec.commandLine().getErr(), "", analysis);
    JobSource source = dir != null ? JobSource.read(dir) : null;
    if (source != null) {
      reportOptions =
          reportOptions.withSourceFacts(
              source.facts(analysis.job() == null ? null : analysis.job().fineTunedModel()));
    }
    // loose files: a folder of their own, found again by where they were read from
    boolean loose = out == null && dir == null;
    String origin =
        loose
            ? (results != null ? results : events != null ? events : job)
                .toAbsolutePath()
                .normalize()
                .toString()
            : null;
    Path written;
    try (Archive.Lock held = archive == null ? null : archive.lock("report " + what())) {
      Path target =
          out != null ? out : dir != null ? dir : archive.runFolder(analysis.jobId(), origin);
      written = ReportService.write(analysis, reportOptions, target);
      if (loose) {
        new JobSource(JobSource.FILES, null, null, null, origin).write(target);
      }
    }
    return printed(written, archive);
  }

  /** Prints the report's path, and rebuilds and prints the index of the archive it went into. */
  private int printed(Path written, Archive archive) {
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("report: " + written);
    if (archive != null) {
      pw.println(
          "index: "
              + archive.rebuildIndex(
                  new ArchiveSettings(AnalysisOptions.DEFAULTS, null, templates, context.zone())
                      .withShutdowns(retirement.shutdowns(context.clock())),
                  context.clock()));
    }
    return ExitCode.OK.code();
  }

  /** What this run writes, as another run waiting for the archive is told. */
  private String what() {
    return Echo.cut(String.join(" ", targets.isEmpty() ? List.of("--results/--events") : targets));
  }

  /** The one line saying this run waits for another, on stderr. */
  private java.util.function.Consumer<String> notices() {
    PrintWriter err = spec.commandLine().getErr();
    return line -> {
      err.println("openai-ft: " + line);
      err.flush();
    };
  }

  /**
   * The archive a folder is in, when it is one: {@code --reports-dir}, or a folder with an archive
   * index or lock; else null (a folder elsewhere is reported in place, nothing else is touched).
   */
  private Archive archiveOf(Path folder) {
    Path parent = folder.toAbsolutePath().normalize().getParent();
    if (parent == null) {
      return null;
    }
    boolean archive =
        parent.equals(reportsDir.toAbsolutePath().normalize())
            || Files.isRegularFile(parent.resolve(Archive.INDEX_FILE))
            || Files.isRegularFile(parent.resolve(Archive.LOCK_FILE));
    return archive ? new Archive(parent, notices()) : null;
  }

  private static final java.util.regex.Pattern BEST_METRIC =
      java.util.regex.Pattern.compile("\\(best_metric ([^)]+)\\)$");

  /**
   * The reader's {@code checkpoint-40 (best_metric 0.8530871868133545)} with the metric written as
   * the page writes every metric ({@code 0.8531}).
   */
  static String trainersBest(String best) {
    java.util.regex.Matcher m = BEST_METRIC.matcher(best);
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
   * A Hugging Face Trainer run: analysed like a job, reported into {@code --out} or {@code
   * REPORTS-DIR/RUN_NAME/} with its {@code source.json} and a copy of the state it was read from
   * (so {@code openai-ft report REPORTS-DIR/RUN_NAME} rebuilds it); the archive index is rebuilt
   * when the report went into the archive. Two runs of one name get two folders ({@link
   * Archive#runFolder}); the same run reported again updates its own.
   */
  private int trainerRun(Path path, AnalysisOptions analysisOptions, Set<ReportFormat> fmt) {
    TrainerState.Run run = TrainerState.read(path);
    // a run already in the archive (reported before) is reported in place
    JobSource archived = Files.isDirectory(path) ? JobSource.read(path) : null;
    boolean inPlace =
        out == null && archived != null && JobSource.TRAINER.equals(archived.provider());
    Archive archive =
        out != null
            ? null
            : inPlace
                ? new Archive(path.toAbsolutePath().normalize().getParent(), notices())
                : new Archive(reportsDir, notices());
    AnalysisOptions options =
        archive == null
            ? analysisOptions
            : analysisOptions.withShutdowns(
                archive.shutdowns(analysisOptions.shutdowns(), context.clock()));
    JobAnalysis analysis = Analyzer.analyze(run.data(), options);
    printWarnings(spec.commandLine().getErr(), "", analysis);
    String runPath =
        inPlace && archived.runPath() != null ? archived.runPath() : run.stateFile().toString();
    String origin = inPlace && archived.origin() != null ? archived.origin() : runDir(run);
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
    Path written;
    try (Archive.Lock held = archive == null ? null : archive.lock("report " + what())) {
      Path target = out != null ? out : inPlace ? path : archive.runFolder(run.name(), origin);
      written =
          ReportService.write(
              analysis, ReportOptions.of(fmt, templates, false).withSourceFacts(facts), target);
      new JobSource(JobSource.TRAINER, null, null, runPath, origin).write(target);
      // what the report was made from, so that the archived folder alone rebuilds it
      Path runDir = run.stateFile().toAbsolutePath().getParent();
      copyInto(target, run.stateFile(), TrainerState.FILE);
      for (String side : TrainerState.SIDE_FILES) {
        Path f = Files.isDirectory(path) ? path.resolve(side) : runDir.resolve(side);
        if (Files.isRegularFile(f)) {
          copyInto(target, f, side);
        }
      }
      if (!run.data().checkpoints().isEmpty()) {
        JobFiles.writeCheckpoints(target.resolve(JobInputs.CHECKPOINTS), run.data().checkpoints());
      }
    }
    return printed(written, archive);
  }

  /**
   * The folder that identifies a Trainer run: the one holding its {@code trainer_state.json}, or
   * the run folder above a {@code checkpoint-N} folder.
   */
  private static String runDir(TrainerState.Run run) {
    Path dir = run.stateFile().toAbsolutePath().normalize().getParent();
    if (dir.getFileName() != null
        && dir.getFileName().toString().matches("checkpoint-[0-9]+")
        && dir.getParent() != null) {
      dir = dir.getParent();
    }
    return dir.toString();
  }

  private static void copyInto(Path folder, Path file, String name) {
    Path copy = folder.resolve(name);
    try {
      if (!Files.exists(copy) || !Files.isSameFile(copy, file)) {
        // streamed: a whole 30 MB state in memory (and in the channel's direct buffer) was 60 MB
        AtomicFiles.write(copy, out -> Files.copy(file, out));
      }
    } catch (IOException e) {
      throw new InputFileException(file, "cannot copy to " + copy + ": " + e.getMessage(), e);
    }
  }

  /** Fetches, archives and reports the jobs given (or all), then rebuilds the archive index. */
  private int online(ArchiveSettings settings) {
    PrintWriter pw = spec.commandLine().getOut();
    Archive archive = new Archive(reportsDir, notices());
    try (FineTuningGateway gateway = connection.gateway(context, Sleeper.system())) {
      JobArchiver archiver =
          new JobArchiver(gateway, archive, settings, context.clock(), Sleeper.system());
      JobFailures failures = new JobFailures(spec.commandLine().getErr());
      if (all) {
        Pages.walk(
            after -> gateway.listJobs(after, 100),
            Job::id,
            page -> {
              for (Job j : page.data()) {
                if (!JobIds.isSafe(j.id())) {
                  pw.println("skipped " + j.id() + ": not a usable job id");
                } else if (!force && archive.hasFinished(j.id())) {
                  pw.println("skipped " + j.id() + " (" + j.status() + ", already archived)");
                  failures.succeeded();
                } else {
                  failures.attempt(
                      j.id(),
                      () -> printArchived(pw, spec.commandLine().getErr(), archiver.archive(j)));
                }
                pw.flush();
              }
              return true;
            });
      } else {
        for (String id : targets) {
          failures.attempt(
              id, () -> printArchived(pw, spec.commandLine().getErr(), archiver.archive(id)));
          pw.flush();
        }
      }
      if (failures.anySucceeded() || all) {
        Path index = archive.rebuildIndex(settings, context.clock());
        pw.println("archive: " + FollowRunner.shown(index));
      }
      return failures.exitCode();
    }
  }

  /**
   * The input warnings of an analysis (rows re-sorted, non-finite cells, a cut last line, ...),
   * which the report also shows, on stderr too so scripts see them: {@code FILE[:LINE]: warning:
   * ...}, one line each. {@code folder} prefixes the file names ("JOB_ID/" for archived jobs, else
   * "").
   */
  static void printWarnings(PrintWriter err, String folder, JobAnalysis analysis) {
    for (String w : analysis.warnings()) {
      int at = w.indexOf(": ");
      err.println(
          at < 0
              ? folder + "warning: " + w
              : folder + w.substring(0, at) + ": warning: " + w.substring(at + 2));
    }
    err.flush();
  }

  private static void printArchived(PrintWriter pw, PrintWriter err, JobArchiver.Archived a) {
    if (a.report() != null) {
      printWarnings(err, a.job().id() + "/", a.report().analysis());
    }
    String what =
        a.job().id()
            + " ("
            + a.job().status()
            + ", "
            + a.newEvents()
            + " new event"
            + (a.newEvents() == 1 ? "" : "s")
            + ")";
    pw.println(
        a.report() == null
            ? "archived " + what + ": no events or results yet, no report"
            : "report: " + FollowRunner.shown(a.report().file()) + "  " + what);
  }
}
