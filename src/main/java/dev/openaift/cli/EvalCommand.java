package dev.openaift.cli;

import dev.openaift.api.Endpoint;
import dev.openaift.eval.Metric;
import dev.openaift.eval.Verdict;
import dev.openaift.job.JobIds;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.session.EvalOptions;
import dev.openaift.session.EvalTarget;
import java.nio.file.Path;
import java.util.ArrayList;
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
          + " recorded (resumable, never paid twice); a --temperature, --seed or --max-tokens that"
          + " differs from an existing recording's is refused, and models sampled differently are"
          + " named in a warning. The reference is the last assistant message"
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
      "Each model answers on the command's endpoint (--base-url, --provider) unless named"
          + " NAME@URL: then on the OpenAI-compatible chat server at URL (vLLM, Ollama, a"
          + " proxy; an *.openai.azure.com address is an Azure deployment), with the key the"
          + " command would send there (--api-key or OPENAI_API_KEY; a local server takes any)."
          + " A recording belongs to its endpoint: answers recorded from one are never reused"
          + " for a model of the same name on another. --against recorded:NAME@URL names a"
          + " recording made elsewhere.",
      "",
      "--margin M gives a verdict per metric and candidate against the reference (the recording"
          + " of --against recorded:MODEL, else the first --model): the examples are drawn again"
          + " at random many times, keeping each example's two answers together; PASS when in 95"
          + " out of 100 draws the candidate is less than M behind, FAIL when in 95 out of 100 it"
          + " is more than M behind, else INCONCLUSIVE with how many examples would likely"
          + " settle it. --fail-on fail|inconclusive turns those into exit code 6 for CI.",
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
      "  openai-ft eval --data valid.jsonl --model my-llama@http://localhost:8000/v1 \\",
      "      --against recorded:ft:gpt-4o-mini-2024-07-18:org:support:abc123 --margin 0.02"
          + " --fail-on fail",
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
      description =
          "A model to evaluate (repeatable; compared pairwise in this order): NAME on the"
              + " command's endpoint, or NAME@URL on the chat server at URL.")
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

  @Mixin ReportsDirOption reportsDir;

  /**
   * An existing recording keeps the values it was made with: its missing answers are asked the same
   * way, and an option given with another value is refused (the session, as {@code record} does).
   */
  @Mixin RecordingOptions recording;

  @Mixin EvalStatisticsOptions statistics;

  @Mixin TemplatesOption templates;

  private final UserInput input;

  /** --fail-on as checked by {@link #options()}, or null. */
  private Verdict.FailOn failOnVerdict;

  EvalCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    EvalOptions o = options();
    return new EvalConsole(context, input, out(), err(), connection, recording.yes)
        .run(o, failOnVerdict);
  }

  /**
   * {@code NAME} (on the command's endpoint) or {@code NAME@URL} (on the OpenAI-compatible server,
   * or the Azure resource, at URL); bad usage naming {@code option} when it is neither.
   */
  private EvalTarget target(String given, String option, Endpoint own) {
    try {
      return EvalTarget.parse(given, own, context.env());
    } catch (IllegalArgumentException e) {
      throw usage(option + " " + given + ": " + e.getMessage());
    }
  }

  /** Checks every option (exit 2 naming it) and builds the session's options. */
  EvalOptions options() {
    Endpoint endpoint = connection.endpoint(context.env());
    List<EvalTarget> ms = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String m : models) {
      if (m.isBlank()) {
        throw usage("--model must not be empty");
      }
      EvalTarget t = target(m.strip(), "--model", endpoint);
      if (named.contains(t.label())) {
        throw usage("--model " + t.label() + " is given twice");
      }
      ms.add(t);
      named.add(t.label());
    }
    EvalTarget ref = null;
    String a = against.strip();
    if (a.startsWith("recorded:")) {
      String name = a.substring("recorded:".length()).strip();
      if (name.isEmpty()) {
        throw usage("--against recorded:MODEL needs a model name");
      }
      ref = target(name, "--against recorded:", endpoint);
      if (named.contains(ref.label())) {
        throw usage(
            "--against recorded:"
                + ref.label()
                + " is also a --model: it would be compared with itself");
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
    failOnVerdict = statistics.check(ref != null || ms.size() >= 2);
    ModelCatalog catalog = recording.catalog();
    Set<String> labels = new TreeSet<>();
    if (labelsFrom != null) {
      for (ChatExample e : ChatData.read(labelsFrom).examples()) {
        labels.add(e.expected().strip());
      }
    }
    return new EvalOptions(
        data,
        ms,
        ref,
        chosen,
        judgeModel == null ? null : judgeModel.strip(),
        job == null ? null : job.strip(),
        out,
        reportsDir.dir(),
        recording.temperature,
        recording.seed,
        recording.maxTokens,
        recording.concurrency,
        statistics.resamples,
        statistics.bootstrapSeed,
        statistics.top,
        recording.dryRun,
        catalog,
        labels,
        templates.dir(),
        statistics.margin);
  }
}
