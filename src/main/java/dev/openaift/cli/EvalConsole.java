package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.Connection;
import dev.openaift.api.Endpoint;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.Provider;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Judge;
import dev.openaift.eval.Metric;
import dev.openaift.eval.Paired;
import dev.openaift.eval.Verdict;
import dev.openaift.io.Counts;
import dev.openaift.io.ShownPath;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.BatchProgress;
import dev.openaift.record.ChatExample;
import dev.openaift.record.Recorder;
import dev.openaift.report.EvalReport;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import dev.openaift.session.EvalListener;
import dev.openaift.session.EvalOptions;
import dev.openaift.session.EvalOutcome;
import dev.openaift.session.EvalSession;
import dev.openaift.session.EvalTarget;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An evaluation run from the command line ({@code eval}, and {@code jobs create --classification}
 * after its job): opens the gateways from the {@link CliContext}, runs the {@link EvalSession},
 * prints its plan and progress, asks before spending, and prints the scores, the verdicts and where
 * the files went.
 */
final class EvalConsole implements EvalListener {
  /** The judge's progress line while it is asked ({@link #judging}). */
  private BatchProgress judgeProgress;

  private int judgeShown;
  private Interrupts.Registration judgeInterrupts;

  /** The dates of the models asked, read at the first that must be ({@link #shutdownOf}). */
  private Shutdowns dates;

  private final CliContext context;
  private final UserInput input;
  private final PrintWriter out;
  private final PrintWriter err;
  private final ConnectionOptions connection;
  private final boolean yes;

  /**
   * @param out where the plan, the progress and the scores go
   * @param connection the command's connection: models on its endpoint are asked through it
   * @param yes do not ask before spending
   */
  EvalConsole(
      CliContext context,
      UserInput input,
      PrintWriter out,
      PrintWriter err,
      ConnectionOptions connection,
      boolean yes) {
    this.context = context;
    this.input = input;
    this.out = out;
    this.err = err;
    this.connection = connection;
    this.yes = yes;
  }

  /**
   * Runs the evaluation and returns the exit code.
   *
   * @param failOn null, or which verdicts make the exit code {@link ExitCode#CHECK_FAILED}
   */
  int run(EvalOptions o, Verdict.FailOn failOn) {
    // the recorder retries by itself (a rate limit pauses every worker), so its gateway must not;
    // the judge's questions go one at a time through the SDK's own retries. No key is needed when
    // nothing is asked.
    EvalOutcome outcome =
        new EvalSession(
                o,
                context.clock(),
                context.zone(),
                this,
                target ->
                    context
                        .gateways()
                        .chat(
                            connectionOf(target).withMaxRetries(0),
                            context.sleeper(),
                            context.clock()),
                () ->
                    context
                        .gateways()
                        .chat(
                            connection.connection(context.env()),
                            context.sleeper(),
                            context.clock()),
                this::shutdownOf,
                o.judgeModel() == null ? null : connection.endpoint(context.env()))
            .run();
    out.flush();
    return switch (outcome.status()) {
      case DRY_RUN, NOT_CONFIRMED -> ExitCode.OK.code();
      case INTERRUPTED -> ExitCode.INTERRUPTED.code();
      case WRITTEN -> written(outcome, o, failOn);
    };
  }

  private int written(EvalOutcome outcome, EvalOptions o, Verdict.FailOn failOn) {
    Evaluation.Result result = outcome.result();
    printSummary(result, outcome.meta());
    printVerdicts(result);
    printJudge(outcome.meta().judge());
    if (outcome.coverage() != null) {
      out.println(outcome.coverage());
    }
    out.println(
        "Wrote "
            + ShownPath.of(outcome.evalDir().resolve(EvalReport.HTML_FILE))
            + " (and eval.json, eval.csv, eval.ipynb).");
    if (outcome.jobDir() != null) {
      out.println(
          "Attached to the report of "
              + o.jobId()
              + ": "
              + ShownPath.of(outcome.jobDir().resolve("index.html")));
    }
    out.flush();
    if (failOn != null) {
      long failing = result.verdicts().stream().filter(v -> failOn.fails(v.outcome())).count();
      if (failing > 0) {
        err.println(
            "openai-ft: "
                + Counts.of(failing, "verdict")
                + " of "
                + result.verdicts().size()
                + (failOn == Verdict.FailOn.FAIL ? " failed" : " did not pass")
                + " (--fail-on "
                + failOn.name().toLowerCase(Locale.ROOT)
                + "); the results are written");
        err.flush();
        return ExitCode.CHECK_FAILED.code();
      }
    }
    return ExitCode.OK.code();
  }

