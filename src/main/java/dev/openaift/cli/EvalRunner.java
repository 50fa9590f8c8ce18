package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Endpoint;
import dev.openaift.archive.Archive;
import dev.openaift.eval.EvalCsv;
import dev.openaift.eval.EvalJson;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Judge;
import dev.openaift.eval.JudgeLog;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.eval.Verdict;
import dev.openaift.job.Echo;
import dev.openaift.prepare.Dollars;
import dev.openaift.prepare.InferencePrice;
import dev.openaift.prepare.ModelCatalog;
import dev.openaift.prepare.TokenCounter;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordEstimate;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recorder;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingHeader;
import dev.openaift.record.Recordings;
import dev.openaift.report.DirectoryOutput;
import dev.openaift.report.EvalReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code openai-ft eval} does once its options are checked (also run by {@code jobs create
 * --classification} after the job succeeds): find each model's recording of the data, estimate what
 * the missing answers and the judge's questions will cost, ask (or stop for {@code --dry-run}),
 * record the missing answers with {@code record}'s {@link Recorder}, ask the judge (each pair in
 * both orders, every reply logged so a rerun pays nothing twice), score, and write {@code
 * eval.json}, {@code eval.csv}, {@code eval.html} and {@code eval.ipynb}; with a job, attach the
 * cells to its report and rebuild the archive index.
 */
final class EvalRunner {
  /** Judge replies are one word: a small limit keeps a chatty judge cheap. */
  static final int JUDGE_MAX_TOKENS = 5;

  /** Estimated judge reply tokens per question. */
  static final int JUDGE_REPLY_TOKENS = 2;

  /**
   * A model and the endpoint that answers for it.
   *
   * @param model the model's name as the endpoint knows it
   * @param endpoint where it is asked and where its recording comes from
   * @param label how the results name it: the model's name, followed by {@code @HOST} when it
   *     answers elsewhere than the command's endpoint
   */
  record Target(String model, Endpoint endpoint, String label) {
    /** A model on the command's endpoint. */
    static Target of(String model, Endpoint endpoint) {
      return new Target(model, endpoint, model);
    }
  }

  /**
   * Everything the evaluation needs, checked.
   *
   * @param against null for the expected answers, else the recorded model
   * @param jobId null, or the archived job to attach to
   * @param out null for the default folder
   * @param knownLabels extra classification labels (e.g. the training file's)
   * @param margin null for no verdicts; else how much worse than the reference a candidate may be
   * @param failOn null, or which verdicts make the exit code {@link ExitCode#CHECK_FAILED}
   */
  record Options(
      Path data,
      List<Target> models,
      Target against,
      List<Metric> metrics,
      String judgeModel,
      String jobId,
      Path out,
      Path reportsDir,
      Double temperature,
      Long seed,
      Integer maxTokens,
      int concurrency,
      int resamples,
      long bootstrapSeed,
      int top,
      boolean yes,
      boolean dryRun,
      ModelCatalog catalog,
      Set<String> knownLabels,
      Path templates,
      Double margin,
      Verdict.FailOn failOn) {}

  private EvalRunner() {}

