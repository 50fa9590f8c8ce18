package dev.openaift.cli;

import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import dev.openaift.eval.Metric;
import dev.openaift.eval.Paired;
import dev.openaift.job.JobIds;
import dev.openaift.prepare.ModelCatalog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft eval --data FILE --model M [--model M2 ...]}: scores models' answers against the
 * expected answers (or another model's recording) and compares them.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Score models on a chat-format data file and compare them, with the uncertainty of each"
          + " difference.",
      "",
      "Each model's answers come from its recording of the file (REPORTS/recordings/...; see"
          + " 'openai-ft record'); answers not recorded yet are asked now, the same way, and"
          + " recorded (resumable, never paid twice). The reference is the last assistant message"
          + " of each example (--against expected) or another model's recorded answer (--against"
          + " recorded:MODEL: how closely does a replacement reproduce it?).",
      "",
      "Metrics (--metric, repeatable or comma-separated): exact, normalised_exact (case, white"
          + " space and punctuation ignored), contains, token_f1 (SQuAD token F1), json_valid,"
          + " json_fields (field-by-field agreement), classification (accuracy, per-class"
          + " precision/recall/F1, macro and weighted F1, confusion matrix with an 'other' class)."
          + " Default: exact, normalised_exact, contains, token_f1, and the JSON metrics when most"
          + " references are JSON. For every pair of models: the difference of means with a 95%%"
          + " paired bootstrap interval and, for yes/no metrics, McNemar's exact test. Per model:"
          + " latency p50/p95, tokens, cost per 1,000 requests.",
      "",
      "--judge-model J asks J which of two answers matches the reference better, for every pair of"
          + " models, in both orders (position bias cancels); its prompt is written into the"
          + " results and its replies into judge.jsonl (a rerun asks only what is missing).",
      "",
      "Writes eval.json, eval.csv, eval.html and eval.ipynb to --out (default REPORTS/evals/NAME,"
          + " or REPORTS/JOB_ID/evals/NAME with --job, which also adds the evaluation's cells to"
          + " the job's report and links it from the archive index). The cost of every request is"
          + " estimated first; from $1.00 (or an unknown price) it asks on a terminal, scripts pass"
          + " --yes. --dry-run only prints the plan."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft eval --data valid.jsonl --model gpt-4o-mini-2024-07-18 \\",
      "      --model ft:gpt-4o-mini-2024-07-18:org:support:abc123 --temperature 0",
      "  openai-ft eval --data valid.jsonl --model gpt-4.1-mini-2025-04-14 \\",
      "      --against recorded:ft:gpt-4o-mini-2024-07-18:org:support:abc123 --judge-model"
          + " gpt-4.1-2025-04-14",
      "  openai-ft eval --data tickets_valid.jsonl --model ft:... --metric classification --job"
          + " ftjob-abc123"
    })
