package dev.openaift.cli;

import dev.openaift.archive.JobArchiver;
import dev.openaift.io.ShownPath;
import dev.openaift.metrics.JobAnalysis;
import java.io.PrintWriter;

/**
 * What {@code report} prints as it goes: a line per job it archives (on standard output), the input
 * warnings of each analysis (on standard error), a line per job it skips.
 */
final class ReportPrinter implements JobArchiver.Listener {
  private final PrintWriter out;
  private final PrintWriter err;

  ReportPrinter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void archived(JobArchiver.Archived a) {
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
    out.println(
        a.report() == null
            ? "archived " + what + ": no events or results yet, no report"
            : "report: " + ShownPath.of(a.report().file()) + "  " + what);
    out.flush();
  }

  @Override
  public void skipped(String line) {
    out.println(line);
    out.flush();
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
}