  /**
   * The shutdown of a model eval must ask, by the rule the judge is checked by ({@link
   * EvalCommand}): OpenAI's dates (the models list's, then the dated table) for a model on the
   * command's endpoint; none (null) for an Azure deployment, which keeps its own, or a model on
   * another server. The models list is read once, and only when a model must be asked (no key is
   * needed when nothing is).
   */
  private Shutdown shutdownOf(EvalTarget target) {
    Endpoint own = connection.endpoint(context.env());
    if (own.provider() == Provider.AZURE || !target.endpoint().sameServiceAs(own)) {
      return null;
    }
    if (dates == null) {
      Shutdowns table = RetirementOptions.builtIn(context.clock());
      try (LifecycleGateway gateway = connection.gateway(context, context.sleeper())) {
        dates = table.withModels(gateway.listModels());
      } catch (ApiException e) {
        if (e.kind() == ApiException.Kind.INTERRUPTED) {
          throw e;
        }
        // a server without a models list (a proxy) still has the table's dates; whatever kept the
        // list from being read shows again, as it is, when the model is asked
        dates = table;
      }
    }
    return dates.of(target.model());
  }

  /**
   * The connection that asks {@code target}: the command's own, or for a model named with
   * {@code @URL} one to that address with the key the command would send there ({@code --api-key}
   * or {@code OPENAI_API_KEY}; {@code AZURE_OPENAI_API_KEY} for an Azure host).
   */
  private Connection connectionOf(EvalTarget target) {
    Connection own = connection.connection(context.env());
    if (target.endpoint().sameServiceAs(own.endpoint())) {
      return own;
    }
    return Connection.fromEnvironment(
        context.env(), connection.apiKey, target.endpoint().baseUrl(), null, null);
  }

  @Override
  public void line(String text) {
    out.println(text);
    out.flush();
  }

  @Override
  public void note(String text) {
    err.println("openai-ft: " + text);
    err.flush();
  }

  @Override
  public boolean confirmSpending(Optional<BigDecimal> cost, int requests) {
    return Spending.confirm(context, input, err, yes, cost, Counts.of(requests, "request"));
  }

  @Override
  public boolean record(
      ChatGateway gateway,
      AnswerLog log,
      List<ChatExample> todo,
      Recorder.Options options,
      int total,
      String whose) {
    // a model past its shutdown date was refused before (EvalSession): a 404 now is reported as
    // the API gives it
    return RecordRun.ask(context, out, err, gateway, log, todo, options, total, whose, null)
        != null;
  }

  /**
   * The judge's progress line (as record's: redrawn on a terminal, a plain line now and then off
   * one), and Ctrl-C stopping it between two questions with a line saying what is kept: every reply
   * is in judge.jsonl the moment it arrives.
   */
  @Override
  public void judging(int total) {
    judgeProgress =
        new BatchProgress(
            "judged", out, context.clock(), context.terminal(), context.terminalWidth(), 0, total);
    judgeShown = 0;
    Thread worker = Thread.currentThread();
    judgeInterrupts = context.interrupts().onInterrupt(worker::interrupt);
  }

  @Override
  public void judged(int questions) {
    while (judgeProgress != null && judgeShown < questions) {
      judgeProgress.done();
      judgeShown++;
    }
  }

  @Override
  public void judgeEnded() {
    if (judgeProgress != null) {
      judgeProgress.finish();
      judgeProgress = null;
    }
    if (judgeInterrupts != null) {
      judgeInterrupts.close();
      judgeInterrupts = null;
      // a Ctrl-C has been turned into the judge's "interrupted" error, which says what is kept
      Thread.interrupted();
    }
  }

