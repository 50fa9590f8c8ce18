package dev.openaift.session;

import dev.openaift.api.ChatGateway;
import dev.openaift.api.Endpoint;
import dev.openaift.archive.Archive;
import dev.openaift.eval.EvalCsv;
import dev.openaift.eval.EvalJson;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.JsonMetrics;
import dev.openaift.eval.Judge;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.io.Counts;
import dev.openaift.io.Sha256;
import dev.openaift.io.ShownPath;
import dev.openaift.models.Dollars;
import dev.openaift.models.InferencePrice;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordEstimate;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recorder;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingConflictException;
import dev.openaift.record.RecordingHeader;
import dev.openaift.record.Recordings;
import dev.openaift.record.Sampling;
import dev.openaift.report.AttachedEvaluations;
import dev.openaift.report.DirectoryOutput;
import dev.openaift.report.EvalReport;
import dev.openaift.retirement.Shutdown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One evaluation, from its options to its files: find each model's recording of the data, estimate
 * what the missing answers and the judge's questions will cost, ask the listener (or stop for a dry
 * run), record the missing answers with {@code record}'s {@link Recorder}, ask the judge, score,
 * and write {@code eval.json}, {@code eval.csv}, {@code eval.html} and {@code eval.ipynb}; with a
 * job, attach the cells to its report and rebuild the archive index. It tells what it does through
 * its {@link EvalListener} and never prints.
 */
public final class EvalSession {
  private final EvalOptions o;
  private final Clock clock;
  private final ZoneId zone;
  private final EvalListener listener;
  private final Function<EvalTarget, ChatGateway> recorders;
  private final Supplier<ChatGateway> judges;
  private final Function<EvalTarget, Shutdown> shutdowns;
  private final Endpoint judgeEndpoint;

  /**
   * @param zone the time zone of the archive index's dates
   * @param recorders gateways for recording a model's answers on its endpoint (without retries of
   *     their own: the recorder retries)
   * @param judges gateways for the judge's questions
   * @param shutdowns the shutdown of a model that must be asked, or null when its endpoint keeps no
   *     such dates; asked only for a model whose recording lacks answers, and for the judge when it
   *     has questions to answer
   * @param judgeEndpoint where the judge is asked (the {@code judges}' endpoint), or null when the
   *     judge's shutdown is not to be checked
   */
  public EvalSession(
      EvalOptions o,
      Clock clock,
      ZoneId zone,
      EvalListener listener,
      Function<EvalTarget, ChatGateway> recorders,
      Supplier<ChatGateway> judges,
      Function<EvalTarget, Shutdown> shutdowns,
      Endpoint judgeEndpoint) {
    this.o = o;
    this.clock = clock;
    this.zone = zone;
    this.listener = listener;
    this.recorders = recorders;
    this.judges = judges;
    this.shutdowns = shutdowns;
    this.judgeEndpoint = judgeEndpoint;
  }

  /** One model's recording and what it lacks. */
  private record Plan(
      EvalTarget target,
      Path dir,
      RecordingHeader header,
      List<ChatExample> todo,
      RecordEstimate estimate) {}