  /** The evaluation's folder name: the data file's stem and a hash of what was compared. */
  static String name(ChatData data, Options o) {
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
            + String.join("|", o.models().stream().map(EvalRunner::identity).toList())
            + "|"
            + (o.against() == null ? "" : identity(o.against()));
    return (stem.isEmpty() ? "eval" : stem)
        + "-"
        + ChatData.sha256(what.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  /**
   * A model's name, with its endpoint unless that is OpenAI's API (older names stay as they were).
   */
  private static String identity(Target t) {
    return t.endpoint().isOpenAiDefault() ? t.model() : t.model() + "@" + t.endpoint().id();
  }

  /**
   * @param recorders gateways for recording a model's answers on its endpoint (without retries of
   *     their own)
   * @param judges gateways for the judge's questions
   */
  static int run(
      CliContext context,
      PrintWriter out,
      PrintWriter err,
      UserInput input,
      Options o,
      Function<Target, ChatGateway> recorders,
      Supplier<ChatGateway> judges) {
    ChatData data = o.against() == null ? ChatData.read(o.data()) : ChatData.readPrompts(o.data());
    List<ChatExample> examples = data.examples();
    Path evalDir;
    Path jobDir = null;
    String name = name(data, o);
    if (o.jobId() != null) {
      jobDir = new Archive(o.reportsDir()).folder(o.jobId());
      if (!Files.isRegularFile(jobDir.resolve("index.html"))
          && !Files.isRegularFile(jobDir.resolve("report.ipynb"))) {
        throw new CliException(
            ExitCode.FILE,
            "no report of "
                + o.jobId()
                + " in "
                + FollowRunner.shown(jobDir)
                + " to attach the evaluation to; write it first: openai-ft report "
                + o.jobId());
      }
      evalDir = o.out() != null ? o.out() : jobDir.resolve(EvalReport.EVALS_DIR).resolve(name);
    } else {
      evalDir = o.out() != null ? o.out() : o.reportsDir().resolve("evals").resolve(name);
    }

    // the reference answers
    String[] references = new String[examples.size()];
    if (o.against() == null) {
      for (ChatExample e : examples) {
        references[e.index()] = e.expected();
      }
    }
    Path referenceDir = null;
    List<String> byPrompt = List.of();
    if (o.against() != null) {
      Optional<Recording> rec = reference(o, data);
      if (rec.isPresent()) {
        referenceDir = rec.get().dir();
        for (RecordedAnswer a : rec.get().answers()) {
          if (a.index() < references.length) {
            references[a.index()] = a.answer();
          }
        }
      } else {
        byPrompt = referenceByPrompt(o, data, references);
      }
    }
    int referenced = 0;
    for (String r : references) {
      referenced += r == null ? 0 : 1;
    }
    if (o.against() != null && referenced == 0) {
      throw new CliException(
          ExitCode.FILE,
          "the recording of "
              + o.against().label()
              + " in "
              + FollowRunner.shown(referenceDir)
              + " holds no answers to the examples of "
              + o.data()
              + " (a record run that failed leaves it empty), so there is nothing to compare"
              + " with; nothing was asked");
    }

    // what is recorded, what is missing, and what it costs
    List<Plan> plans = new ArrayList<>();
    for (Target model : o.models()) {
      plans.add(plan(model, data, o, references));
    }
    out.println(
        "Evaluating "
            + String.join(", ", o.models().stream().map(Target::label).toList())
            + " on "
            + o.data()
            + " ("
            + count(examples.size(), "example")
            + ") against "
            + (o.against() == null
                ? "the expected answers"
                : "the recorded answers of " + o.against().label())
            + ".");
    byPrompt.forEach(out::println);
    if (referenced < examples.size()) {
      out.println(coverage(o, referenced, examples.size()));
    }
    BigDecimal total = BigDecimal.ZERO;
    boolean unknown = false;
    int requests = 0;
    for (Plan p : plans) {
      out.println("  " + p.target.label() + ": " + p.estimate.planLine(referenced - p.todo.size()));
      requests += p.todo.size();
      if (!p.todo.isEmpty()) {
        Optional<BigDecimal> c = p.estimate.cost();
        unknown |= c.isEmpty();
        total = total.add(c.orElse(BigDecimal.ZERO));
      }
    }
    List<String[]> pairs = judgePairs(o);
    JudgeEstimate judge = null;
    if (o.judgeModel() != null) {
      judge = judgeEstimate(o, examples, references, pairs, evalDir);
      out.println("  judge " + o.judgeModel() + ": " + judge.line());
      requests += judge.questions;
      if (judge.questions > 0) {
        unknown |= judge.price.isEmpty();
        total = total.add(judge.cost().orElse(BigDecimal.ZERO));
      }
    }
    if (requests > 0) {
      out.println(
          "In all: "
              + count(requests, "request")
              + ", estimated "
              + Dollars.estimate(total, unknown)
              + ".");
    }
    out.println(
        "Results go to "
            + FollowRunner.shown(evalDir)
            + (jobDir == null ? "" : " and the report of " + o.jobId())
            + ".");
    out.flush();
    if (o.dryRun()) {
      out.println("Dry run: nothing was sent or written.");
      return ExitCode.OK.code();
    }
    if (requests > 0
        && !Spending.confirm(
            context,
            input,
            err,
            o.yes(),
            unknown ? Optional.empty() : Optional.of(total),
            count(requests, "request"))) {
      return ExitCode.OK.code();
    }

    // record what is missing, with record's machinery
    for (Plan p : plans) {
      if (!p.todo.isEmpty()
          && !record(context, out, err, p, data, referenced, recorders, o.concurrency())) {
        return ExitCode.INTERRUPTED.code();
      }
    }
    List<ModelAnswers> answers = new ArrayList<>();
    for (Plan p : plans) {
      answers.add(answers(p, data, o.catalog()));
    }

    // the judge
    Judge.Result judged = null;
    if (o.judgeModel() != null) {
      judged = judge(context, out, o, examples, references, answers, pairs, evalDir, judges);
    }

    Evaluation.Result result =
        Evaluation.run(
            new Evaluation.Spec(
                references,
                answers,
                o.metrics(),
                o.knownLabels(),
                o.resamples(),
                o.bootstrapSeed(),
                o.top(),
                verdictSpec(o)));
    long[] lines = new long[examples.size()];
    String[] prompts = new String[examples.size()];
    for (ChatExample e : examples) {
      lines[e.index()] = e.line();
      prompts[e.index()] = lastUser(e);
    }
    String against = o.against() == null ? "expected" : "recorded:" + o.against().label();
    EvalMeta meta =
        new EvalMeta(
            o.data().toString(),
            data.sha256(),
            against,
            lines,
            prompts,
            context.clock().instant(),
            judged,
            referenced);
    Archive archive =
        new Archive(
            o.reportsDir(),
            line -> {
              err.println("openai-ft: " + line);
              err.flush();
            });
    // into a job's folder of the archive: one writer at a time (the archive's lock)
    try (Archive.Lock held = jobDir == null ? null : archive.lock("eval --job " + o.jobId())) {
      write(evalDir, result, meta, references, answers, o.templates());
      if (jobDir != null) {
        EvalReport.attach(
            jobDir,
            new EvalReport.Input(result, meta, references, answers),
            evalDir.getFileName().toString(),
            o.templates());
      }
    }
    printSummary(out, result, meta);
    printVerdicts(out, result);
    if (meta.partialReference()) {
      out.println(coverage(o, referenced, examples.size()));
    }
    out.println(
        "Wrote "
            + FollowRunner.shown(evalDir.resolve(EvalReport.HTML_FILE))
            + " (and eval.json, eval.csv, eval.ipynb).");
    if (jobDir != null) {
      archive.rebuildIndex(o.templates(), context.zone(), context.clock());
      out.println(
          "Attached to the report of "
              + o.jobId()
              + ": "
              + FollowRunner.shown(jobDir.resolve("index.html")));
    }
    out.flush();
    if (o.failOn() != null) {
      long failing = result.verdicts().stream().filter(v -> o.failOn().fails(v.outcome())).count();
      if (failing > 0) {
        err.println(
            "openai-ft: "
                + count(failing, "verdict")
                + " of "
                + result.verdicts().size()
                + (o.failOn() == Verdict.FailOn.FAIL ? " failed" : " did not pass")
                + " (--fail-on "
                + o.failOn().name().toLowerCase(Locale.ROOT)
                + "); the results are written");
        err.flush();
        return ExitCode.CHECK_FAILED.code();
      }
    }
    return ExitCode.OK.code();
  }

  /** What the verdicts judge against, or null without {@code --margin}. */
  static Evaluation.VerdictSpec verdictSpec(Options o) {
    if (o.margin() == null) {
      return null;
    }
    return o.against() != null
        ? new Evaluation.VerdictSpec(o.margin(), o.against().label(), true)
        : new Evaluation.VerdictSpec(o.margin(), o.models().get(0).label(), false);
  }

  /**
   * The recording {@code --against recorded:M} names, empty when M has recordings of other data
   * from that endpoint (their answers are matched by prompt), or why there is none.
   */
  private static Optional<Recording> reference(Options o, ChatData data) {
    Target t = o.against();
    Path dir = Recordings.dir(o.reportsDir(), t.endpoint(), t.model(), data.sha256());
    Optional<Recording> found = Recording.find(dir);
    if (found.isPresent()
        || !Recordings.ofModel(o.reportsDir(), t.model(), t.endpoint()).isEmpty()) {
      return found;
    }
    List<String> elsewhere = new ArrayList<>();
    for (Recording r : Recordings.ofEveryEndpoint(o.reportsDir(), t.model(), data.sha256())) {
      elsewhere.add(r.header().endpoint().shown());
    }
    throw new CliException(
        ExitCode.FILE,
        "no recording of "
            + t.model()
            + " from "
            + t.endpoint().shown()
            + " for "
            + o.data()
            + " in "
            + FollowRunner.shown(dir)
            + (elsewhere.isEmpty()
                ? "; record it while the model answers: openai-ft record "
                    + t.model()
                    + " --data "
                    + o.data()
                : "; there is one from "
                    + String.join(" and from ", elsewhere)
                    + ", which is another service: name it with recorded:"
                    + t.model()
                    + "@URL"));
  }

  /**
   * Without a recording of M on this data file: fills {@code references} with the answers M's
   * recordings from the same endpoint gave to the same prompt messages, asked with the same
   * temperature, seed and token limit (the recording covering most examples sets them; recordings
   * asked otherwise are not mixed in). Returns one line per recording used, for stdout; never asks
   * M anything.
   */
  private static List<String> referenceByPrompt(Options o, ChatData data, String[] references) {
    Target t = o.against();
    List<Recording> all = Recordings.ofModel(o.reportsDir(), t.model(), t.endpoint());
    List<Map<String, RecordedAnswer>> maps = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    int[] covers = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Map<String, RecordedAnswer> m = all.get(i).byPrompt();
      maps.add(m);
      order.add(i);
      for (ChatExample e : data.examples()) {
        covers[i] += m.containsKey(e.promptHash()) ? 1 : 0;
      }
    }
    // most examples first, then by folder (all is sorted by folder)
    order.sort((a, b) -> covers[a] != covers[b] ? covers[b] - covers[a] : a - b);
    List<String> lines = new ArrayList<>();
    RecordingHeader settings = null;
    for (int i : order) {
      RecordingHeader h = all.get(i).header();
      if (covers[i] == 0) {
        break;
      }
      if (settings == null) {
        settings = h;
      } else if (!Objects.equals(h.temperature(), settings.temperature())
          || !Objects.equals(h.seed(), settings.seed())
          || !Objects.equals(h.maxTokens(), settings.maxTokens())) {
        continue;
      }
      int used = 0;
      for (ChatExample e : data.examples()) {
        RecordedAnswer a = maps.get(i).get(e.promptHash());
        if (references[e.index()] == null && a != null) {
          references[e.index()] = a.answer();
          used++;
        }
      }
      if (used > 0) {
        lines.add(
            "The reference answers ("
                + used
                + ") are "
                + t.label()
                + "'s, matched by prompt in its recording of "
                + (h.dataFile() == null ? "data sha256 " + h.dataSha256() : Echo.cut(h.dataFile()))
                + ": "
                + FollowRunner.shown(all.get(i).dir()));
      }
    }
    if (lines.isEmpty()) {
      throw new CliException(
          ExitCode.FILE,
          "no recording of "
              + t.model()
              + " from "
              + t.endpoint().shown()
              + " answers a prompt of "
              + o.data()
              + " (searched "
              + count(all.size(), "recording")
              + " of other data by prompt in "
              + FollowRunner.shown(all.get(0).dir().getParent())
              + "), so there is nothing to compare with; nothing was asked. Record it while the"
              + " model answers: openai-ft record "
              + t.model()
              + " --data "
              + o.data());
    }
    return lines;
  }

  /** What a reference that lacks answers leaves out. */
  private static String coverage(Options o, int referenced, int examples) {
    return (o.against() == null
            ? "The expected answers cover "
            : "The recording of " + o.against().label() + " answers ")
        + referenced
        + " of "
        + count(examples, "example")
        + ": the other "
        + (examples - referenced)
        + " are neither asked nor scored.";
  }

  /** One model's recording and what it lacks. */
  private record Plan(
      Target target,
      Path dir,
      RecordingHeader header,
      List<ChatExample> todo,
      RecordEstimate estimate) {}

  /**
   * What {@code t} lacks of the examples that have a reference: an example the reference recording
   * did not answer cannot be scored, so it is not paid for.
   */
  private static Plan plan(Target t, ChatData data, Options o, String[] references) {
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
                        .header(data, java.time.Instant.EPOCH));
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
   * Records what {@code p} lacks; false when Ctrl-C stopped it (and was said).
   *
   * @param complete the answers the recording has when every example with a reference is recorded
   */
  private static boolean record(
      CliContext context,
      PrintWriter out,
      PrintWriter err,
      Plan p,
      ChatData data,
      int complete,
      Function<Target, ChatGateway> gateways,
      int concurrency) {
    RecordingHeader h = p.header;
    Recorder.Options options =
        new Recorder.Options(
            p.target.model(),
            h.endpoint(),
            h.temperature(),
            h.seed(),
            h.maxTokens(),
            concurrency,
            Recorder.Options.DEFAULT_MAX_ATTEMPTS);
    RecordingHeader wanted = options.header(data, context.clock().instant());
    out.println(
        "Recording "
            + count(p.todo.size(), "answer")
            + " of "
            + p.target.label()
            + " into "
            + FollowRunner.shown(p.dir));
    try (AnswerLog log = AnswerLog.open(p.dir, wanted);
        ChatGateway gateway = gateways.apply(p.target)) {
      // eval does not know the model's shutdown date: a 404 is reported as the API gives it
      return RecordRun.ask(
              context,
              out,
              err,
              gateway,
              log,
              p.todo,
              options,
              complete,
              " of " + p.target.label(),
              null)
          != null;
    }
  }

  private static ModelAnswers answers(Plan p, ChatData data, ModelCatalog catalog) {
    int n = data.examples().size();
    String[] text = new String[n];
    long[] latency = new long[n];
    long[] in = new long[n];
    long[] outTokens = new long[n];
    java.util.Arrays.fill(latency, -1);
    java.util.Arrays.fill(in, -1);
    java.util.Arrays.fill(outTokens, -1);
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

  /**
   * Every pair of evaluated models; with one model against a recording, that recording against it.
   */
  static List<String[]> judgePairs(Options o) {
    List<String[]> pairs = new ArrayList<>();
    if (o.judgeModel() == null) {
      return pairs;
    }
    for (int i = 0; i < o.models().size(); i++) {
      for (int j = i + 1; j < o.models().size(); j++) {
        pairs.add(new String[] {o.models().get(i).label(), o.models().get(j).label()});
      }
    }
    return pairs;
  }

  private record JudgeEstimate(
      int questions, long promptTokens, long replyTokens, Optional<InferencePrice> price) {
    Optional<BigDecimal> cost() {
      return price.map(p -> p.cost(promptTokens, replyTokens));
    }

    String line() {
      String head = count(questions, "question") + " (each pair of answers in both orders)";
      if (questions == 0) {
        return head + ", all answered before.";
      }
      String tokens =
          String.format(
              Locale.ROOT,
              "about %,d prompt tokens and %,d reply tokens (estimated)",
              promptTokens,
              replyTokens);
      return head
          + ": "
          + tokens
          + price
              .map(p -> ", estimated cost " + Dollars.of(cost().orElseThrow()))
              .orElse("; cost unknown (no inference price for this model in the prices file)")
          + ".";
    }
  }

  /**
   * Before the answers exist, each question is estimated with the reference answer standing in for
   * both answers (answers tend to be about as long as the references); questions already in the
   * judge log are free.
   */
  private static JudgeEstimate judgeEstimate(
      Options o,
      List<ChatExample> examples,
      String[] references,
      List<String[]> pairs,
      Path evalDir) {
    TokenCounter tokens = new TokenCounter(o.catalog().resolve(o.judgeModel()).encoding());
    long prompt = 0;
    int questions = 0;
    Path log = evalDir.resolve(JudgeLog.FILE);
    int logged = 0;
    if (Files.isRegularFile(log)) {
      try (JudgeLog l = JudgeLog.open(evalDir)) {
        logged = l.size();
      }
    }
    for (String[] pair : pairs) {
      for (ChatExample e : examples) {
        String ref = references[e.index()];
        if (ref == null) {
          continue;
        }
        List<ChatMessage> messages = judgeMessages(lastUserFull(e), ref, ref, ref);
        prompt += 2 * RecordEstimate.promptTokens(tokens, messages);
        questions += 2;
      }
    }
    int todo = Math.max(0, questions - logged);
    double share = questions == 0 ? 0 : (double) todo / questions;
    return new JudgeEstimate(
        todo,
        Math.round(prompt * share),
        (long) todo * JUDGE_REPLY_TOKENS,
        o.catalog().inferencePrice(o.judgeModel()));
  }

  private static List<ChatMessage> judgeMessages(
      String question, String reference, String first, String second) {
    List<String> m = Judge.messages(question, reference, first, second);
    return List.of(ChatMessage.of("system", m.get(0)), ChatMessage.of("user", m.get(1)));
  }

  private static Judge.Result judge(
      CliContext context,
      PrintWriter out,
      Options o,
      List<ChatExample> examples,
      String[] references,
      List<ModelAnswers> answers,
      List<String[]> pairs,
      Path evalDir,
      Supplier<ChatGateway> gateways) {
    List<Judge.PairResult> results = new ArrayList<>();
    int n = examples.size();
    try (JudgeLog log = JudgeLog.open(evalDir);
        ChatGateway gateway = gateways.get()) {
      int asked = 0;
      for (String[] pair : pairs) {
        String[] a = answersOf(answers, pair[0]);
        String[] b = answersOf(answers, pair[1]);
        Judge.Verdict[] aFirst = new Judge.Verdict[n];
        Judge.Verdict[] bFirst = new Judge.Verdict[n];
        for (ChatExample e : examples) {
          int i = e.index();
          if (references[i] == null || a[i] == null || b[i] == null) {
            continue;
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new CliException(
                ExitCode.INTERRUPTED,
                "interrupted; the judge's replies so far are kept in "
                    + FollowRunner.shown(evalDir.resolve(JudgeLog.FILE))
                    + ", rerun the same command to go on");
          }
          String q = lastUserFull(e);
          aFirst[i] =
              Judge.Verdict.parse(
                  ask(
                      gateway,
                      log,
                      o.judgeModel(),
                      pair,
                      i,
                      "a_first",
                      judgeMessages(q, references[i], a[i], b[i])));
          bFirst[i] =
              Judge.Verdict.parse(
                  ask(
                      gateway,
                      log,
                      o.judgeModel(),
                      pair,
                      i,
                      "b_first",
                      judgeMessages(q, references[i], b[i], a[i])));
          asked += 2;
          if (!context.terminal() && asked % 100 == 0) {
            out.println("judge: " + asked + " questions");
            out.flush();
          }
        }
        results.add(Judge.pair(pair[0], pair[1], aFirst, bFirst, o.resamples(), o.bootstrapSeed()));
      }
    } catch (ApiException e) {
      throw CliException.withContext(
          e,
          "judge "
              + o.judgeModel()
              + ": "
              + e.getMessage()
              + "; the replies so far are kept, rerun the same command to go on");
    }
    return Judge.result(o.judgeModel(), results);
  }

  private static String ask(
      ChatGateway gateway,
      JudgeLog log,
      String judge,
      String[] pair,
      int index,
      String order,
      List<ChatMessage> messages) {
    StringBuilder all = new StringBuilder();
    messages.forEach(
        m -> all.append(m.role()).append('\u0000').append(m.content()).append('\u0000'));
    String hash = ChatData.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    String known = log.reply(judge, pair[0], pair[1], index, order, hash);
    if (known != null) {
      return known;
    }
    ChatCompletion c =
        gateway.complete(new ChatRequest(judge, messages, 0.0, null, JUDGE_MAX_TOKENS));
    log.append(judge, pair[0], pair[1], index, order, hash, c.content());
    return c.content();
  }

  private static String[] answersOf(List<ModelAnswers> answers, String model) {
    for (ModelAnswers m : answers) {
      if (m.model().equals(model)) {
        return m.answers();
      }
    }
    throw new IllegalStateException("no answers of " + model);
  }

  /** The last user message (what the example asks), or the last prompt message. */
  static String lastUserFull(ChatExample e) {
    for (int i = e.prompt().size() - 1; i >= 0; i--) {
      if (e.prompt().get(i).role().equals("user")) {
        return e.prompt().get(i).content();
      }
    }
    return e.prompt().get(e.prompt().size() - 1).content();
  }

  private static String lastUser(ChatExample e) {
    return EvalMeta.excerpt(lastUserFull(e), 1000);
  }

  private static void write(
      Path dir,
      Evaluation.Result result,
      EvalMeta meta,
      String[] references,
      List<ModelAnswers> answers,
      Path templates) {
    SortedMap<String, byte[]> pages =
        EvalReport.render(new EvalReport.Input(result, meta, references, answers), templates);
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

  private static void printSummary(PrintWriter out, Evaluation.Result r, EvalMeta meta) {
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
  static void printVerdicts(PrintWriter out, Evaluation.Result r) {
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
      String why =
          switch (v.outcome()) {
            case PASS ->
                String.format(Locale.ROOT, "lower bound %+.4f is above -%s", v.lowerBound(), m);
            case FAIL ->
                String.format(Locale.ROOT, "upper bound %+.4f is below -%s", v.upperBound(), m);
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
      out.println(
          String.format(
              Locale.ROOT,
              "  %s  %s: %s (candidate - reference %s over %d examples; %s)",
              v.outcome(),
              v.candidate(),
              v.metric().id(),
              v.n() == 0 ? "-" : String.format(Locale.ROOT, "%+.4f", v.difference()),
              v.n(),
              why));
    }
    out.println(Verdict.explanation(first.margin(), first.resamples()));
    out.println();
  }

  private static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : noun + "s");
  }
}
