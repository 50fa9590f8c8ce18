package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.Connection;
import dev.openaift.io.Counts;
import dev.openaift.io.Echo;
import dev.openaift.models.Dollars;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.RecordPlan;
import dev.openaift.record.RecordProgress;
import dev.openaift.record.Recorder;
import dev.openaift.retirement.RecordEveryModel;
import dev.openaift.retirement.Shutdowns;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code record --all} as people see it: the plan ({@link RecordEveryModel}) printed with a line
 * per model, a line per model left out and the total, then one run with one progress line; each
 * model's answers go to its own recording exactly as {@code record MODEL} writes them, so a rerun
 * asks only what is missing.
 */
final class RecordAll {
  private RecordAll() {}

  /** The plan as people read it: a line per model, a line per model left out, the total. */
  static void print(PrintWriter out, RecordPlan plan) {
    long models = plan.items().stream().filter(i -> !i.checkpoint()).count();
    long ckpts = plan.items().size() - models;
    out.println(
        "Recording "
            + Counts.of(models, "fine-tuned model")
            + (ckpts == 0 ? "" : " and " + Counts.of(ckpts, "checkpoint"))
            + (plan.skipped().isEmpty() ? "" : " (" + plan.skipped().size() + " left out)"));
    for (RecordPlan.Item i : plan.items()) {
      out.println(
          "  "
              + Echo.visible(i.model())
              + " on its "
              + Echo.visible(i.source())
              + ", "
              + Counts.of(i.examples().size(), "example")
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
            + Counts.of(plan.requests(), "request")
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
        + Counts.of(unpriced, "model")
        + " (no inference price in the prices file)"
        + (plan.knownCost().signum() > 0
            ? ", " + Dollars.of(plan.knownCost()) + " for the others"
            : "")
        + ".";
  }

  /**
   * The plan printed, then, unless it is a dry run, nothing is left to ask or the spending is not
   * confirmed, the one run on a chat gateway opened on {@code chat}.
   *
   * @return the exit code
   */
  static int confirmAndRun(
      CliContext context,
      UserInput input,
      PrintWriter out,
      PrintWriter err,
      RecordPlan plan,
      Shutdowns shutdowns,
      RecordingOptions recording,
      Connection chat) {
    print(out, plan);
    if (recording.dryRun) {
      out.println("Dry run: nothing was sent.");
      return ExitCode.OK.code();
    }
    if (plan.requests() == 0) {
      out.println(
          plan.items().isEmpty()
              ? "Nothing to ask: no model to record."
              : "Nothing to ask: every model of the plan is recorded.");
      return ExitCode.OK.code();
    }
    if (!Spending.confirm(
        context,
        input,
        err,
        recording.yes,
        plan.cost(),
        Counts.of(plan.requests(), "request")
            + " to "
            + Counts.of(plan.items().stream().filter(i -> !i.todo().isEmpty()).count(), "model"))) {
      return ExitCode.OK.code();
    }
    try (ChatGateway gateway = context.gateways().chat(chat, context.sleeper(), context.clock())) {
      return run(context, out, err, gateway, plan, shutdowns);
    }
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
    RecordProgress progress = RecordRun.progress(context, out, plan.already(), plan.total());
    Recorder recorder = RecordRun.recorder(context, gateway, progress);
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
              // its answers before the 404 were paid for: the closing line counts them too
              asked += log.size() - before;
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
            + Counts.of(asked, "answer")
            + (retries == 0 ? "" : " (" + Counts.of(retries, "retry", "retries") + ")")
            + "; "
            + complete
            + " of "
            + Counts.of(plan.items().size(), "model")
            + " completely recorded"
            + (planned > complete ? " (" + planned + " as far as --limit asked)" : "")
            + (gone.isEmpty() ? "" : ", " + gone.size() + " no longer served")
            + (plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size() + " left out")
            + ".");
    out.flush();
    return ExitCode.OK.code();
  }
}
