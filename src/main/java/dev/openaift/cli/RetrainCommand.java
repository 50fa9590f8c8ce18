package dev.openaift.cli;

import dev.openaift.api.Connection;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.Provider;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import dev.openaift.io.ShownPath;
import dev.openaift.lifecycle.AzureFineTuning;
import dev.openaift.lifecycle.JobLauncher;
import dev.openaift.lifecycle.Retrain;
import dev.openaift.lifecycle.RetrainTarget;
import dev.openaift.lifecycle.UnusableFileException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openai-ft retrain JOB_ID}: re-runs an archived job where fine-tuning still works (Azure
 * OpenAI, or any OpenAI-compatible fine-tuning API), from the archive alone.
 */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run an archived job where fine-tuning still works: Azure OpenAI (--provider azure) or"
          + " another OpenAI-compatible fine-tuning API (--base-url).",
      "",
      "Everything comes from the archive: the training and validation files from the copies"
          + " 'openai-ft backup' keeps (never fetched again; a missing copy stops everything with"
          + " exit 5 and the backup command that makes it), the same method (supervised or dpo),"
          + " hyperparameters, seed, suffix and metadata, plus metadata retrained_from=JOB_ID. The"
          + " files are checked like 'files upload', uploaded, the job started, followed and"
          + " reported into the archive, where retrain.json names its origin; then 'openai-ft"
          + " compare JOB_ID NEW_JOB_ID' shows both side by side.",
      "",
      "For Azure: the model's Azure name (gpt-3.5-turbo-0125 -> gpt-35-turbo-0125), the training"
          + " tier Azure's REST API asks for (trainingType: standard, globalstandard or"
          + " developerTier; default globalstandard) and the api-version that takes it"
          + " (2025-04-01-preview unless --api-version or $OPENAI_API_VERSION says otherwise). A"
          + " model Azure cannot fine-tune is refused before anything is uploaded, naming those it"
          + " can (exit 2).",
      "",
      "--dry-run prints the plan (files, method, hyperparameters, target, tier) and the estimated"
          + " cost at this tool's price table; it sends nothing and needs no key. Without it, the"
          + " same plan is printed first; from an estimate of $1.00 (or an unknown one) it asks on"
          + " a terminal before uploading anything; scripts pass --yes."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft retrain ftjob-abc123 --provider azure --dry-run",
      "  openai-ft retrain ftjob-abc123 --provider azure --training-type standard",
      "  openai-ft retrain ftjob-abc123 --base-url https://ft.example.com/v1 --model my-base"
    })
