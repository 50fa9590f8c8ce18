package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.Comparisons;
import dev.openaift.archive.JobArchiver;
import dev.openaift.archive.TrainerRunReport;
import dev.openaift.io.ShownPath;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.TrainerState;
import dev.openaift.report.Comparison;
import dev.openaift.report.ReportFormat;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code openai-ft compare}: several archived jobs overlaid in one report. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Overlay several jobs in one report: smoothed loss and accuracy of each on shared axes (by"
          + " step, fraction of training or tokens seen), full-validation points and best"
          + " checkpoints marked, and a side-by-side table (settings, data files, tokens, cost,"
          + " duration, final and best metrics, evaluations) with the settings that differ"
          + " highlighted.",
      "",
      "Jobs are given by id (fetched into the archive first when not there), by folder, or selected"
          + " from the archive with --suffix, --model and --since. The report goes to"
          + " REPORTS-DIR/compare-<short hash of the ids>/ (index.html, report.ipynb, compare.json)"
          + " and is linked from REPORTS-DIR/index.html.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft compare ftjob-abc123 ftjob-def456",
      "  openai-ft compare reports/ftjob-abc123 reports/ftjob-def456 --by fraction",
      "  openai-ft compare --suffix support-bot --since 2026-11-01 --by tokens",
      "  openai-ft compare ftjob-abc123 outputs/llama-lora --by fraction"
    })
final class CompareCommand extends ContextCommand {
  @Parameters(
      arity = "0..*",
      paramLabel = "JOB_ID|DIR",
      description =
          "Job ids (archived, or fetched first), job folders, or Trainer runs: an output folder"
              + " (reported into the archive first) or the name the archive gives one.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--by",
      paramLabel = "AXIS",
      defaultValue = "step",
      description =
          "The x axis: step, fraction (of each job's steps) or tokens (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(
      names = "--suffix",
      paramLabel = "S",
      description =
          "Also compare the archived jobs with this suffix (repeatable: jobs with any of them).")
  List<String> suffixes = new ArrayList<>();

