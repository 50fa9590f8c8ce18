package dev.openaift.cli;

import dev.openaift.job.JobIds;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.report.ReportFormat;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code openai-ft report}: the report of one job from files on disk. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Build the report of one job (index.html, report.ipynb, summary.json, metrics.csv) from files on disk:",
      "an archived job folder (job.json, events.jsonl, checkpoints.json, results.csv; any optional but one of",
      "results/events) or the individual files."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft report reports/ftjob-abc123",
      "  openai-ft report --results step_metrics.csv --events events.jsonl --out reports/my-job",
      "  openai-ft report reports/ftjob-abc123 --smoothing 0.8 --format html"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "An archived job folder.")
  Path dir;

  @Option(names = "--results", paramLabel = "FILE", description = "The result file (step_metrics.csv or compiled_results.csv; base64 is decoded).")
  Path results;

  @Option(names = "--events", paramLabel = "FILE", description = "Events as JSON lines or a saved list page.")
  Path events;

  @Option(names = "--job", paramLabel = "FILE", description = "The job object (job.json).")
  Path job;

  @Option(names = "--checkpoints", paramLabel = "FILE", description = "The checkpoints list (checkpoints.json).")
  Path checkpoints;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: the job folder, or reports/<job-id>).")
  Path out;

  @Option(names = "--smoothing", paramLabel = "W", defaultValue = "0.6",
      description = "Debiased EMA weight, 0 to 0.999 (default: ${DEFAULT-VALUE}).")
  double smoothing;

  @Option(names = "--window", paramLabel = "N", defaultValue = "10",
      description = "Points in the rolling mean and band of the validation estimates (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--format", paramLabel = "LIST", defaultValue = "html,ipynb,json,csv",
      description = "Outputs to write, comma-separated: html, ipynb, json, csv, png (default: ${DEFAULT-VALUE}).")
  String formats;

  @Option(names = "--reports-dir", paramLabel = "DIR", defaultValue = "reports",
      description = "The archive; without --out a report from files goes to DIR/<job-id> (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(names = "--templates", paramLabel = "DIR", description = "A folder of .ftlh templates that override the built-in ones.")
  Path templates;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    Analyzer.warmUp();
    AnalysisOptions analysisOptions;
    Set<ReportFormat> fmt;
    try {
      analysisOptions = new AnalysisOptions(smoothing, window);
      fmt = ReportFormat.parseList(formats);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean files = results != null || events != null || job != null || checkpoints != null;
    if (dir != null && files) {
      throw new ParameterException(spec.commandLine(), "give either a job folder or --results/--events/--job/--checkpoints, not both");
    }
    if (dir == null && !files) {
      throw new ParameterException(spec.commandLine(), "give a job folder, or --results and/or --events");
    }
    if (templates != null && !Files.isDirectory(templates)) {
      throw new ParameterException(spec.commandLine(), "--templates: no such directory: " + templates);
    }
    JobInputs inputs = dir != null ? JobInputs.fromDirectory(dir) : new JobInputs(results, events, job, checkpoints);
    JobAnalysis analysis = Analyzer.analyze(inputs, analysisOptions);
    Path target = out != null ? out : dir != null ? dir : reportsDir.resolve(folderFor(analysis.jobId()));
    Path written = ReportService.write(analysis, ReportOptions.of(fmt, templates, false), target);
    spec.commandLine().getOut().println("report: " + written);
    return ExitCode.OK.code();
  }

  /** The archive folder name of a job read from loose files: its id when that is a safe name. */
  private static String folderFor(String jobId) {
    return JobIds.isSafe(jobId) ? jobId : "job";
  }
}