final class RetrainCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "JOB_ID", description = "The archived job to re-run.")
  String jobId;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "The model to train on the target (default: the archived job's base model, under"
              + " Azure's name for --provider azure).")
  String model;

  @Option(
      names = "--training-type",
      paramLabel = "TIER",
      description =
          "Azure only: standard, globalstandard or developerTier (default: globalstandard).")
  String trainingType;

  @Mixin ReportsDirOption reportsDir;

  @Option(names = "--dry-run", description = "Print the plan and the estimated cost; send nothing.")
  boolean dryRun;

  @Option(
      names = "--no-follow",
      description =
          "Start the job and return (follow and report it later with 'openai-ft follow').")
  boolean noFollow;

  @Option(
      names = "--no-check",
      description = "Upload the copies without checking them first (no estimate).")
  boolean noCheck;

  @Option(
      names = "--yes",
      description =
          "Do not ask before starting a job whose estimate is $1.00 or more or unknown (without a"
              + " terminal the command refuses unless --yes).")
  boolean yes;

  @Option(
      names = "--again",
      description =
          "Start a new job even when an earlier run of this same retrain (same target and"
              + " request) already started one that has not failed or been cancelled; without it"
              + " that job is taken and followed instead of paying twice.")
  boolean again;

  @Mixin PollOption poll;

  @Mixin ProgressOption progress;

  private final UserInput input;

  RetrainCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    var followOptions = poll.followOptions();
    Archive archive = new Archive(reportsDir.dir(), notices());
    Retrain.Source source = Retrain.source(archive.root(), jobId.strip());
    Provider provider =
        Connection.chooseProvider(context.env(), connection.baseUrl, connection.provider);
    boolean azure = provider == Provider.AZURE;
    AzureFineTuning azureTable = AzureFineTuning.builtIn();
    RetrainTarget chosen;
    try {
      chosen =
          RetrainTarget.choose(
              source,
              model,
              trainingType,
              azure,
              azureTable,
              LocalDate.now(context.clock().withZone(ZoneOffset.UTC)));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    String target = chosen.model();
    String tier = chosen.tier();
    if (azure && connection.apiVersion == null && context.env().get("OPENAI_API_VERSION") == null) {
      connection.apiVersion = azureTable.apiVersion();
    }
    JobRequest draft;
    try {
      draft = chosen.draft(source);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    JobLauncher.Plan plan;
    try {
      plan = chosen.plan(source, draft, !noCheck);
    } catch (UnusableFileException e) {
      throw CliException.withContext(e, e.getMessage() + "; no job was created");
    }
    PrintWriter out = out();
    printPlan(out, source, provider, target, tier, plan);
    if (dryRun) {
      out.println("Dry run: nothing was uploaded or created.");
      out.flush();
      return ExitCode.OK.code();
    }
    out.flush();
    var sleeper = context.cancellableSleeper();
    try (LifecycleGateway gateway = connection.gateway(context, sleeper)) {
      // running the same retrain again takes the job it started instead of paying twice
      JobLauncher.Launched launched =
          JobLauncher.launchOnce(
              gateway,
              plan,
              sending(sleeper),
              archive,
              again,
              context.clock(),
              "retrain " + source.job().id(),
              () ->
                  TrainingCost.confirm(context, input, err(), yes, plan.trainingReport(), target));
      if (launched == null) {
        return ExitCode.OK.code();
      }
      String trainingId = launched.trainingId();
      String validationId = launched.validationId();
      if (launched.trainingUpload() != null) {
        out.println("Uploaded " + source.training().file() + " as " + trainingId + ".");
      }
      if (launched.validationUpload() != null) {
        out.println("Uploaded " + source.validation().file() + " as " + validationId + ".");
      }
      String id = launched.job().id();
      if (!launched.earlier() && java.nio.file.Files.exists(archive.folder(id))) {
        // only a target that reuses ids does this (two sandboxes with the same seed); the origin's
        // record must not be overwritten by the new job's
        throw new CliException(
            ExitCode.API,
            "the target created job "
                + Echo.cut(id)
                + " (retrained from "
                + source.job().id()
                + "), but "
                + ShownPath.of(archive.folder(id))
                + " already holds a job of that id: nothing was written over it; follow the new"
                + " job into another archive with: openai-ft follow "
                + Echo.cut(id)
                + " --report --reports-dir DIR");
      }
      out.println(
          (launched.earlier() ? "Fine-tuning job " : "Created fine-tuning job ")
              + Echo.cut(id)
              + " ("
              + Echo.cut(launched.job().status())
              + "), retrained from "
              + source.job().id()
              + (launched.earlier() ? ", started by an earlier run of this retrain." : "."));
      try (Archive.Lock held = archive.lock("retrain " + id)) {
        Retrain.writeOrigin(
            archive.folder(id),
            Retrain.originRecord(
                source,
                id,
                azure ? Provider.AZURE.id() : host(connection.connection(context.env())),
                plan.request(),
                trainingId,
                validationId));
      }
      String compare = "openai-ft compare " + source.job().id() + " " + id;
      if (noFollow) {
        out.println("Follow it with: openai-ft follow " + id + " --report; then: " + compare);
        out.flush();
        return ExitCode.OK.code();
      }
      out.flush();
      FollowSession.Settings settings =
          new FollowSession.Settings(
              archive, ArchiveSettings.defaults(context.zone()), true, null, followOptions);
      FollowRunner.Result followed =
          follow(gateway, sleeper, id, settings, progress.shown(context), false);
      out.println("Compare it with its origin: " + compare);
      out.flush();
      return followed.exitCode().code();
    }
  }

  private void printPlan(
      PrintWriter out,
      Retrain.Source source,
      Provider provider,
      String target,
      String tier,
      JobLauncher.Plan plan) {
    JobRequest r = plan.request();
    out.println("Retrain " + source.job().id() + " from the archive " + reportsDir.dir() + ":");
    out.println(
        "  target:     "
            + (provider == Provider.AZURE ? "Azure OpenAI" : "OpenAI-compatible API")
            + (connection.baseUrl == null ? "" : " at " + Echo.cut(connection.baseUrl)));
    String origin = source.job().model();
    out.println(
        "  model:      "
            + Echo.cut(target)
            + (origin != null && !origin.strip().equals(target)
                ? " (the job trained " + Echo.cut(origin) + ")"
                : ""));
    if (tier != null) {
      out.println("  tier:       trainingType " + tier);
    }
    out.println("  method:     " + r.method());
    out.println(
        "  hyperparameters: "
            + (r.hyperparameters().isEmpty() ? "the service's choice" : r.hyperparameters()));
    List<String> dropped = Retrain.dropped(source.job());
    if (!dropped.isEmpty()) {
      out.println("  not carried over (the method does not take them): " + dropped);
    }
    out.println("  seed:       " + (r.seed() == null ? "the service's choice" : r.seed()));
    out.println("  suffix:     " + (r.suffix() == null ? "none" : Echo.cut(r.suffix())));
    out.println("  metadata:   " + Echo.cut(String.valueOf(r.metadata())));
    copyLine(out, "training", source.training());
    if (source.validation() != null) {
      copyLine(out, "validation", source.validation());
    }
    try {
      out.println("  request:    " + Json.mapper().writeValueAsString(plan.body()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot show the request", e);
    }
    out.println(TrainingCost.line(plan.trainingReport()));
  }

  private static void copyLine(PrintWriter out, String role, Retrain.DataCopy copy) {
    out.println(
        "  "
            + role
            + ": "
            + copy.file()
            + " (archived copy of "
            + copy.fileId()
            + ", sha256 "
            + copy.sha256().substring(0, 12)
            + "…)");
  }

  /** The target's host for the origin record (no key, no path). */
  private static String host(Connection c) {
    try {
      String h = URI.create(c.baseUrl().strip()).getHost();
      return h == null ? "openai-compatible" : h;
    } catch (IllegalArgumentException notAUrl) {
      return "openai-compatible";
    }
  }
}