  @Option(
      names = "--model",
      paramLabel = "M",
      description =
          "Also compare the archived jobs of this base or fine-tuned model (or a prefix, e.g."
              + " gpt-4o-mini; repeatable: jobs of any of them).")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description =
          "With --suffix/--model, or alone: archived jobs created on or after this day (YYYY-MM-DD,"
              + " local time).")
  String since;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write it (default: REPORTS-DIR/compare-<hash>).")
  Path out;

  @Mixin ReportsDirOption reportsDir;

  @Option(
      names = "--smoothing",
      paramLabel = "W",
      defaultValue = "0.6",
      description = "Debiased EMA weight, 0 to 0.999 (default: ${DEFAULT-VALUE}).")
  double smoothing;

  @Option(
      names = "--format",
      paramLabel = "LIST",
      defaultValue = "html,ipynb,json",
      description =
          "Outputs to write, comma-separated: html, ipynb, json, png (default: ${DEFAULT-VALUE}).")
  String formats;

  @Mixin TemplatesOption templates;

  @Mixin ConnectionOptions connection;

  @Mixin RetirementOptions retirement;

  CompareCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Comparison.Axis axis;
    AnalysisOptions analysisOptions;
    Set<ReportFormat> fmt;
    List<Comparisons.Filter> filters = new ArrayList<>();
    try {
      axis = Comparison.Axis.parse(by);
      analysisOptions =
          new AnalysisOptions(smoothing, AnalysisOptions.DEFAULTS.rollingWindow())
              .withShutdowns(retirement.shutdowns(context.clock()));
      fmt = ReportFormat.parseList(formats);
      if (fmt.contains(ReportFormat.CSV)) {
        throw new IllegalArgumentException(
            "--format: a comparison has no csv (each job's metrics.csv is in its folder)");
      }
      LocalDate from = since == null ? null : LocalDate.parse(since);
      // repeated --suffix/--model: a job matching any of them (and --since)
      for (String suffix :
          suffixes.isEmpty() ? Collections.<String>singletonList(null) : suffixes) {
        for (String model : models.isEmpty() ? Collections.<String>singletonList(null) : models) {
          Comparisons.Filter f = new Comparisons.Filter(suffix, model, from);
          if (!f.isEmpty()) {
            filters.add(f);
          }
        }
      }
    } catch (DateTimeParseException e) {
      throw usage("--since must be a date as YYYY-MM-DD, not '" + since + "'");
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Path templateDir = templates.dir();
    Archive archive = new Archive(reportsDir.dir(), notices());
    PrintWriter pw = out();
    List<Target> given = new ArrayList<>();
    Map<Path, TrainerRunReport> trainerRuns = new LinkedHashMap<>();
    Map<String, Path> fetched = new LinkedHashMap<>();
    for (String t : targets) {
      Path p = Path.of(t);
      Path inArchive = archive.root().resolve(t).normalize();
      if (!Files.isDirectory(p)
          && !t.contains("/")
          && !t.contains("\\")
          && inArchive.getParent().equals(archive.root())
          && Files.isRegularFile(inArchive.resolve(ReportService.SUMMARY_FILE))) {
        // a run the archive names (a Trainer run's folder: lora-run), given by that name
        p = inArchive;
      }
      if (Files.isDirectory(p) && isRawTrainerRun(p)) {
        given.add(new Target(null, p, null));
        trainerRuns.put(p, null);
      } else if (Files.isDirectory(p)) {
        given.add(new Target(p.toAbsolutePath().normalize(), null, null));
      } else if (Files.exists(p)) {
        throw usage(
            t
                + " is a file: give job folders, Trainer run folders, job ids or the names the"
                + " archive gives runs");
      } else {
        // a mistyped folder is said to be missing, not taken for a job id
        LocalTargets.requireExistingIfPath(t);
        String id = JobIdArgs.check(spec, t);
        Path folder = archive.folder(id);
        if (archived(folder)) {
          given.add(new Target(folder, null, null));
        } else {
          given.add(new Target(null, null, id));
          fetched.put(id, null);
        }
      }
    }
    List<Path> matched = new ArrayList<>();
    for (Comparisons.Filter filter : filters) {
      matched.addAll(Comparisons.matching(archive, filter, context.zone()));
    }
    Set<Path> known = new LinkedHashSet<>(matched);
    given.stream().map(Target::folder).filter(f -> f != null).forEach(known::add);
    int count = known.size() + trainerRuns.size() + fetched.size();
    if (count < 2) {
      throw tooFew(count, filters);
    }
    // every target is checked, and every Trainer run read and analysed (a broken one fails here),
    // before anything is written: a typo in the last target used to leave the Trainer runs before
    // it reported into the archive
    for (Path p : trainerRuns.keySet()) {
      trainerRuns.put(
          p,
          new TrainerRunReport(
              p, null, reportsDir.dir(), notices(), analysisOptions, context.clock(), false));
    }
    if (!fetched.isEmpty()) {
      ArchiveSettings settings =
          new ArchiveSettings(
              analysisOptions,
              ArchiveSettings.defaults(context.zone()).formats(),
              templateDir,
              context.zone());
      // before a Trainer run is written: no key, or no answer, fails with nothing of them written
      try (FineTuningGateway gateway = connection.gateway(context, context.sleeper())) {
        JobArchiver archiver =
            new JobArchiver(gateway, archive, settings, context.clock(), context.sleeper());
        for (String id : fetched.keySet()) {
          JobArchiver.Archived a = archiver.archive(id);
          pw.println("archived " + id + " (" + a.job().status() + ")");
          pw.flush();
          fetched.put(id, a.folder());
        }
      }
    }
    Map<Path, Path> reported = new LinkedHashMap<>();
    for (Map.Entry<Path, TrainerRunReport> e : trainerRuns.entrySet()) {
      // a Trainer run's output folder: reported into the archive first, as 'report DIR' does,
      // and compared from there (nothing is written into the training folder)
      Path p = e.getKey();
      TrainerRunReport run = e.getValue();
      ReportPrinter.printWarnings(err(), "", run.analysis());
      Path written =
          run.write(
              ReportOptions.of(
                  ArchiveSettings.defaults(context.zone()).formats(), templateDir, false),
              "trainer run " + p);
      pw.println("reported " + ShownPath.of(p) + " into " + ShownPath.of(written.getParent()));
      pw.flush();
      reported.put(p, written.getParent().toAbsolutePath().normalize());
    }
    // in the order given, then the jobs the filters matched
    Set<Path> folders = new LinkedHashSet<>();
    for (Target t : given) {
      folders.add(
          t.folder() != null
              ? t.folder()
              : t.trainerRun() != null ? reported.get(t.trainerRun()) : fetched.get(t.jobId()));
    }
    folders.addAll(matched);
    if (folders.size() < 2) {
      throw tooFew(folders.size(), filters);
    }
    List<Path> list = new ArrayList<>(folders);
    Path target =
        out != null
            ? out
            : Comparisons.folderFor(
                archive, list.stream().map(f -> f.getFileName().toString()).toList());
    Comparison comparison;
    try {
      comparison =
          Comparisons.load(
              list,
              axis,
              analysisOptions,
              ReportOptions.of(
                  EnumSet.of(
                      ReportFormat.HTML, ReportFormat.IPYNB, ReportFormat.JSON, ReportFormat.CSV),
                  templateDir,
                  false),
              target);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    boolean inArchive = target.toAbsolutePath().normalize().getParent().equals(archive.root());
    Path page;
    // into the archive: one writer at a time (the archive's lock)
    try (Archive.Lock held = inArchive ? archive.lock("compare " + target.getFileName()) : null) {
      page = Comparisons.write(comparison, ReportOptions.of(fmt, templateDir, false), target);
    }
    pw.println("compare: " + ShownPath.of(page));
    if (inArchive) {
      Path index =
          archive.rebuildIndex(
              new ArchiveSettings(analysisOptions, null, templateDir, context.zone()),
              context.clock());
      pw.println("archive: " + ShownPath.of(index));
    }
    return ExitCode.OK.code();
  }

  /**
   * A target as given: a folder to compare, a Trainer run's output folder to report first, or the
   * id of a job to fetch first (one of the three).
   */
  private record Target(Path folder, Path trainerRun, String jobId) {}

  private ParameterException tooFew(int given, List<Comparisons.Filter> filters) {
    return usage(
        "compare needs at least two jobs; "
            + (targets.isEmpty() && filters.isEmpty()
                ? "give job ids or folders, or --suffix/--model/--since"
                : given + (given == 1 ? " was" : " were") + " given or matched"));
  }

  /**
   * A Trainer run not yet in an archive (its output folder: a state, no report): a folder holding a
   * report of its own ({@code summary.json}) is one the archive already has.
   */
  private static boolean isRawTrainerRun(Path folder) {
    return TrainerState.isRun(folder)
        && !Files.isRegularFile(folder.resolve(ReportService.SUMMARY_FILE));
  }

  private static boolean archived(Path folder) {
    return Files.isDirectory(folder)
        && (Files.isRegularFile(folder.resolve(JobInputs.RESULTS))
            || Files.isRegularFile(folder.resolve(JobInputs.EVENTS)));
  }
}