  /**
   * Runs the evaluation.
   *
   * @throws EvalException when there is no report to attach to or no reference to compare with
   */
  public EvalOutcome run() {
    List<Metric> metrics =
        o.metrics().isEmpty() ? defaultMetrics(ChatData.readPrompts(o.data())) : o.metrics();
    ChatData data = o.against() == null ? ChatData.read(o.data()) : ChatData.readPrompts(o.data());
    List<ChatExample> examples = data.examples();
    Path jobDir = null;
    Path evalDir;
    String name = name(data);
    if (o.jobId() != null) {
      jobDir = new Archive(o.reportsDir()).folder(o.jobId());
      if (!Files.isRegularFile(jobDir.resolve("index.html"))
          && !Files.isRegularFile(jobDir.resolve("report.ipynb"))) {
        throw new EvalException(
            "no report of "
                + o.jobId()
                + " in "
                + ShownPath.of(jobDir)
                + " to attach the evaluation to; write it first: openai-ft report "
                + o.jobId());
      }
      evalDir =
          o.out() != null ? o.out() : jobDir.resolve(AttachedEvaluations.EVALS_DIR).resolve(name);
    } else {
      evalDir = o.out() != null ? o.out() : o.reportsDir().resolve("evals").resolve(name);
    }

    EvalReferences refs = EvalReferences.load(o, data);
    String[] references = refs.answers();
    int referenced = refs.count();
    if (o.against() != null && referenced == 0) {
      throw new EvalException(
          "the recording of "
              + o.against().label()
              + " in "
              + ShownPath.of(refs.dir())
              + " holds no answers to the examples of "
              + o.data()
              + " (a record run that failed leaves it empty), so there is nothing to compare"
              + " with; nothing was asked");
    }
    String coverage = referenced < examples.size() ? coverage(referenced, examples.size()) : null;

    // what is recorded, what is missing, and what it costs
    List<Plan> plans = new ArrayList<>();
    for (EvalTarget model : o.models()) {
      plans.add(plan(model, data, references));
    }
    refuseOtherParameters(plans);
    EvalJudge judge =
        o.judgeModel() == null ? null : new EvalJudge(o, examples, references, evalDir);
    EvalJudge.Estimate judgeEstimate = judge == null ? null : judge.estimate();
    refuseShutDown(plans, judgeEstimate);
    listener.line(
        "Evaluating "
            + String.join(", ", o.models().stream().map(EvalTarget::label).toList())
            + " on "
            + o.data()
            + " ("
            + Counts.of(examples.size(), "example")
            + ") against "
            + (o.against() == null
                ? "the expected answers"
                : "the recorded answers of " + o.against().label())
            + ".");
    refs.byPrompt().forEach(listener::line);
    if (coverage != null) {
      listener.line(coverage);
    }
    Map<String, Sampling> sampling = sampling(refs, plans);
    warnSampledDifferently(sampling);
    BigDecimal total = BigDecimal.ZERO;
    boolean unknown = false;
    int requests = 0;
    for (Plan p : plans) {
      listener.line(
          "  " + p.target.label() + ": " + p.estimate.planLine(referenced - p.todo.size()));
      requests += p.todo.size();
      if (!p.todo.isEmpty()) {
        Optional<BigDecimal> c = p.estimate.cost();
        unknown |= c.isEmpty();
        total = total.add(c.orElse(BigDecimal.ZERO));
      }
    }
    if (judgeEstimate != null) {
      listener.line("  judge " + o.judgeModel() + ": " + judgeEstimate.line());
      requests += judgeEstimate.questions();
      if (judgeEstimate.questions() > 0) {
        unknown |= judgeEstimate.price().isEmpty();
        total = total.add(judgeEstimate.cost().orElse(BigDecimal.ZERO));
      }
    }
    if (requests > 0) {
      listener.line(
          "In all: "
              + Counts.of(requests, "request")
              + ", estimated "
              + Dollars.estimate(total, unknown)
              + ".");
    }
    listener.line(
        "Results go to "
            + ShownPath.of(evalDir)
            + (jobDir == null ? "" : " and the report of " + o.jobId())
            + ".");
    if (o.dryRun()) {
      listener.line("Dry run: nothing was sent or written.");
      return new EvalOutcome(EvalOutcome.Status.DRY_RUN, null, null, evalDir, jobDir, coverage);
    }
    if (requests > 0
        && !listener.confirmSpending(unknown ? Optional.empty() : Optional.of(total), requests)) {
      return new EvalOutcome(
          EvalOutcome.Status.NOT_CONFIRMED, null, null, evalDir, jobDir, coverage);
    }

    // record what is missing, with record's machinery
    for (Plan p : plans) {
      if (!p.todo.isEmpty() && !record(p, data, referenced)) {
        return new EvalOutcome(
            EvalOutcome.Status.INTERRUPTED, null, null, evalDir, jobDir, coverage);
      }
    }
    List<ModelAnswers> answers = new ArrayList<>();
    for (Plan p : plans) {
      answers.add(answers(p, data, o.catalog()));
    }

    Judge.Result judged = null;
    if (judge != null) {
      judged = judge.run(answers, judges, listener);
    }

    Evaluation.Result result =
        Evaluation.run(
            new Evaluation.Spec(
                references,
                answers,
                metrics,
                o.knownLabels(),
                o.resamples(),
                o.bootstrapSeed(),
                o.top(),
                verdictSpec()));
    long[] lines = new long[examples.size()];
    String[] prompts = new String[examples.size()];
    for (ChatExample e : examples) {
      lines[e.index()] = e.line();
      prompts[e.index()] = EvalMeta.excerpt(EvalJudge.lastUser(e), 1000);
    }
    String against = o.against() == null ? "expected" : "recorded:" + o.against().label();
    EvalMeta meta =
        new EvalMeta(
            o.data().toString(),
            data.sha256(),
            against,
            lines,
            prompts,
            clock.instant(),
            judged,
            referenced,
            sampling);
    Archive archive = new Archive(o.reportsDir(), listener::note);
    // into a job's folder of the archive: one writer at a time (the archive's lock)
    try (Archive.Lock held = jobDir == null ? null : archive.lock("eval --job " + o.jobId())) {
      write(evalDir, result, meta, references, answers);
      if (jobDir != null) {
        AttachedEvaluations.attach(
            jobDir,
            new EvalReport.Input(result, meta, references, answers),
            evalDir.getFileName().toString(),
            o.templates());
      }
    }
    if (jobDir != null) {
      archive.rebuildIndex(o.templates(), zone, clock);
    }
    return new EvalOutcome(EvalOutcome.Status.WRITTEN, result, meta, evalDir, jobDir, coverage);
  }

