package dev.openaift.cli;

import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.job.Echo;
import dev.openaift.job.ModelIds;
import dev.openaift.lifecycle.FileRef;
import dev.openaift.lifecycle.JobLauncher;
import dev.openaift.lifecycle.UnusableFileException;
import dev.openaift.prepare.Dollars;
import dev.openaift.prepare.ModelCatalog;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import dev.openaift.prepare.TrainingEstimate;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import dev.openaift.session.EvalOptions;
import dev.openaift.session.EvalTarget;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft jobs create}: checks and uploads local files, then starts the job and prints its
 * id and the cost estimate; optionally follows it to the end.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Start a fine-tuning job from local files or file ids.",
      "",
      "--training-file and --validation-file take a local JSONL file (checked like 'openai-ft"
          + " prepare', then uploaded; an unusable file stops everything with exit 5) or an"
          + " uploaded file's id (file-...). Prints the job id and the estimated cost, computed"
          + " from the training file (an uploaded one is downloaded and checked the same way;"
          + " --no-check skips all checks).",
      "",
      "--dry-run checks the local files and prints the request it would send and the estimate (for"
          + " a local training file); it sends nothing and needs no API key. --follow (or --report)"
          + " then follows the job like 'openai-ft follow': exit 0 when it succeeded, 3 when it"
          + " failed or was cancelled."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft jobs create --model gpt-4o-mini-2024-07-18 \\",
      "      --training-file train.jsonl --dry-run",
      "  openai-ft jobs create --model gpt-4o-mini-2024-07-18 \\",
      "      --training-file train.jsonl --validation-file valid.jsonl \\",
      "      --suffix support --epochs 3 --metadata team=search --follow",
      "  openai-ft jobs create --model gpt-4.1-mini-2025-04-14 \\",
      "      --training-file file-abc123 --method dpo --beta 0.1"
    })