  private void printSummary(Evaluation.Result r, EvalMeta meta) {
    out.println();
    String[] head = new String[r.models().size() + 1];
    head[0] =
        meta.against().startsWith("recorded:")
            ? "agreement with " + meta.referenceName()
            : "metric";
    int[] right = new int[r.models().size()];
    for (int m = 0; m < r.models().size(); m++) {
      head[m + 1] = r.models().get(m).model();
      right[m] = m + 1;
    }
    TableFormatter t = new TableFormatter(head).rightAligned(right);
    for (Metric metric : r.metrics()) {
      Object[] row = new Object[head.length];
      row[0] = metric.id();
      for (int m = 0; m < r.models().size(); m++) {
        Evaluation.Summary s = r.models().get(m).summaries().get(metric);
        row[m + 1] =
            Double.isNaN(s.mean())
                ? "-"
                : String.format(Locale.ROOT, "%.4f (n=%d)", s.mean(), s.n());
      }
      t.add(row);
    }
    t.print(out);
    for (Evaluation.Comparison c : r.comparisons()) {
      var d = c.difference();
      if (d.n() == 0) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%s: %s - %s = %+.4f, 95%% CI [%+.4f, %+.4f]%s%n",
          c.metric().id(),
          c.modelB(),
          c.modelA(),
          d.diff(),
          d.ciLow(),
          d.ciHigh(),
          c.mcnemar() == null
              ? ""
              : String.format(Locale.ROOT, ", McNemar p = %.4g", c.mcnemar().pValue()));
    }
    out.println();
  }

  /** {@code token_f1: local vs ft:...: PASS (difference -0.0120, lower bound -0.0310 > -0.05)}. */
  private void printVerdicts(Evaluation.Result r) {
    if (r.verdicts().isEmpty()) {
      return;
    }
    Verdict first = r.verdicts().get(0);
    String m = Verdict.trim(first.margin());
    out.println(
        "Verdicts: is each candidate at most "
            + m
            + " worse than "
            + first.reference()
            + "? (one-sided 95% paired bootstrap)");
    for (Verdict v : r.verdicts()) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %s  %s: %s (candidate - reference %s over %d examples; %s)",
              v.outcome(),
              v.candidate(),
              v.metric().id(),
              v.n() == 0 ? "-" : String.format(Locale.ROOT, "%+.4f", v.difference()),
              v.n(),
              why(v, m)));
    }
    out.println(Verdict.explanation(first.margin(), first.resamples()));
    out.println();
  }

  /**
   * One line per pair the judge compared, and a warning for a pair whose replies were mostly
   * unreadable: a judge that does not answer "1", "2" or "tie" (a base model, a chatty one) is paid
   * for every question, and without this the run would end as a success saying nothing of it.
   */
  private void printJudge(Judge.Result judge) {
    if (judge == null) {
      return;
    }
    for (Judge.PairResult p : judge.pairs()) {
      Paired.Difference d = p.vsTie();
      String pair = p.modelA() + " vs " + p.modelB();
      String replies = Counts.of(p.replies(), "reply", "replies");
      out.println(
          String.format(
              Locale.ROOT,
              "judge %s, %s: %,d of %s judged%s; %s better in both orders %,d, %s better in both"
                  + " %,d, split %,d, tie or mixed %,d; %,d of %s unreadable",
              judge.judgeModel(),
              pair,
              d.n(),
              Counts.of(p.asked(), "example"),
              d.n() == 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", preference for %s %.4f (95%% CI %.4f to %.4f)",
                      p.modelB(),
                      d.meanB(),
                      p.preferenceLow(),
                      p.preferenceHigh()),
              p.modelB(),
              p.bothB(),
              p.modelA(),
              p.bothA(),
              p.split(),
              d.n() - p.bothA() - p.bothB() - p.split(),
              p.unreadable(),
              replies));
      if (p.mostlyUnreadable()) {
        out.println(
            String.format(
                Locale.ROOT,
                "warning: the judge could not be read in %,d of its %s about %s (it did not"
                    + " answer 1, 2 or tie): its preference rests on %s of %,d",
                p.unreadable(),
                replies,
                pair,
                Counts.of(d.n(), "example"),
                p.asked()));
      }
    }
    out.println();
  }

  private static String why(Verdict v, String m) {
    return switch (v.outcome()) {
      case PASS -> String.format(Locale.ROOT, "lower bound %+.4f is above -%s", v.lowerBound(), m);
      case FAIL -> String.format(Locale.ROOT, "upper bound %+.4f is below -%s", v.upperBound(), m);
      case INCONCLUSIVE ->
          v.n() == 0
              ? "no example has both answers"
              : String.format(
                      Locale.ROOT,
                      "bounds %+.4f to %+.4f include -%s",
                      v.lowerBound(),
                      v.upperBound(),
                      m)
                  + (v.examplesToSettle() == null
                      ? ""
                      : String.format(
                          Locale.ROOT,
                          "; about %,d examples would likely settle it",
                          v.examplesToSettle()));
    };
  }
}