  /** The evaluation's folder name: the data file's stem and a hash of what was compared. */
  String name(ChatData data) {
    String stem =
        data.file()
            .getFileName()
            .toString()
            .replaceFirst("\\.[^.]*$", "")
            .replaceAll("[^A-Za-z0-9_-]", "-");
    if (stem.length() > 24) {
      stem = stem.substring(0, 24);
    }
    String what =
        data.sha256()
            + "|"
            + String.join("|", o.models().stream().map(EvalTarget::identity).toList())
            + "|"
            + (o.against() == null ? "" : o.against().identity());
    return (stem.isEmpty() ? "eval" : stem)
        + "-"
        + Sha256.hex(what.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  /** What the verdicts judge against, or null without a margin. */
  Evaluation.VerdictSpec verdictSpec() {
    if (o.margin() == null) {
      return null;
    }
    return o.against() != null
        ? new Evaluation.VerdictSpec(o.margin(), o.against().label(), true)
        : new Evaluation.VerdictSpec(o.margin(), o.models().get(0).label(), false);
  }

  /**
   * The text metrics, and the JSON ones when at least half of the expected answers are JSON objects
   * or arrays.
   */
  public static List<Metric> defaultMetrics(ChatData d) {
    List<Metric> out =
        new ArrayList<>(
            List.of(Metric.EXACT, Metric.NORMALISED_EXACT, Metric.CONTAINS, Metric.TOKEN_F1));
    int json = 0;
    int withExpected = 0;
    for (ChatExample e : d.examples()) {
      if (!e.hasExpected()) {
        continue;
      }
      withExpected++;
      String t = e.expected().strip();
      if ((t.startsWith("{") || t.startsWith("[")) && JsonMetrics.valid(t)) {
        json++;
      }
    }
    if (withExpected > 0 && json * 2 >= withExpected) {
      out.add(Metric.JSON_VALID);
      out.add(Metric.JSON_FIELDS);
    }
    return out;
  }

  /** What a reference that lacks answers leaves out. */
  private String coverage(int referenced, int examples) {
    return (o.against() == null
            ? "The expected answers cover "
            : "The recording of " + o.against().label() + " answers ")
        + referenced
        + " of "
        + Counts.of(examples, "example")
        + ": the other "
        + (examples - referenced)
        + " are neither asked nor scored.";
  }

  /**
   * What {@code t} lacks of the examples that have a reference: an example the reference recording
   * did not answer cannot be scored, so it is not paid for.
   */
  private Plan plan(EvalTarget t, ChatData data, String[] references) {
    Path dir = Recordings.dir(o.reportsDir(), t.endpoint(), t.model(), data.sha256());
    Optional<Recording> existing = Recording.find(dir);
    // an existing recording keeps its own parameters: its missing answers are asked the same way
    RecordingHeader header =
        existing
            .map(Recording::header)
            .orElseGet(
                () ->
                    new Recorder.Options(
                            t.model(),
                            t.endpoint(),
                            o.temperature(),
                            o.seed(),
                            o.maxTokens(),
                            o.concurrency(),
                            Recorder.Options.DEFAULT_MAX_ATTEMPTS)
                        .header(data, Instant.EPOCH));
    List<ChatExample> todo = new ArrayList<>();
    for (ChatExample e : data.examples()) {
      if (references[e.index()] == null) {
        continue;
      }
      if (existing.isEmpty() || existing.get().answer(e.index()).isEmpty()) {
        todo.add(e);
      }
    }
    return new Plan(
        t, dir, header, todo, RecordEstimate.of(t.model(), todo, header.maxTokens(), o.catalog()));
  }

  /**
   * Refuses, before anything is priced or sent, a {@code --temperature}, {@code --seed} or {@code
   * --max-tokens} given for a model whose existing recording was made with another value. A
   * recording keeps its own parameters (its missing answers are asked as the rest were), so the
   * option could not be honoured: going on would score answers sampled otherwise than asked, and a
   * warning is easily lost in a CI log. This is {@code record}'s rule for the same recording (exit
   * 2), so the two commands never disagree about it. One line per such model: the others before the
   * last, which is the error.
   *
   * @throws RecordingConflictException naming the last such model
   */
  private void refuseOtherParameters(List<Plan> plans) {
    Sampling given = new Sampling(o.temperature(), o.seed(), o.maxTokens());
    List<String> lines = new ArrayList<>();
    for (Plan p : plans) {
      // a model without a recording has a header made from these options: nothing differs
      List<String> differ = p.header.sampling().differingOptions(given);
      if (differ.isEmpty()) {
        continue;
      }
      lines.add(
          "--model "
              + p.target.label()
              + ": its recording in "
              + ShownPath.of(p.dir)
              + " was made with "
              + p.header.sampling().shown()
              + ", not "
              + String.join(" ", differ)
              + " as given, and a recording keeps its own parameters: leave "
              + (differ.size() == 1 ? "that option" : "those options")
              + " out to use it as it is, or give another --reports-dir to record anew; nothing"
              + " was sent");
    }
    if (lines.isEmpty()) {
      return;
    }
    lines.subList(0, lines.size() - 1).forEach(listener::note);
    throw new RecordingConflictException(lines.get(lines.size() - 1));
  }

  /**
   * How each model compared was sampled, by name, the recorded reference first, then the models in
   * their order: from each one's recording, or for a model not recorded yet, the options it will be
   * asked with (which then are its recording's).
   */
  private Map<String, Sampling> sampling(EvalReferences refs, List<Plan> plans) {
    Map<String, Sampling> out = new LinkedHashMap<>();
    if (refs.sampling() != null) {
      out.put(o.against().label(), refs.sampling());
    }
    for (Plan p : plans) {
      out.put(p.target.label(), p.header.sampling());
    }
    return out;
  }

  /**
   * One warning line per pair of models compared (every pair of models, and each model with a
   * recorded reference) whose answers were sampled differently: their difference, and a verdict on
   * it, then mixes the sampling with the models' quality, and nothing else would show it.
   */
  private void warnSampledDifferently(Map<String, Sampling> sampling) {
    List<Map.Entry<String, Sampling>> all = new ArrayList<>(sampling.entrySet());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Sampling a = all.get(i).getValue();
        Sampling b = all.get(j).getValue();
        if (!a.sameAs(b)) {
          listener.line(
              "warning: "
                  + all.get(i).getKey()
                  + " was sampled with "
                  + a.shown()
                  + ", "
                  + all.get(j).getKey()
                  + " with "
                  + b.shown()
                  + ": their comparison mixes sampling with quality");
        }
      }
    }
  }

