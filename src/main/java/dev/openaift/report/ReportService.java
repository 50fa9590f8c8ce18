package dev.openaift.report;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.HelperThreads;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.MetricsCsv;
import dev.openaift.metrics.SummaryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;

/**
 * One report from start to end: analyse the job's files, render every requested output in memory,
 * then write them as one set ({@link StagedOutput}: staged, then swapped in), so a failure at any
 * step leaves the folder's old report whole.
 */
public final class ReportService {
  /** The machine-readable summary's file name. */
  public static final String SUMMARY_FILE = "summary.json";

  /** The canonical metrics table's file name (the notebook reads it). */
  public static final String METRICS_FILE = "metrics.csv";

  private ReportService() {}

  /** Every requested file of the report, in memory; the notebook always brings its metrics.csv. */
  public static SortedMap<String, byte[]> render(JobAnalysis analysis, ReportOptions options) {
    InMemoryOutput out = new InMemoryOutput();
    try {
      write(analysis, options, out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.files();
  }

  /**
   * Analyses the inputs and writes the report into {@code outDir}; returns the main file written.
   */
  public static Path write(
      JobInputs inputs, AnalysisOptions analysisOptions, ReportOptions options, Path outDir) {
    JobAnalysis analysis = Analyzer.analyze(inputs, analysisOptions);
    return write(analysis, options, outDir);
  }

  /** Writes the report of an analysed job into {@code outDir}; returns the main file written. */
  public static Path write(JobAnalysis analysis, ReportOptions options, Path outDir) {
    String main;
    try (StagedOutput out = new StagedOutput(outDir)) {
      main = write(analysis, options, out, outDir);
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report to " + outDir + ": " + e.getMessage(), e);
    }
    return outDir.resolve(main);
  }

  /**
   * Renders the pages in memory (a template error writes nothing) while this thread writes the
   * metrics table, streamed (it can be large); then the other files, and the page last. Returns the
   * main file's name. The evaluations attached to the job in {@code jobDir} (null: none) are part
   * of its pages.
   */
  private static String write(
      JobAnalysis analysis, ReportOptions options, ReportOutput out, Path jobDir)
      throws IOException {
    boolean csv = options.wants(ReportFormat.CSV) || options.wants(ReportFormat.IPYNB);
    SortedMap<String, byte[]> files;
    if (csv && ReportRenderer.draws(options)) {
      // The pages and the table need only the analysis: the pages are drawn on a helper thread
      // while this one writes metrics.csv. Without this overlap a 1,000,000-step report cannot
      // meet its target on two cores: the whole run, in order, took 1.81 s of CPU (2026-12-07),
      // more than 0.4 of the peer's 3.5-3.8 s wall. Once the table is written this thread helps
      // with the pages (figures, the template, the notebook): a 1,000-step report's pages are
      // mostly its first figures, cold, and the table takes milliseconds there (median wall 0.67
      // against 0.62 s and 0.63 against 0.59 s, 1,000-step Trainer report, 7 runs alternating,
      // 2026-12-07; 200,000 steps 1.07 against 1.01 s, 5 runs).
      ReportRenderer.Pages pages = new ReportRenderer.Pages(analysis, options);
      try (HelperThreads.Helper<SortedMap<String, byte[]>> rendered =
          HelperThreads.start("report-pages", pages::render)) {
        out.write(METRICS_FILE, stream -> MetricsCsv.write(analysis, stream));
        pages.help();
        files = rendered.join();
      }
    } else {
      if (csv) {
        out.write(METRICS_FILE, stream -> MetricsCsv.write(analysis, stream));
      }
      files = ReportRenderer.render(analysis, options);
    }
    if (jobDir != null && AttachedEvaluations.any(jobDir)) {
      AttachedEvaluations.addTo(files, jobDir, options.templatesDir());
    }
    if (options.wants(ReportFormat.JSON)) {
      files.put(SUMMARY_FILE, SummaryJson.write(analysis).getBytes(StandardCharsets.UTF_8));
    }
    ReportWriter.write(files, out);
    return files.containsKey(ReportRenderer.HTML_FILE)
        ? ReportRenderer.HTML_FILE
        : files.containsKey(ReportRenderer.NOTEBOOK_FILE)
            ? ReportRenderer.NOTEBOOK_FILE
            : files.isEmpty() ? METRICS_FILE : files.firstKey();
  }
}