final class EvalCommand extends ApiCommand {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE.jsonl",
      description = "Chat-format examples; the last assistant message is the expected answer.")
  Path data;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "A model to evaluate (repeatable; compared pairwise in this order).")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--against",
      paramLabel = "expected|recorded:MODEL",
      defaultValue = "expected",
      description = "The reference (default: ${DEFAULT-VALUE}).")
  String against;

  @Option(
      names = "--metric",
      paramLabel = "METRIC",
      split = ",",
      description = "Metrics to compute (repeatable or comma-separated).")
  List<String> metrics = new ArrayList<>();

  @Option(
      names = "--labels-from",
      paramLabel = "FILE.jsonl",
      description =
          "classification: every expected answer of this file (e.g. the training file) is a label"
              + " too, so a label without validation example shows.")
  Path labelsFrom;

  @Option(
      names = "--judge-model",
      paramLabel = "J",
      description = "A model that judges each pair of answers (needs two models or more).")
  String judgeModel;

  @Option(
      names = "--job",
      paramLabel = "JOB_ID",
      description = "Attach the evaluation to this archived job's report.")
  String job;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the results go (default: see above).")
  Path out;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive with recordings/ and the jobs (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  /**
   * An existing recording keeps the values it was made with: its missing answers are asked the same
   * way.
   */
  @Mixin RecordingOptions recording;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      defaultValue = "" + Paired.DEFAULT_RESAMPLES,
      description = "Bootstrap resamples, 100 to 100000 (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--bootstrap-seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
  long bootstrapSeed;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "20",
      description = "Examples shown where the models disagree most (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description =
          "Templates replacing the built-in eval.ftlh, eval-cells.ftlh, cells.ftlh, style.ftlh.")
  Path templates;

  private final UserInput input;

  EvalCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    EvalRunner.Options o = options();
    // the recorder retries by itself (a rate limit pauses every worker), so its gateway must not;
    // the
    // judge's questions go one at a time through the SDK's own retries. No key is needed when
    // nothing is asked.
    return EvalRunner.run(
        context,
        out(),
        err(),
        input,
        o,
        () ->
            new OpenAiGateway(
                connection.connection(context.env()).withMaxRetries(0),
                Sleeper.system(),
                context.clock()),
        () ->
            new OpenAiGateway(
                connection.connection(context.env()), Sleeper.system(), context.clock()));
  }

  /** Checks every option (exit 2 naming it) and builds the runner's options. */
  EvalRunner.Options options() {
    List<String> ms = new ArrayList<>();
    for (String m : models) {
      if (m.isBlank()) {
        throw usage("--model must not be empty");
      }
      if (ms.contains(m.strip())) {
        throw usage("--model " + m.strip() + " is given twice");
      }
      ms.add(m.strip());
    }
    String ref = null;
    String a = against.strip();
    if (a.startsWith("recorded:")) {
      ref = a.substring("recorded:".length()).strip();
      if (ref.isEmpty()) {
        throw usage("--against recorded:MODEL needs a model name");
      }
      if (ms.contains(ref)) {
        throw usage(
            "--against recorded:" + ref + " is also a --model: it would be compared with itself");
      }
    } else if (!a.equals("expected")) {
      throw usage("--against must be 'expected' or 'recorded:MODEL', got '" + against + "'");
    }
    List<Metric> chosen = new ArrayList<>();
    for (String m : metrics) {
      if (m.isBlank()) {
        continue;
      }
      try {
        Metric metric = Metric.of(m);
        if (!chosen.contains(metric)) {
          chosen.add(metric);
        }
      } catch (IllegalArgumentException e) {
        throw usage(
            "--metric: unknown metric '"
                + m.strip()
                + "' (exact, normalised_exact, contains, token_f1, json_valid,"
                + " json_fields, classification)");
      }
    }
    if (judgeModel != null && (judgeModel.isBlank() || ms.size() < 2)) {
      throw usage(
          judgeModel.isBlank()
              ? "--judge-model must not be empty"
              : "--judge-model compares two answers: give two --model or more");
    }
    if (job != null && !JobIds.isSafe(job.strip())) {
      throw usage("--job: not a job id: '" + job + "'");
    }
    recording.check();
    if (resamples < 100 || resamples > 100_000) {
      throw usage("--bootstrap must be 100 to 100000, got " + resamples);
    }
    if (top < 0) {
      throw usage("--top must be 0 or more, got " + top);
    }
    ModelCatalog catalog = recording.catalog();
    Set<String> labels = new TreeSet<>();
    if (labelsFrom != null) {
      for (ChatExample e : ChatData.read(labelsFrom).examples()) {
        labels.add(e.expected().strip());
      }
    }
    if (chosen.isEmpty()) {
      chosen = defaultMetrics(ChatData.readPrompts(data));
    }
    return new EvalRunner.Options(
        data,
        List.copyOf(new LinkedHashSet<>(ms)),
        ref,
        chosen,
        judgeModel == null ? null : judgeModel.strip(),
        job == null ? null : job.strip(),
        out,
        reportsDir,
        recording.temperature,
        recording.seed,
        recording.maxTokens,
        recording.concurrency,
        resamples,
        bootstrapSeed,
        top,
        recording.yes,
        recording.dryRun,
        catalog,
        labels,
        templates);
  }

  /**
   * The text metrics, and the JSON ones when at least half of the expected answers are JSON objects
   * or arrays.
   */
  static List<Metric> defaultMetrics(ChatData d) {
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
      if ((t.startsWith("{") || t.startsWith("[")) && dev.openaift.eval.JsonMetrics.valid(t)) {
        json++;
      }
    }
    if (withExpected > 0 && json * 2 >= withExpected) {
      out.add(Metric.JSON_VALID);
      out.add(Metric.JSON_FIELDS);
    }
    return out;
  }
}