final class JobsCreateCommand extends ApiCommand {
  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "The base (or fine-tuned) model to train.")
  String model;

  @Option(
      names = "--training-file",
      required = true,
      paramLabel = "FILE_OR_ID",
      description = "Local JSONL file or uploaded file id.")
  String trainingFile;

  @Option(
      names = "--validation-file",
      paramLabel = "FILE_OR_ID",
      description = "Local JSONL file or uploaded file id.")
  String validationFile;

  @Option(
      names = "--suffix",
      paramLabel = "S",
      description = "Up to 64 letters, digits, '-' or '_' added to the model name.")
  String suffix;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "1 to 50 (default: the service's choice for the file's size).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "1 to 256 (default: auto).")
  Integer batchSize;

  @Option(
      names = "--lr-multiplier",
      paramLabel = "X",
      description = "Learning rate multiplier above 0, up to 10 (default: auto).")
  Double lrMultiplier;

  @Option(names = "--method", paramLabel = "METHOD", description = "supervised (default) or dpo.")
  String method;

  @Option(
      names = "--beta",
      paramLabel = "B",
      description = "DPO only: above 0, up to 2 (default: auto).")
  Double beta;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "0 to 2147483647, for reproducible runs.")
  Long seed;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Kept with the job (repeatable, up to 16).")
  List<String> metadataPairs = new ArrayList<>();

  /**
   * --metadata KEY=VALUE pairs, parsed here rather than by picocli: the value is taken as written.
   */
  private final Map<String, String> metadata = new LinkedHashMap<>();

  @Option(
      names = "--no-check",
      description = "Upload local files without checking them first (no estimate).")
  boolean noCheck;

  @Option(
      names = "--dry-run",
      description = "Check local files, print the request and the estimate; send nothing.")
  boolean dryRun;

  @Option(
      names = "--follow",
      description = "Follow the job until it ends (like 'openai-ft follow').")
  boolean follow;

  @Option(
      names = "--report",
      description = "Follow the job and write its report into the archive when it ends.")
  boolean report;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive for --follow and --report (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--poll",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "With --follow: seconds between polls (default: ${DEFAULT-VALUE}).")
  double poll;

  @Option(
      names = "--no-progress",
      description = "With --follow: plain event lines only, no progress line.")
  boolean noProgress;

  @Option(
      names = "--classification",
      description =
          "Classification defaults (3 epochs and seed 42 unless given, metadata"
              + " task=classification, a local --validation-file required) and, with --follow or"
              + " --report, when the job succeeds: 'openai-ft eval --metric classification' of the"
              + " fine-tuned model on the validation file, attached to the job's report.")
  boolean classification;

  @Option(
      names = "--yes",
      description = "With --classification: do not ask before spending on the evaluation.")
  boolean yes;

  @Option(
      names = "--json",
      description =
          "Print the created job as JSON (with --dry-run: the request and estimate; with --follow:"
              + " each event as a JSON line, like 'follow --json').")
  boolean json;

  @Mixin RetirementOptions retirement;

  /**
   * Days before a base model's shutdown (or the end of new jobs) from which creating a job warns.
   */
  static final int WARN_DAYS = 30;

  /**
   * Epochs for --classification: labels are one or two tokens, learnt in a few passes (see the
   * README).
   */
  static final int CLASSIFICATION_EPOCHS = 3;

  /** Seed for --classification: reruns on the same files are comparable. */
  static final long CLASSIFICATION_SEED = 42;

  private final UserInput input;

  JobsCreateCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    if (classification) {
      classificationDefaults();
    }
    JobRequest draft = request();
    var followOptions = FollowCommand.pollOptions(spec, poll);
    FileRef training = FileRef.parse(trainingFile);
    FileRef validation = validationFile == null ? null : FileRef.parse(validationFile);
    PrepareOptions checks =
        noCheck ? null : PrepareOptions.defaults().withModel(model.strip()).withEpochs(epochs);
    JobLauncher.Plan plan;
    try {
      plan = JobLauncher.plan(draft, training, validation, checks);
    } catch (UnusableFileException e) {
      throw noJob(e);
    }
    PrintWriter out = out();
    PrintWriter info = json ? err() : out;
    Shutdowns shutdowns = retirement.shutdowns(context.clock());
    if (dryRun) {
      checkShutdown(shutdowns);
      if (json) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("dry_run", true);
        doc.put("request", plan.body());
        doc.put("uploads", plan.uploads().stream().map(f -> f.local().toString()).toList());
        doc.put("estimate", estimateJson(plan.trainingReport()));
        ApiJson.print(out, ApiJson.object(doc));
      } else {
        plan.uploads()
            .forEach(f -> out.println("Would upload " + f.local() + " (purpose fine-tune)."));
        out.println("Would send POST /fine_tuning/jobs with:");
        out.println(ApiJson.text(ApiJson.object(plan.body())));
        out.println(estimateLine(plan.trainingReport()));
        out.println("Dry run: nothing was uploaded or created.");
      }
      out.flush();
      return ExitCode.OK.code();
    }
    CancellableSleeper sleeper = new CancellableSleeper();
    try (LifecycleGateway gateway = connection.gateway(context, sleeper)) {
      checkShutdown(shutdowns.withModels(gateway.listModels()));
      try {
        plan = JobLauncher.checkUploadedTraining(gateway, plan, checks);
      } catch (UnusableFileException e) {
        throw noJob(e);
      }
      JobLauncher.Launched launched = JobLauncher.launch(gateway, plan);
      if (launched.trainingUpload() != null) {
        info.println(
            "Uploaded " + training.local() + " as " + launched.trainingUpload().id() + ".");
      }
      if (launched.validationUpload() != null) {
        info.println(
            "Uploaded " + validation.local() + " as " + launched.validationUpload().id() + ".");
      }
      String id = launched.job().id();
      info.println("Created fine-tuning job " + id + " (" + launched.job().status() + ").");
      info.println(estimateLine(plan.trainingReport()));
      boolean following = follow || report;
      if (json && !following) {
        ApiJson.print(out, ApiJson.job(launched.job()));
      }
      if (!following) {
        info.println("Follow it with: openai-ft follow " + id);
        info.flush();
        return ExitCode.OK.code();
      }
      info.flush();
      FollowSession.Settings settings =
          new FollowSession.Settings(
              new Archive(
                  reportsDir,
                  line -> {
                    err().println("openai-ft: " + line);
                    err().flush();
                  }),
              ArchiveSettings.defaults(context.zone())
                  .withShutdowns(retirement.shutdowns(context.clock())),
              report,
              null,
              followOptions);
      FollowRunner.Result followed =
          FollowRunner.run(
              context,
              out,
              err(),
              gateway,
              sleeper,
              id,
              settings,
              new FollowRunner.Display(context.terminal() && !noProgress, json));
      if (!classification || followed.exitCode() != ExitCode.OK) {
        return followed.exitCode().code();
      }
      return evaluate(followed, id);
    }
  }

  /**
   * Sets the classification defaults the user did not give; a local validation file is required.
   */
  private void classificationDefaults() {
    if (validationFile == null || FileRef.parse(validationFile).local() == null) {
      throw usage(
          "--classification needs a local --validation-file (the fine-tuned model is evaluated on"
              + " it)");
    }
    if (method != null && !method.strip().equalsIgnoreCase("supervised")) {
      throw usage("--classification trains with --method supervised");
    }
    if (epochs == null) {
      epochs = CLASSIFICATION_EPOCHS;
    }
    if (seed == null) {
      seed = CLASSIFICATION_SEED;
    }
    metadata.putIfAbsent("task", "classification");
    if (!follow && !report) {
      info()
          .println(
              "Note: without --follow the evaluation does not run; when the job succeeds run:"
                  + " openai-ft eval --data "
                  + validationFile
                  + " --model FINE_TUNED_MODEL --metric classification --job JOB_ID");
    }
    report = report || follow; // the evaluation is attached to the job's report
  }

  private PrintWriter info() {
    return json ? err() : out();
  }

  /**
   * After the job succeeded: the fine-tuned model's classification scores on the validation file,
   * attached to the report.
   */
  private int evaluate(FollowRunner.Result followed, String jobId) {
    String model =
        followed.outcome().result().job() == null
            ? null
            : followed.outcome().result().job().fineTunedModel();
    PrintWriter info = info();
    if (model == null) {
      info.println("The job succeeded without a fine-tuned model name: nothing to evaluate.");
      return ExitCode.OK.code();
    }
    info.println();
    info.println("Evaluating " + model + " on " + validationFile + " (classification):");
    info.flush();
    Path valid = FileRef.parse(validationFile).local();
    Set<String> labels = new TreeSet<>();
    FileRef training = FileRef.parse(trainingFile);
    if (training.local() != null) {
      for (ChatExample e : ChatData.read(training.local()).examples()) {
        labels.add(e.expected().strip());
      }
    }
    EvalOptions o =
        EvalOptions.classification(
            valid,
            EvalTarget.of(model, connection.endpoint(context.env())),
            jobId,
            reportsDir,
            labels,
            seed,
            ModelCatalog.builtIn());
    return new EvalConsole(context, input, info, err(), connection, yes).run(o, null);
  }

  /**
   * Refuses (exit 2, nothing sent) when the model's base has shut down, warns when it shuts down,
   * or new jobs stop, within {@link #WARN_DAYS} days.
   */
  private void checkShutdown(Shutdowns shutdowns) {
    Shutdown s = shutdowns.of(model.strip());
    String base = ModelIds.base(model.strip());
    if (s.past()) {
      throw usage(
          "--model "
              + model.strip()
              + ": "
              + base
              + " shut down on "
              + s.date()
              + " (date from the "
              + s.source().label()
              + "), so it can no longer be fine-tuned and nothing was sent; choose a model that is"
              + " still served ('openai-ft inventory --all' lists the dates)");
    }
    if (s.within(WARN_DAYS)) {
      err()
          .println(
              "openai-ft: warning: "
                  + base
                  + " shuts down on "
                  + s.date()
                  + " ("
                  + Shutdowns.describeDaysLeft(s)
                  + ", date from the "
                  + s.source().label()
                  + "): the model this job trains stops answering that day too.");
    }
    shutdowns
        .table()
        .newJobsStop()
        .filter(
            d -> {
              long days = shutdowns.daysUntil(d);
              return days > 0 && days <= WARN_DAYS;
            })
        .flatMap(d -> shutdowns.platformLine())
        .ifPresent(line -> err().println("openai-ft: warning: " + line + "."));
    err().flush();
  }

  /** Prints one line per problem; the returned exception is the last line and exit 5. */
  /** The error handler lists the file's problems; this says that the job was not created either. */
  private static CliException noJob(UnusableFileException e) {
    return CliException.withContext(e, e.getMessage() + "; no job was created");
  }

  /**
   * Validates every option (exit 2 naming it) and builds the request with the given file arguments.
   */
  JobRequest request() {
    if (model.isBlank()) {
      throw usage("--model must not be empty");
    }
    String m = method == null ? null : method.strip().toLowerCase(Locale.ROOT);
    if (m != null && !m.equals("supervised") && !m.equals("dpo")) {
      throw usage("--method must be supervised or dpo, got " + method);
    }
    if (suffix != null && !SUFFIX.matcher(suffix).matches()) {
      throw usage("--suffix must be 1 to 64 letters, digits, '-' or '_', got '" + suffix + "'");
    }
    if (epochs != null && (epochs < 1 || epochs > 50)) {
      throw usage("--epochs must be 1 to 50, got " + epochs);
    }
    if (batchSize != null && (batchSize < 1 || batchSize > 256)) {
      throw usage("--batch-size must be 1 to 256, got " + batchSize);
    }
    if (lrMultiplier != null && !(lrMultiplier > 0 && lrMultiplier <= 10)) {
      throw usage("--lr-multiplier must be above 0 and at most 10, got " + lrMultiplier);
    }
    if (beta != null && !"dpo".equals(m)) {
      throw usage("--beta needs --method dpo");
    }
    if (beta != null && !(beta > 0 && beta <= 2)) {
      throw usage("--beta must be above 0 and at most 2, got " + beta);
    }
    if (seed != null && (seed < 0 || seed > Integer.MAX_VALUE)) {
      throw usage("--seed must be 0 to 2147483647, got " + seed);
    }
    for (String pair : metadataPairs) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw usage("--metadata must be KEY=VALUE, got '" + Echo.cut(pair) + "'");
      }
      metadata.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    if (metadata.size() > 16) {
      throw usage("--metadata takes at most 16 pairs, got " + metadata.size());
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > 64 || e.getValue().length() > 512) {
        throw usage(
            "--metadata keys must be 1 to 64 characters and values at most 512, got '"
                + e.getKey()
                + "'");
      }
    }
    Map<String, Object> hyper = new TreeMap<>();
    if (epochs != null) {
      hyper.put("n_epochs", epochs);
    }
    if (batchSize != null) {
      hyper.put("batch_size", batchSize);
    }
    if (lrMultiplier != null) {
      hyper.put("learning_rate_multiplier", lrMultiplier);
    }
    if (beta != null) {
      hyper.put("beta", beta);
    }
    return new JobRequest(
        model.strip(), trainingFile, validationFile, suffix, seed, hyper, m, metadata);
  }

  /** {@code Estimated cost: $0.01 (2,700 billed tokens, 9 epochs)} or why there is none. */
  static String estimateLine(PrepareReport report) {
    if (report == null) {
      return "Estimated cost: not available (the training file was not checked; run 'openai-ft"
          + " prepare FILE').";
    }
    TrainingEstimate e = report.estimate();
    String tokens =
        String.format(
            Locale.ROOT,
            "%,d billed tokens over %d epoch%s%s",
            e.billedTokensTotal(),
            e.epochs(),
            e.epochs() == 1 ? "" : "s",
            e.epochsGiven() ? "" : ", the service's default for this file");
    if (e.cost().isEmpty()) {
      return "Estimated cost: unknown price for "
          + report.model().requested()
          + " ("
          + tokens
          + ").";
    }
    BigDecimal cost = e.cost().get();
    String dollars = Dollars.of(cost, e.billedTokensTotal());
    return "Estimated cost: "
        + dollars
        + " ("
        + tokens
        + "; prices as of "
        + report.pricesAsOf()
        + ").";
  }

  private static Map<String, Object> estimateJson(PrepareReport report) {
    if (report == null) {
      return null;
    }
    TrainingEstimate e = report.estimate();
    Map<String, Object> m = new TreeMap<>();
    m.put("billed_tokens_total", e.billedTokensTotal());
    m.put("billed_tokens_per_epoch", e.billedTokensPerEpoch());
    m.put("epochs", e.epochs());
    m.put("cost_usd", e.cost().map(BigDecimal::toPlainString).orElse(null));
    m.put("prices_as_of", report.pricesAsOf());
    return m;
  }
}
