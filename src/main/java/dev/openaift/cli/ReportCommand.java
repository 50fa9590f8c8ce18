package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FilesReport;
import dev.openaift.archive.JobArchiver;
import dev.openaift.archive.TrainerRunReport;
import dev.openaift.io.Echo;
import dev.openaift.io.ShownPath;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.TrainerState;
import dev.openaift.report.ReportFormat;
import dev.openaift.report.ReportOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class ReportCommand extends ContextCommand {
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

  @Mixin ReportsDirOption reportsDir;

  @Mixin TemplatesOption templates;

  ReportCommand(CliContext context) {
    super(context);
  }

  /**
   * Whether a whole command line is a report that draws figures, read before picocli parses it (so
   * that the graphics can start meanwhile): {@code report} first among the words that are not
   * options, no help or version asked, and a {@code --format} list, if any, with html, ipynb or
   * png. A guess only: a line that picocli then refuses has only started the graphics for nothing.
   */
  static boolean draws(String... args) {
    String command = null;
    Set<ReportFormat> formats = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
        return false;
      }
      if (a.equals("--format") && i + 1 == args.length) {
        return false; // picocli refuses it
      }
      String list =
          a.startsWith("--format=")
              ? a.substring("--format=".length())
              : a.equals("--format") ? args[++i] : null;
      if (list != null) {
        try {
          formats = ReportFormat.parseList(list);
        } catch (IllegalArgumentException e) {
          return false;
        }
      } else if (command == null && !a.startsWith("-")) {
        command = a;
      }
    }
    return "report".equals(command)
        && (formats == null
            || formats.contains(ReportFormat.HTML)
            || formats.contains(ReportFormat.IPYNB)
            || formats.contains(ReportFormat.PNG));
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
      throw usage(e.getMessage());
    }
    Path templateDir = templates.dir();
    boolean files = results != null || events != null || job != null || checkpoints != null;
    if (!all && targets.size() == 1 && !files && TrainerState.isRun(Path.of(targets.get(0)))) {
      TrainerRunReport run =
          new TrainerRunReport(
              Path.of(targets.get(0)),
              out,
              reportsDir.dir(),
              notices(),
              analysisOptions,
              context.clock(),
              true);
      ReportPrinter.printWarnings(err(), "", run.analysis());
      Path written = run.write(ReportOptions.of(fmt, templateDir, false), what());
      return printed(written, run.archive());
    }
    boolean folder = targets.size() == 1 && Files.isDirectory(Path.of(targets.get(0)));
    if (all || (!targets.isEmpty() && !folder)) {
      if (files || out != null) {
        throw usage(
            "job ids and --all take no --out/--results/--events/--job/--checkpoints (the report"
                + " goes to --reports-dir)");
      }
      if (all && !targets.isEmpty()) {
        throw usage("give job ids or --all, not both");
      }
      if (!all && force) {
        throw usage("--force goes with --all");
      }
      for (String id : targets) {
        if (Files.isDirectory(Path.of(id))) {
          throw usage("give one job folder, or job ids: " + id + " is a folder");
        }
        notALocalFile(id);
        JobIdArgs.check(spec, id);
      }
      return online(new ArchiveSettings(analysisOptions, fmt, templateDir, context.zone()));
    }
    if (force) {
      throw usage("--force goes with --all");
    }
    Path dir = folder ? Path.of(targets.get(0)) : null;
    if (dir != null && files) {
      throw usage("give either a job folder or --results/--events/--job/--checkpoints, not both");
    }
    if (dir == null && !files) {
      throw usage("give a job folder, or --results and/or --events");
    }
    ReportOptions reportOptions = ReportOptions.of(fmt, templateDir, false);
    FilesReport report =
        dir != null
            ? FilesReport.ofFolder(
                dir, out, reportsDir.dir(), notices(), analysisOptions, context.clock())
            : FilesReport.ofFiles(
                new JobInputs(results, events, job, checkpoints),
                out,
                reportsDir.dir(),
                notices(),
                analysisOptions,
                context.clock());
    ReportPrinter.printWarnings(err(), "", report.analysis());
    return printed(report.write(reportOptions, what()), report.archive());
  }

  /**
   * Refuses a target that is meant as a local file rather than a job id: one that exists (a result
   * file, events, a job object: they go with their options), or one that does not but is written as
   * a path ({@link LocalTargets}), which would otherwise be taken for a job id and sent to the API
   * (exit 5, as for any missing file).
   */
  private void notALocalFile(String target) {
    Path path = Path.of(target);
    if (Files.isRegularFile(path)) {
      throw usage(
          TrainerState.isRun(path)
              ? "give one Trainer run at a time: " + target + " is one"
              : target
                  + " is a file but not a Trainer run: give a result file with --results, events"
                  + " with --events, a job object with --job");
    }
    LocalTargets.requireExistingIfPath(target);
  }

  /** Prints the report's path, and rebuilds and prints the index of the archive it went into. */
  private int printed(Path written, Archive archive) {
    PrintWriter pw = out();
    pw.println("report: " + written);
    if (archive != null) {
      pw.println(
          "index: "
              + archive.rebuildIndex(
                  new ArchiveSettings(
                          AnalysisOptions.DEFAULTS, null, templates.dir(), context.zone())
                      .withShutdowns(retirement.shutdowns(context.clock())),
                  context.clock()));
    }
    return ExitCode.OK.code();
  }

  /** What this run writes, as another run waiting for the archive is told. */
  private String what() {
    return Echo.cut(String.join(" ", targets.isEmpty() ? List.of("--results/--events") : targets));
  }

  /** Fetches, archives and reports the jobs given (or all), then rebuilds the archive index. */
  private int online(ArchiveSettings settings) {
    PrintWriter pw = out();
    Archive archive = new Archive(reportsDir.dir(), notices());
    try (FineTuningGateway gateway = connection.gateway(context, context.sleeper())) {
      JobArchiver archiver =
          new JobArchiver(gateway, archive, settings, context.clock(), context.sleeper());
      JobFailures failures = new JobFailures(err());
      JobArchiver.Listener printer = new ReportPrinter(pw, err());
      if (all) {
        archiver.archiveAll(force, failures::attempt, printer);
      } else {
        archiver.archiveEach(targets, failures::attempt, printer);
      }
      if (failures.anySucceeded() || all) {
        Path index = archive.rebuildIndex(settings, context.clock());
        pw.println("archive: " + ShownPath.of(index));
      }
      return failures.exitCode();
    }
  }
}
