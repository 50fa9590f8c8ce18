package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.JsonLinesEventPrinter;
import dev.openaift.follow.Outcome;
import dev.openaift.follow.PlainEventPrinter;
import dev.openaift.follow.ProgressPrinter;
import dev.openaift.io.ShownPath;
import java.io.PrintWriter;
import java.util.List;

/**
 * Runs a {@link FollowSession} for a command and prints how it ended: shared by {@code follow},
 * {@code events --follow} and {@code demo}. Exit codes: 0 succeeded, 3 failed or cancelled, 130
 * stopped by Ctrl-C (the job is left alone).
 */
final class FollowRunner {
  private FollowRunner() {}

  /** How events are shown: a progress line (terminals only) and/or JSON lines. */
  record Display(boolean progress, boolean json) {}

  record Result(ExitCode exitCode, FollowSession.Outcome outcome) {}

  static Result run(
      CliContext ctx,
      PrintWriter out,
      PrintWriter err,
      FineTuningGateway gateway,
      CancellableSleeper sleeper,
      String jobId,
      FollowSession.Settings settings,
      Display display) {
    ProgressPrinter progress =
        display.progress() && !display.json()
            ? new ProgressPrinter(out, ctx.zone(), ctx.clock(), ctx.terminalWidth())
            : null;
    FollowListener printer =
        display.json()
            ? new JsonLinesEventPrinter(out)
            : progress != null ? progress : new PlainEventPrinter(out, ctx.zone());
    FollowSession session = new FollowSession(gateway, settings, printer, ctx.clock(), sleeper);
    try (Interrupts.Registration ignored = ctx.interrupts().onInterrupt(session::cancel)) {
      FollowSession.Outcome outcome;
      try {
        outcome = session.run(jobId);
      } catch (ApiException e) {
        if (e.kind().transientFault()) {
          // The API kept failing past every retry: what was seen is stored, a rerun goes on from
          // there.
          throw CliException.withContext(
              e, e.getMessage() + "; to go on later: openai-ft follow " + jobId);
        }
        throw e;
      } finally {
        if (progress != null) {
          progress.clear();
        }
      }
      // With --json, standard output carries events only; the rest goes to standard error.
      PrintWriter info = display.json() ? err : out;
      ExitCode code;
      List<String> lines;
      if (outcome.interrupted()) {
        lines = Outcome.interrupted(jobId, outcome.job());
        code = ExitCode.INTERRUPTED;
      } else {
        boolean azure = gateway.connection() != null && gateway.connection().isAzure();
        lines = Outcome.lines(outcome.job(), azure);
        code = Outcome.succeeded(outcome.job()) ? ExitCode.OK : ExitCode.JOB_FAILED;
      }
      lines.forEach(info::println);
      if (outcome.report() != null) {
        info.println("report: " + ShownPath.of(outcome.report().file()));
      }
      if (outcome.index() != null) {
        info.println("archive: " + ShownPath.of(outcome.index()));
      }
      info.flush();
      out.flush();
      return new Result(code, outcome);
    }
  }
}
