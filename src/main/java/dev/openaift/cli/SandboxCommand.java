package dev.openaift.cli;

import dev.openaift.job.ModelIds;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import dev.openaift.sandbox.SandboxLaunch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft sandbox}: serves the local OpenAI-compatible fine-tuning API until stopped
 * (Ctrl-C / SIGTERM, an interrupt of the running thread, or {@link #stop()}), then shuts down
 * cleanly, writing the state when {@code --data-dir} is set.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a local OpenAI-compatible fine-tuning API with a training simulator.",
      "",
      "Files, fine-tuning jobs with events and checkpoints, models and chat completions, served"
          + " until stopped.",
      "",
      "Prints one line 'listening on http://HOST:PORT/v1' (with --azure: the endpoint"
          + " http://HOST:PORT and a line on how to reach it). When the key was neither given with"
          + " --api-key nor found in OPENAI_API_KEY, a second line 'api key: "
          + SandboxConfig.DEFAULT_API_KEY
          + "' names the key to use.",
      ""
    })
public final class SandboxCommand extends BaseCommand {
  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 0;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "The key clients must send as 'Authorization: Bearer KEY' (default: $OPENAI_API_KEY, else"
              + " "
              + SandboxConfig.DEFAULT_API_KEY
              + ").")
  String apiKey;

  @Option(
      names = "--step-delay-ms",
      paramLabel = "MS",
      description = "Simulated time per training step (default: ${DEFAULT-VALUE}).")
  long stepDelayMs = 100;

  @Option(
      names = "--faults",
      paramLabel = "RATE",
      description =
          "Fraction (0 to 1) of requests answered with a fault: 429, 500, 503, a dropped"
              + " connection or a slow answer (default: ${DEFAULT-VALUE}).")
  double faults = 0.0;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed for ids, job seeds and faults (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the state in DIR/state.json so it survives a restart.")
  Path dataDir;

  @Option(
      names = "--base64-results",
      description = "Serve result files base64-encoded, like the service in 2024.")
  boolean base64Results;

  @Option(
      names = "--replacement-model",
      paramLabel = "NAME=QUALITY",
      description =
          "A model that answers chat like a candidate replacement of the given quality (0 to 1: how"
              + " often it gives the true answer), between the base and the fine-tuned models"
              + " (repeatable).")
  Map<String, Double> replacementModels = new java.util.LinkedHashMap<>();

  @Option(
      names = "--chat-latency-scale",
      paramLabel = "X",
      description =
          "Real wait of a chat answer per millisecond of its simulated latency (header"
              + " openai-processing-ms): 0 answers at once, 1 in real time (default:"
              + " ${DEFAULT-VALUE}).")
  double chatLatencyScale = 0.01;

  @Option(
      names = "--azure",
      description =
          "Serve the Azure OpenAI flavour: key in an 'api-key' header (default:"
              + " $AZURE_OPENAI_API_KEY), /openai/... paths with a required api-version, chat"
              + " through deployments (every base model is deployed under its own name; deploy a"
              + " fine-tuned one with --deploy or PUT /openai/deployments/NAME {\"model\":"
              + " \"BASE.ft-...\"}), fine-tuned models named as Azure names them"
              + " (BASE.ft-<32 hex>[-SUFFIX]). Prints the endpoint to use as"
              + " AZURE_OPENAI_ENDPOINT.")
  boolean azure;

  @Option(
      names = "--deploy",
      paramLabel = "NAME=MODEL",
      description =
          "With --azure: deploy MODEL (a base model, or a fine-tuned model kept in --data-dir)"
              + " under NAME at start. Repeatable.")
  List<String> deploy = new ArrayList<>();

  @Mixin SandboxPlatformOptions platform;

  private final Map<String, String> env;
  private final CountDownLatch stop = new CountDownLatch(1);

  /** Reads {@code OPENAI_API_KEY} from the process environment. */
  public SandboxCommand() {
    this(System.getenv());
  }

  /** Reads {@code OPENAI_API_KEY} from {@code env} (tests). */
  public SandboxCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Makes a running {@link #call()} stop serving and return. */
  public void stop() {
    stop.countDown();
  }

  @Override
  public Integer call() {
    if (!(faults >= 0 && faults <= 1)) {
      throw usage("--faults must be between 0 and 1, got " + faults);
    }
    if (stepDelayMs < 1) {
      throw usage("--step-delay-ms must be at least 1, got " + stepDelayMs);
    }
    if (port < 0 || port > 65535) {
      throw usage("--port must be between 0 and 65535, got " + port);
    }
    if (!(chatLatencyScale >= 0 && chatLatencyScale <= 10)) {
      throw usage("--chat-latency-scale must be 0 to 10, got " + chatLatencyScale);
    }
    replacementModels.forEach(
        (name, quality) -> {
          if (quality == null
              || !(quality >= 0 && quality <= 1)
              || name.isBlank()
              || ModelIds.isFineTuned(name)) {
            throw usage(
                "--replacement-model needs NAME=QUALITY with a name that is not a fine-tune's and a"
                    + " quality from 0 to 1, got "
                    + name
                    + "="
                    + quality);
          }
        });

    if (platform.requireTrainingType && !azure) {
      throw usage("--require-training-type needs --azure (the tier is Azure's)");
    }
    if (!deploy.isEmpty() && !azure) {
      throw usage("--deploy needs --azure (deployments are Azure's)");
    }
    for (String d : deploy) {
      int eq = d.indexOf('=');
      if (eq < 1 || eq == d.length() - 1) {
        throw usage("--deploy expects NAME=MODEL, got '" + d + "'");
      }
    }
    PlatformRules rules = platform.rules();
    SandboxLaunch.Key key = SandboxLaunch.Key.choose(apiKey, azure, env);
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withHost(host)
            .withPort(port)
            .withApiKey(key.value())
            .withStepDelayMs(stepDelayMs)
            .withFaultRate(faults)
            .withSeed(seed)
            .withDataDir(dataDir)
            .withBase64Results(base64Results)
            .withPlatform(rules);
    // a port in use is bad usage (exit 2), another failure to listen a local problem (5):
    // ErrorHandler
    Sandbox sandbox = azure ? Sandbox.startAzure(cfg) : Sandbox.start(cfg);
    try {
      sandbox.setChatLatencyScale(chatLatencyScale);
      replacementModels.forEach(sandbox::addReplacementModel);
    } catch (IllegalArgumentException e) {
      sandbox.close();
      throw usage("--replacement-model: " + e.getMessage());
    }
    for (String d : deploy) {
      int eq = d.indexOf('=');
      try {
        sandbox.deploy(d.substring(0, eq), d.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        sandbox.close();
        throw usage("--deploy " + d + ": " + e.getMessage());
      }
    }
    SandboxLaunch.serveUntil(
        sandbox,
        stop,
        () -> {
          // all lines in one write, so a reader that sees the first also sees the rest
          out()
              .print(
                  SandboxLaunch.banner(
                      sandbox,
                      azure,
                      dev.openaift.api.Connection.DEFAULT_AZURE_API_VERSION,
                      key,
                      System.lineSeparator()));
          out().flush();
        });
    return ExitCode.OK.code();
  }
}
