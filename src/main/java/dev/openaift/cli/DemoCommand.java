package dev.openaift.cli;

import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.JobRequest;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.FollowOptions;
import dev.openaift.job.Job;
import dev.openaift.lifecycle.JobLauncher;
import dev.openaift.metrics.Finding;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft demo}: the whole tool in a few seconds, offline: starts the sandbox in-process,
 * uploads the bundled demo files, creates a job, follows it live, writes its report and the archive
 * index. Needs no key (the sandbox's own key is used; any OPENAI_API_KEY is ignored).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a fine-tuning job end to end on the embedded sandbox: no key or network needed.",
      "",
      "Starts a local sandbox of the fine-tuning API, uploads a small bundled training file,"
          + " creates a job (gpt-4o-mini-2024-07-18, suffix 'demo'), follows it live, then writes"
          + " its report and the archive index and prints where they are.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft demo", "  openai-ft demo --reports-dir /tmp/reports --no-progress"})
final class DemoCommand extends ContextCommand {
  /** A sandbox-only base model with no shutdown date, so the demo works on any calendar date. */
  static final String MODEL = "sandbox-evergreen";

  static final long SEED = 42;

  @Mixin ReportsDirOption reportsDir;

  @Option(
      names = "--step-delay-ms",
      paramLabel = "MS",
      defaultValue = "50",
      description =
          "Simulated time per training step; the demo job has 120 steps (default:"
              + " ${DEFAULT-VALUE}).")
  long stepDelayMs;

  @Mixin ProgressOption progress;

  DemoCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (stepDelayMs < 1 || stepDelayMs > 10_000) {
      throw usage("--step-delay-ms must be 1 to 10000, got " + stepDelayMs);
    }
    PrintWriter out = out();
    // The job's seed is fixed, so every demo trains the same curve; the sandbox's seed (ids) comes
    // from the clock, so each run is a new job with its own folder and row in the archive index.
    SandboxConfig config =
        SandboxConfig.defaults()
            .withStepDelayMs(stepDelayMs)
            .withSeed(context.clock().millis())
            .withClock(context.clock());
    Sandbox sandbox = Sandbox.start(config);
    var sleeper = context.cancellableSleeper();
    Connection connection = Connection.of(sandbox.apiKey(), sandbox.baseUrl().toString());
    try (sandbox;
        FineTuningGateway gateway = context.gateways().open(connection, sleeper, context.clock())) {
      out.println(
          "Demo: a local sandbox of the fine-tuning API is running at "
              + sandbox.baseUrl()
              + " (no key or network needed).");
      FileInfo train = gateway.uploadFile("demo-train.jsonl", resource("demo-train.jsonl"));
      FileInfo valid = gateway.uploadFile("demo-valid.jsonl", resource("demo-valid.jsonl"));
      out.println(
          "Uploaded "
              + train.filename()
              + " ("
              + train.id()
              + ") and "
              + valid.filename()
              + " ("
              + valid.id()
              + ").");
      Job job =
          JobLauncher.createOnce(
              gateway,
              new JobRequest(MODEL, train.id(), valid.id(), "demo", SEED, Map.of()),
              true,
              sending(sleeper));
      out.println(
          "Created fine-tuning job "
              + job.id()
              + "; following it (the same as: openai-ft follow "
              + job.id()
              + "):");
      out.flush();
      FollowOptions pacing =
          FollowOptions.defaults()
              .withPollInterval(Duration.ofMillis(Math.max(100, Math.min(2000, stepDelayMs * 4))));
      FollowSession.Settings settings =
          new FollowSession.Settings(
              new Archive(reportsDir.dir()),
              ArchiveSettings.defaults(context.zone())
                  .withShutdowns(RetirementOptions.builtIn(context.clock())),
              true,
              null,
              pacing);
      FollowRunner.Result result =
          follow(gateway, sleeper, job.id(), settings, progress.shown(context), false);
      if (result.outcome().report() != null) {
        out.println("summary: " + summary(result.outcome().report().analysis().findings()));
      }
      out.println(
          "The demo's sandbox stops now, and the model above with it. To try chat, keep one running"
              + " with 'openai-ft sandbox' and point --base-url at it; with a real job and"
              + " OPENAI_API_KEY set: openai-ft follow JOB_ID --report");
      out.flush();
      return result.exitCode().code();
    }
  }

  /** The most important finding, and how many more the report has. */
  static String summary(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "no findings";
    }
    String first = findings.get(0).text();
    int more = findings.size() - 1;
    return more == 0
        ? first
        : first + " (" + more + " more finding" + (more == 1 ? "" : "s") + " in the report)";
  }

  private static byte[] resource(String name) {
    try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the demo file " + name + " is missing from the program");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the demo file " + name + ": " + e.getMessage(), e);
    }
  }
}