  /**
   * Refuses, before anything is priced or sent, a model that must be asked and has shut down: its
   * first request would get a 404 after the spending was agreed. A model whose recording already
   * holds every answer needed is not asked, whatever its date: reading the recording of a model
   * that no longer answers is what recordings are for.
   *
   * <p>The judge the same way, when it has questions to answer ({@code judge}: its estimate, or
   * null without a judge): a judge that no longer answers would fail after the answers were paid
   * for.
   *
   * @throws ShutDownModelException naming the first such model
   */
  private void refuseShutDown(List<Plan> plans, EvalJudge.Estimate judge) {
    if (judge != null && judge.questions() > 0 && judgeEndpoint != null) {
      Shutdown s = shutdowns.apply(EvalTarget.of(o.judgeModel(), judgeEndpoint));
      if (s != null && s.past()) {
        throw new ShutDownModelException(
            shutDown("--judge-model " + o.judgeModel(), s)
                + ": choose a judge that still answers; nothing was sent");
      }
    }
    for (Plan p : plans) {
      if (p.todo.isEmpty()) {
        continue;
      }
      Shutdown s = shutdowns.apply(p.target);
      if (s != null && s.past()) {
        throw new ShutDownModelException(
            shutDown("--model " + p.target.label(), s)
                + ": "
                + p.todo.size()
                + " of its answers are not recorded and can no longer be asked; leave it out (a"
                + " complete recording of it is used as it is); nothing was sent");
      }
    }
  }

