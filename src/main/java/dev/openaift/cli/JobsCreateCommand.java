package dev.openaift.cli;

import dev.openaift.api.Connection;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.Provider;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.lifecycle.AzureFineTuning;
import dev.openaift.lifecycle.FileRef;
import dev.openaift.lifecycle.JobLauncher;
import dev.openaift.lifecycle.UnusableFileException;
import dev.openaift.models.ModelCatalog;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.retirement.Shutdowns;
import dev.openaift.retirement.TrainingStart;
import dev.openaift.session.EvalOptions;
import dev.openaift.session.EvalTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft jobs create}: checks local files, prints the cost estimate (asking from $1.00 or
 * an unknown cost), uploads them, starts the job and prints its id; optionally follows it to the
 * end.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Start a fine-tuning job from local files or file ids.",
      "",
      "--training-file and --validation-file take a local JSONL file (checked like 'openai-ft"
          + " prepare', then uploaded; an unusable file stops everything with exit 5) or an"
          + " uploaded file's id (file-...). Before uploading or creating anything it prints the"
          + " estimated cost, computed from the training file (an uploaded one is downloaded and"
          + " checked the same way; --no-check skips all checks, and the cost is then unknown)."
          + " From an estimate of $1.00 (or an unknown one) it asks on a terminal; scripts pass"
          + " --yes. Then it prints the job id.",
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
  @Mixin JobRequestOptions job;

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

  @Mixin ReportsDirOption reportsDir;

  @Mixin PollOption poll;

  @Mixin ProgressOption progress;

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
      description =
          "Do not ask before spending: on the job when its estimate is $1.00 or more or unknown"
              + " (without a terminal the command refuses unless --yes), and with --classification"
              + " on the evaluation.")
  boolean yes;

  @Option(
      names = "--json",
      description =
          "Print the created job as JSON (with --dry-run: the request and estimate; with --follow:"
              + " each event as a JSON line, like 'follow --json').")
  boolean json;

  @Option(
      names = "--again",
      description =
          "Start a new job even when an earlier run of this same request (same files, model and"
              + " settings, same account) already started one that has not failed or been"
              + " cancelled. Without it that job is taken (and followed with --follow) instead of"
              + " paying twice: see the archive's launches/ folder.")
  boolean again;

  @Mixin RetirementOptions retirement;

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
    JobRequest draft = job.request();
    var followOptions = poll.followOptions();
    FileRef training = FileRef.parse(job.trainingFile);
    FileRef validation = job.validationFile == null ? null : FileRef.parse(job.validationFile);
    PrepareOptions checks =
        noCheck
            ? null
            : PrepareOptions.defaults().withModel(job.model.strip()).withEpochs(job.epochs);
    JobLauncher.Plan plan;
    try {
      plan = JobLauncher.plan(draft, training, validation, checks);
    } catch (UnusableFileException e) {
      throw noJob(e);
    }
    PrintWriter out = out();
    PrintWriter info = json ? err() : out;
    Shutdowns shutdowns = retirement.shutdowns(context.clock());
    boolean azure =
        Connection.chooseProvider(context.env(), connection.baseUrl, connection.provider)
            == Provider.AZURE;
    if (dryRun) {
      checkShutdown(shutdowns, azure);
      if (json) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("dry_run", true);
        doc.put("request", plan.body());
        doc.put("uploads", plan.uploads().stream().map(f -> f.local().toString()).toList());
        doc.put("estimate", TrainingCost.json(plan.trainingReport()));
        ApiJson.print(out, ApiJson.object(doc));
      } else {
        plan.uploads()
            .forEach(f -> out.println("Would upload " + f.local() + " (purpose fine-tune)."));
        out.println("Would send POST /fine_tuning/jobs with:");
        out.println(ApiJson.text(ApiJson.object(plan.body())));
        out.println(TrainingCost.line(plan.trainingReport()));
        out.println("Dry run: nothing was uploaded or created.");
      }
      out.flush();
      return ExitCode.OK.code();
    }
    var sleeper = context.cancellableSleeper();
    try (LifecycleGateway gateway = connection.gateway(context, sleeper)) {
      checkShutdown(azure ? shutdowns : shutdowns.withModels(gateway.listModels()), azure);
      try {
        plan = JobLauncher.checkUploadedTraining(gateway, plan, checks);
      } catch (UnusableFileException e) {
        throw noJob(e);
      }
      Archive archive = new Archive(reportsDir.dir(), notices());
      JobLauncher.Plan checked = plan;
      JobLauncher.Launched launched =
          JobLauncher.launchOnce(
              gateway,
              checked,
              sending(sleeper),
              archive,
              again,
              context.clock(),
              "jobs create " + job.model,
              () -> {
                // what it will cost, before anything is uploaded or created
                info.println(TrainingCost.line(checked.trainingReport()));
                info.flush();
                return TrainingCost.confirm(
                    context, input, err(), yes, checked.trainingReport(), job.model.strip());
              });
      if (launched == null) {
        return ExitCode.OK.code();
      }
      if (launched.trainingUpload() != null) {
        info.println(
            "Uploaded " + training.local() + " as " + launched.trainingUpload().id() + ".");
      }
      if (launched.validationUpload() != null) {
        info.println(
            "Uploaded " + validation.local() + " as " + launched.validationUpload().id() + ".");
      }
      String id = launched.job().id();
      info.println(
          (launched.earlier() ? "Fine-tuning job " : "Created fine-tuning job ")
              + id
              + " ("
              + launched.job().status()
              + (launched.earlier() ? "), started by an earlier run of this request." : ")."));
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
              archive,
              ArchiveSettings.defaults(context.zone())
                  .withShutdowns(retirement.shutdowns(context.clock())),
              report,
              null,
              followOptions);
      FollowRunner.Result followed =
          follow(gateway, sleeper, id, settings, progress.shown(context), json);
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
    job.classificationDefaults();
    if (!follow && !report) {
      info()
          .println(
              "Note: without --follow the evaluation does not run; when the job succeeds run:"
                  + " openai-ft eval --data "
                  + job.validationFile
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
    info.println("Evaluating " + model + " on " + job.validationFile + " (classification):");
    info.flush();
    Path valid = FileRef.parse(job.validationFile).local();
    Set<String> labels = new TreeSet<>();
    FileRef training = FileRef.parse(job.trainingFile);
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
            reportsDir.dir(),
            labels,
            job.seed,
            ModelCatalog.builtIn());
    return new EvalConsole(context, input, info, err(), connection, yes).run(o, null);
  }

  /**
   * Refuses (exit 2, nothing sent) when the model's base has shut down, warns when it shuts down,
   * or new jobs stop, within {@link TrainingStart#WARN_DAYS} days. On Azure ({@code azure}) by
   * Azure's schedule: its serving dates (the table's provider section) and its last day of training
   * per model ({@link AzureFineTuning}), never OpenAI's.
   */
  private void checkShutdown(Shutdowns shutdowns, boolean azure) {
    String model = job.model.strip();
    Shutdowns dates = azure ? shutdowns.forProvider(Provider.AZURE.id()) : shutdowns;
    TrainingStart start = TrainingStart.check(dates, model);
    if (start.refusal() != null) {
      throw usage("--model " + model + ": " + start.refusal());
    }
    List<String> warnings = new ArrayList<>(start.warnings());
    if (azure) {
      AzureFineTuning table = AzureFineTuning.builtIn();
      String azureName = table.azureName(model);
      // only a model the table dates is refused by it; any other is left to Azure, which says
      // whether it fine-tunes it
      if (table.trainingUntil(azureName).isPresent()) {
        table
            .refusal(azureName, dates.today())
            .ifPresent(
                why -> {
                  throw usage("--model " + model + ": " + why + "; nothing was sent");
                });
      }
      table.endsSoon(azureName, dates.today(), TrainingStart.WARN_DAYS).ifPresent(warnings::add);
    }
    warnings.forEach(w -> err().println("openai-ft: warning: " + w));
    err().flush();
  }

  /** The error handler lists the file's problems; this says that the job was not created either. */
  private static CliException noJob(UnusableFileException e) {
    return CliException.withContext(e, e.getMessage() + "; no job was created");
  }
}
