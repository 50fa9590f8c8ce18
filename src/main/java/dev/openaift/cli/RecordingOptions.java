package dev.openaift.cli;

import dev.openaift.api.Endpoint;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.Recorder;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How answers are asked and paid for: the options {@code record} and {@code eval} share. */
final class RecordingOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "For answers recorded now: 0 to 2 (default: the API's).")
  Double temperature;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "For answers recorded now: sent with every request, for reproducible sampling.")
  Long seed;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description =
          "For answers recorded now: at most N tokens per answer (max_completion_tokens).")
  Integer maxTokens;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "" + Recorder.Options.DEFAULT_CONCURRENCY,
      description =
          "Requests in flight at most while recording, 1 to 64 (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "JSON price table merged over the built-in one (see 'openai-ft prepare --help';"
              + " inference prices are \"inference\": {\"input_per_1m\", \"output_per_1m\","
              + " \"fine_tuned_input_per_1m\", \"fine_tuned_output_per_1m\"}).")
  Path prices;

  @Option(
      names = "--yes",
      description =
          "Do not ask before spending (needed without a terminal when the"
              + " estimate is $1.00 or more, or unknown).")
  boolean yes;

  @Option(
      names = "--dry-run",
      description = "Print what would be asked and what it would cost; send and write nothing.")
  boolean dryRun;

  /** Checks the values (bad usage, exit 2, naming the option). */
  void check() {
    if (concurrency < 1 || concurrency > 64) {
      throw usage("--concurrency must be 1 to 64, got " + concurrency);
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw usage("--temperature must be 0 to 2, got " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw usage("--max-tokens must be at least 1, got " + maxTokens);
    }
  }

  /** The built-in prices, with {@code --prices} merged over them. */
  ModelCatalog catalog() {
    return prices == null ? ModelCatalog.builtIn() : ModelCatalog.builtIn().withOverrides(prices);
  }

  /** How {@code model} on {@code endpoint} is asked for answers recorded now. */
  Recorder.Options recorder(String model, Endpoint endpoint) {
    return new Recorder.Options(
        model,
        endpoint,
        temperature,
        seed,
        maxTokens,
        concurrency,
        Recorder.Options.DEFAULT_MAX_ATTEMPTS);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