  /** {@code --model NAME shut down on DATE (date from the SOURCE)}, for the refusals above. */
  private static String shutDown(String given, Shutdown s) {
    return given + " shut down on " + s.date() + " (date from the " + s.from() + ")";
  }

  /**
   * Records what {@code p} lacks; false when Ctrl-C stopped it.
   *
   * @param complete the answers the recording has when every example with a reference is recorded
   */
  private boolean record(Plan p, ChatData data, int complete) {
    RecordingHeader h = p.header;
    Recorder.Options options =
        new Recorder.Options(
            p.target.model(),
            h.endpoint(),
            h.temperature(),
            h.seed(),
            h.maxTokens(),
            o.concurrency(),
            Recorder.Options.DEFAULT_MAX_ATTEMPTS);
    RecordingHeader wanted = options.header(data, clock.instant());
    listener.line(
        "Recording "
            + Counts.of(p.todo.size(), "answer")
            + " of "
            + p.target.label()
            + " into "
            + ShownPath.of(p.dir));
    try (AnswerLog log = AnswerLog.open(p.dir, wanted);
        ChatGateway gateway = recorders.apply(p.target)) {
      return listener.record(gateway, log, p.todo, options, complete, " of " + p.target.label());
    }
  }

  private static ModelAnswers answers(Plan p, ChatData data, ModelCatalog catalog) {
    int n = data.examples().size();
    String[] text = new String[n];
    long[] latency = new long[n];
    long[] in = new long[n];
    long[] outTokens = new long[n];
    Arrays.fill(latency, -1);
    Arrays.fill(in, -1);
    Arrays.fill(outTokens, -1);
    Optional<Recording> rec = Recording.find(p.dir);
    if (rec.isPresent()) {
      for (RecordedAnswer a : rec.get().answers()) {
        if (a.index() < n) {
          text[a.index()] = a.answer();
          latency[a.index()] = a.latencyMs();
          in[a.index()] = a.promptTokens() == null ? -1 : a.promptTokens();
          outTokens[a.index()] = a.completionTokens() == null ? -1 : a.completionTokens();
        }
      }
    }
    Optional<InferencePrice> price = catalog.inferencePrice(p.target.model());
    return new ModelAnswers(
        p.target.label(),
        text,
        latency,
        in,
        outTokens,
        price.map(InferencePrice::inputPer1m).orElse(null),
        price.map(InferencePrice::outputPer1m).orElse(null));
  }

  private void write(
      Path dir,
      Evaluation.Result result,
      EvalMeta meta,
      String[] references,
      List<ModelAnswers> answers) {
    SortedMap<String, byte[]> pages =
        EvalReport.render(new EvalReport.Input(result, meta, references, answers), o.templates());
    DirectoryOutput target = new DirectoryOutput(dir);
    try {
      Files.createDirectories(dir);
      target.write(
          EvalReport.CSV_FILE, stream -> EvalCsv.write(result, meta, references, answers, stream));
      target.write("eval.json", EvalJson.write(result, meta));
      for (Map.Entry<String, byte[]> f : pages.entrySet()) {
        target.write(f.getKey(), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the evaluation to " + dir + ": " + e.getMessage(), e);
    }
  }
}
