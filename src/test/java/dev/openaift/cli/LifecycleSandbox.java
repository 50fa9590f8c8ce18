package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.Endpoint;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.job.Job;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A sandbox, a gateway to set up and inspect it, and a way to run commands against it with typed
 * answers.
 */
final class LifecycleSandbox implements AutoCloseable {
  static final String KEY = "sk-lifecycle-test-4242";
  static final String MODEL = "gpt-4o-mini-2024-07-18";

  /**
   * Today is {@link TestClocks#TODAY} for the sandbox and the commands (shutdown dates are data).
   */
  static final Clock CLOCK = CliRun.CLOCK;

  final Sandbox sandbox;
  final LifecycleGateway gateway;

  LifecycleSandbox() {
    this(SandboxConfig.defaults().withStepDelayMs(5).withSeed(1).withClock(CLOCK));
  }

  LifecycleSandbox(SandboxConfig config) {
    this(Sandbox.start(config.withApiKey(KEY)));
  }

  /**
   * A sandbox (jobs stepping every 5 ms, the simulator seeded with {@code seed}) where the base
   * model {@code base} (a snapshot or its alias) shuts down on {@code date}.
   */
  static LifecycleSandbox withShutdown(String base, String date, long seed) {
    return new LifecycleSandbox(
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(seed)
            .withClock(CLOCK)
            .withPlatform(PlatformRules.defaults().withShutdownDate(base, LocalDate.parse(date))));
  }

  /**
   * A sandbox in manual mode ({@link Sandbox#startManual}): jobs move only when the test steps
   * them.
   */
  static LifecycleSandbox manual(SandboxConfig config) {
    return new LifecycleSandbox(Sandbox.startManual(config.withApiKey(KEY)));
  }

  private LifecycleSandbox(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.gateway =
        new OpenAiGateway(
            Connection.of(KEY, sandbox.baseUrl().toString())
                .withMaxRetries(5)
                .withTimeout(Duration.ofSeconds(20)));
  }

  /** The sandbox as an endpoint: where recordings made through it are kept. */
  Endpoint endpoint() {
    return gateway.connection().endpoint();
  }

  /** Not a terminal unless asked, UTC, the pinned clock, Ctrl-C never comes. */
  CliContext context(boolean terminal) {
    return CliRun.context(env()).withTerminal(terminal);
  }

  /** The key and base URL of this sandbox. */
  Map<String, String> env() {
    return Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", sandbox.baseUrl().toString());
  }

  /** Runs a command line, not on a terminal, with no typed answers. */
  CliRun run(String... args) {
    return run(false, "", args);
  }

  /** Runs a command line; {@code typed} is what the user types at the prompts. */
  CliRun run(boolean terminal, String typed, String... args) {
    return run(context(terminal), UserInput.of(typed), args);
  }

  /** Runs a command line with any context; the key must never show in what it prints. */
  static CliRun run(CliContext context, UserInput input, String... args) {
    CliRun r = CliRun.run(context, input, args);
    assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the key was printed: " + r);
    return r;
  }

  int fileCount() {
    return gateway.listFiles().size();
  }

  int jobCount() {
    return gateway.listJobsWithStatus(null, 1000).size();
  }

  FileInfo upload(String name, String content) {
    return gateway.uploadFile(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads {@code n} examples and starts a job; returns its id. */
  String startJob(int n, Map<String, Object> hyperparameters) {
    FileInfo f = upload("train.jsonl", examples(n));
    return gateway.createJob(new JobRequest(MODEL, f.id(), null, "t", 7L, hyperparameters)).id();
  }

  /** Polls until {@code done} holds (60 s at most). */
  Job await(String jobId, Predicate<Job> done) {
    return Await.until(
        "job " + jobId + " to get there",
        Duration.ofSeconds(60),
        () -> gateway.getJob(jobId),
        done);
  }

  /**
   * {@code n} distinct chat examples: "What is the colour of planet N?" -> "Planet N is painted
   * shade 7N."
   */
  static String examples(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the colour of planet number"
                  + " %d?\"},{\"role\":\"assistant\",\"content\":\"Planet %d is painted shade"
                  + " %d.\"}]}%n",
              i,
              i,
              i * 7));
    }
    return sb.toString();
  }

  /** Examples where every assistant message is missing: not usable. */
  static String unusable(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Question %d\"}]}%n",
              i));
    }
    return sb.toString();
  }

  static Path write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    sandbox.close();
  }
}
