package dev.openaift.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.Endpoint;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.JudgeLog;
import dev.openaift.eval.Metric;
import dev.openaift.eval.Paired;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatExample;
import dev.openaift.record.Recorder;
import dev.openaift.retirement.DateSource;
import dev.openaift.retirement.Shutdown;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation session without a command line: a listener that collects what it is told, models
 * that answer from a table, the archive in a temporary folder.
 */
class EvalSessionTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private Path data;
  private Path reports;
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger judgeAsked = new AtomicInteger();

  /** Collects the session's lines; says yes or no to spending; records with the real recorder. */
  private final class Collecting implements EvalListener {
    final List<String> lines = new ArrayList<>();
    final List<Optional<BigDecimal>> questions = new ArrayList<>();
    final boolean spend;
    int judged;

    Collecting(boolean spend) {
      this.spend = spend;
    }

    @Override
    public void line(String text) {
      lines.add(text);
    }

    @Override
    public void note(String text) {
      lines.add("note: " + text);
    }

    @Override
    public boolean confirmSpending(Optional<BigDecimal> cost, int requests) {
      questions.add(cost);
      return spend;
    }

    @Override
    public boolean record(
        ChatGateway gateway,
        AnswerLog log,
        List<ChatExample> todo,
        Recorder.Options options,
        int total,
        String whose) {
      new Recorder(gateway, CLOCK, d -> {}, new Recorder.Listener() {}).record(todo, log, options);
      return true;
    }

    @Override
    public void judged(int questions) {
      judged = questions;
    }
  }

  @BeforeEach
  void files() throws Exception {
    data = tmp.resolve("capitals.jsonl");
    reports = tmp.resolve("reports");
    Files.writeString(
        data,
        example("France", "Paris") + example("Italy", "Rome") + example("Spain", "Madrid"),
        StandardCharsets.UTF_8);
  }

  private static String example(String country, String capital) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of "
        + country
        + "?\"},{\"role\":\"assistant\",\"content\":\""
        + capital
        + "\"}]}\n";
  }

  /** "good" knows every capital, "bad" always says Paris, the judge always prefers answer 1. */
  private ChatGateway models() {
    return request -> {
      asked.incrementAndGet();
      String q = request.messages().get(request.messages().size() - 1).content();
      String answer =
          request.model().equals("bad")
              ? "Paris"
              : q.contains("France") ? "Paris" : q.contains("Italy") ? "Rome" : "Madrid";
      return new ChatCompletion(
          "c", request.model(), answer, "stop", 10L, 1L, 11L, null, 5, List.of(), null);
    };
  }

  private ChatGateway judge() {
    return request -> {
      judgeAsked.incrementAndGet();
      return new ChatCompletion(
          "j", request.model(), "1", "stop", 50L, 1L, 51L, null, 5, List.of(), null);
    };
  }

  private EvalOptions options() {
    return options(
        List.of(EvalTarget.of("good", Endpoint.OPENAI), EvalTarget.of("bad", Endpoint.OPENAI)),
        null,
        null,
        null,
        false);
  }

  /** The exact metric on the capitals with the defaults of {@code eval}. */
  private EvalOptions options(
      List<EvalTarget> models, EvalTarget against, String judge, String job, boolean dryRun) {
    return new EvalOptions(
        data,
        models,
        against,
        List.of(Metric.EXACT),
        judge,
        job,
        null,
        reports,
        null,
        null,
        null,
        Recorder.Options.DEFAULT_CONCURRENCY,
        Paired.DEFAULT_RESAMPLES,
        EvalOptions.DEFAULT_BOOTSTRAP_SEED,
        EvalOptions.DEFAULT_TOP,
        dryRun,
        ModelCatalog.builtIn(),
        Set.of(),
        null,
        null);
  }

  private EvalOutcome run(EvalOptions o, EvalListener listener) {
    return run(o, listener, t -> null);
  }

  /** A run whose models, and judge on OpenAI's endpoint, have the shutdowns {@code dates} gives. */
  private EvalOutcome run(
      EvalOptions o, EvalListener listener, Function<EvalTarget, Shutdown> dates) {
    return new EvalSession(
            o, CLOCK, ZoneOffset.UTC, listener, t -> models(), this::judge, dates, Endpoint.OPENAI)
        .run();
  }

  @Test
  void recordsWhatIsMissingScoresAndWritesTheFilesThenPaysNothingTwice() {
    Collecting listener = new Collecting(true);
    EvalOutcome outcome = run(options(), listener);

    assertEquals(EvalOutcome.Status.WRITTEN, outcome.status());
    assertEquals(6, asked.get(), "three answers of each model");
    assertEquals(1, listener.questions.size(), "the spending is put to the listener once");
    assertTrue(listener.lines.get(0).startsWith("Evaluating good, bad on "), listener.lines.get(0));
    assertTrue(
        listener.lines.contains("In all: 6 requests, estimated unknown.")
            || listener.lines.stream().anyMatch(l -> l.startsWith("In all: 6 requests, estimated")),
        String.join("\n", listener.lines));
    Evaluation.Result r = outcome.result();
    assertEquals(1.0, r.models().get(0).summaries().get(Metric.EXACT).mean(), 1e-9);
    assertEquals(1.0 / 3, r.models().get(1).summaries().get(Metric.EXACT).mean(), 1e-9);
    for (String f : List.of("eval.json", "eval.csv", "eval.html", "eval.ipynb")) {
      assertTrue(Files.isRegularFile(outcome.evalDir().resolve(f)), f);
    }
    assertEquals(reports.resolve("evals"), outcome.evalDir().getParent());
    assertTrue(outcome.evalDir().getFileName().toString().startsWith("capitals-"));
    assertNull(outcome.jobDir());
    assertNull(outcome.coverage());

    Collecting again = new Collecting(false);
    EvalOutcome second = run(options(), again);
    assertEquals(EvalOutcome.Status.WRITTEN, second.status());
    assertEquals(6, asked.get(), "a rerun asks nothing: every answer is recorded");
    assertTrue(again.questions.isEmpty(), "nothing to pay, nothing to confirm");
    assertEquals(outcome.evalDir(), second.evalDir(), "the same comparison, the same folder");
  }

  @Test
  void aDryRunTellsThePlanAndSendsAndWritesNothing() {
    EvalOptions o = options(options().models(), null, null, null, true);
    Collecting listener = new Collecting(true);
    EvalOutcome outcome = run(o, listener);

    assertEquals(EvalOutcome.Status.DRY_RUN, outcome.status());
    assertEquals(0, asked.get());
    assertTrue(listener.questions.isEmpty());
    assertEquals(
        "Dry run: nothing was sent or written.", listener.lines.get(listener.lines.size() - 1));
    assertFalse(Files.exists(reports));
  }

  @Test
  void spendingThatIsNotConfirmedSendsNothing() {
    Collecting listener = new Collecting(false);
    EvalOutcome outcome = run(options(), listener);

    assertEquals(EvalOutcome.Status.NOT_CONFIRMED, outcome.status());
    assertEquals(0, asked.get());
    assertFalse(Files.exists(outcome.evalDir()));
  }

  @Test
  void theJudgeIsAskedEachPairInBothOrdersAndOnlyOnce() {
    EvalOptions o = options(options().models(), null, "judge-model", null, false);
    Collecting listener = new Collecting(true);
    EvalOutcome outcome = run(o, listener);

    assertEquals(EvalOutcome.Status.WRITTEN, outcome.status());
    assertEquals(6, judgeAsked.get(), "one pair, three examples, two orders");
    assertEquals(6, listener.judged);
    assertNotNull(outcome.meta().judge());
    assertTrue(Files.isRegularFile(outcome.evalDir().resolve(JudgeLog.FILE)));

    run(o, new Collecting(true));
    assertEquals(6, judgeAsked.get(), "the judge's replies are logged: a rerun asks none again");
  }

  @Test
  void aJudgeThatHasShutDownIsRefusedBeforeAnythingIsSentUnlessItHasNothingLeftToAnswer() {
    EvalOptions o = options(options().models(), null, "judge-model", null, false);
    // the judge's date as the models list gives it, asked at the judge's own endpoint
    Function<EvalTarget, Shutdown> dates =
        t -> {
          if (!t.model().equals("judge-model")) {
            return null;
          }
          assertEquals(Endpoint.OPENAI, t.endpoint());
          return new Shutdown(
              "judge-model", LocalDate.parse("2026-11-01"), -28L, DateSource.MODELS_API);
        };
    ShutDownModelException refused =
        assertThrows(ShutDownModelException.class, () -> run(o, new Collecting(true), dates));
    assertEquals(
        "--judge-model judge-model shut down on 2026-11-01 (date from the models api): choose a"
            + " judge that still answers; nothing was sent",
        refused.getMessage());
    assertEquals(0, asked.get(), "no answer paid for");
    assertEquals(0, judgeAsked.get());

    // judged in full while it answered: a rerun has nothing to ask it, and goes on
    run(o, new Collecting(true));
    assertEquals(6, judgeAsked.get());
    EvalOutcome again = run(o, new Collecting(true), dates);
    assertEquals(EvalOutcome.Status.WRITTEN, again.status());
    assertEquals(6, judgeAsked.get());
  }

  @Test
  void theJudgesEstimateCountsOnlyItsOwnRepliesAsFree() {
    run(options(options().models(), null, "judge-model", null, false), new Collecting(true));
    assertEquals(6, judgeAsked.get());

    Collecting same = new Collecting(true);
    run(options(options().models(), null, "judge-model", null, true), same);
    assertTrue(
        same.lines.stream().anyMatch(l -> l.contains("0 questions") && l.contains("answered")),
        same.lines.toString());

    // another judge's replies are not this one's: all six are to be paid for, and said so
    Collecting other = new Collecting(true);
    run(options(options().models(), null, "judge-two", null, true), other);
    assertTrue(
        other.lines.stream().anyMatch(l -> l.contains("judge-two") && l.contains("6 questions")),
        other.lines.toString());
    assertFalse(
        other.lines.stream().anyMatch(l -> l.contains("all answered before")),
        other.lines.toString());
  }

  @Test
  void aMissingReferenceOrReportIsSaidBeforeAnythingIsAsked() {
    EvalOptions against =
        options(
            List.of(EvalTarget.of("good", Endpoint.OPENAI)),
            EvalTarget.of("old", Endpoint.OPENAI),
            null,
            null,
            false);
    EvalException none =
        assertThrows(EvalException.class, () -> run(against, new Collecting(true)));
    assertTrue(none.getMessage().startsWith("no recording of old from "), none.getMessage());
    assertTrue(none.getMessage().contains("openai-ft record old --data "), none.getMessage());

    EvalException noReport =
        assertThrows(
            EvalException.class,
            () ->
                run(
                    options(options().models(), null, null, "ftjob-abc", false),
                    new Collecting(true)));
    assertTrue(
        noReport.getMessage().startsWith("no report of ftjob-abc in "), noReport.getMessage());
    assertEquals(0, asked.get());
  }

  @Test
  void classificationOfAJobHasEvalsDefaultsAndAsksAtTemperatureZero() {
    EvalOptions o =
        EvalOptions.classification(
            data,
            EvalTarget.of("good", Endpoint.OPENAI),
            "ftjob-abc",
            reports,
            Set.of("Paris"),
            42L,
            ModelCatalog.builtIn());
    assertEquals(List.of(Metric.CLASSIFICATION), o.metrics());
    assertEquals(0.0, o.temperature());
    assertEquals(42L, o.seed());
    assertEquals(Recorder.Options.DEFAULT_CONCURRENCY, o.concurrency());
    assertEquals(Paired.DEFAULT_RESAMPLES, o.resamples());
    assertEquals(EvalOptions.DEFAULT_TOP, o.top());
    assertEquals(EvalOptions.DEFAULT_BOOTSTRAP_SEED, o.bootstrapSeed());
    assertFalse(o.dryRun());
  }

  @Test
  void withoutMetricsTheDataChoosesThem() {
    EvalOptions plain = options();
    EvalOptions o =
        new EvalOptions(
            plain.data(),
            plain.models(),
            null,
            List.of(),
            null,
            null,
            null,
            plain.reportsDir(),
            null,
            null,
            null,
            plain.concurrency(),
            plain.resamples(),
            plain.bootstrapSeed(),
            plain.top(),
            false,
            plain.catalog(),
            plain.knownLabels(),
            null,
            null);
    EvalOutcome outcome = run(o, new Collecting(true));
    assertEquals(
        List.of(Metric.EXACT, Metric.NORMALISED_EXACT, Metric.CONTAINS, Metric.TOKEN_F1),
        outcome.result().metrics(),
        "text answers: the text metrics, no JSON ones");
  }
}
