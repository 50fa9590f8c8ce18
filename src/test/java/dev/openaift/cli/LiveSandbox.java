package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.EventFollower;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.InMemoryEventStore;
import dev.openaift.follow.PlainEventPrinter;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A sandbox with a known key, a retrying gateway to prepare jobs, and a way to run commands against
 * it.
 */
final class LiveSandbox implements AutoCloseable {
  static final String KEY = "sk-live-test-SECRET-4242";

  /** Today is {@link TestClocks#TODAY} for the sandbox and the commands. */
  static final Clock CLOCK = CliRun.CLOCK;

  final Sandbox sandbox;

  /** Retries a lot, so tests can prepare and check jobs even with faults on. */
  final FineTuningGateway gateway;

  /** Manual mode: how many ticks every job moves before each gateway call a command makes. */
  private final int ticksPerCall;

  /** A sandbox whose jobs advance on their own, one tick each step delay. */
  LiveSandbox(SandboxConfig config) {
    this(config, false, 0);
  }

  /**
   * A sandbox in manual mode ({@link Sandbox#startManual}): nothing moves by itself; the test steps
   * it ({@code sandbox.step()}, {@link #await}), and every active job moves {@code ticksPerCall}
   * ticks before each gateway call a command makes, so a command that follows a job sees it
   * progress as fast as it asks, with no real time involved.
   */
  static LiveSandbox manual(SandboxConfig config, int ticksPerCall) {
    return new LiveSandbox(config, true, ticksPerCall);
  }

  private LiveSandbox(SandboxConfig config, boolean manual, int ticksPerCall) {
    // "today" is pinned unless the test brought its own clock: shutdown dates are data
    SandboxConfig pinned =
        config.clock().equals(Clock.systemUTC()) ? config.withClock(CLOCK) : config;
    this.sandbox =
        manual
            ? Sandbox.startManual(pinned.withApiKey(KEY))
            : Sandbox.start(pinned.withApiKey(KEY));
    this.ticksPerCall = ticksPerCall;
    this.gateway =
        new OpenAiGateway(
            Connection.of(KEY, sandbox.baseUrl().toString())
                .withMaxRetries(20)
                .withTimeout(Duration.ofSeconds(20)));
  }

  Map<String, String> env() {
    return Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", sandbox.baseUrl().toString());
  }

  /**
   * Not a terminal, UTC, the pinned clock, Ctrl-C never comes; in manual mode the commands'
   * gateways step the sandbox.
   */
  CliContext context() {
    CliContext c = CliRun.context(env());
    return sandbox.isManual() ? c.withGateways(this::steppingGateway) : c;
  }

  /**
   * A real gateway that first moves every active job {@link #ticksPerCall} ticks at each call; its
   * retries after injected faults go again at once (simulated time moves only by stepping).
   */
  private LifecycleGateway steppingGateway(Connection connection, Sleeper sleeper, Clock clock) {
    LifecycleGateway real = GatewayFactory.OPENAI.open(connection, d -> {}, clock);
    InvocationHandler stepFirst =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() != Object.class && !method.getName().equals("close")) {
            sandbox.step(ticksPerCall);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (LifecycleGateway)
        Proxy.newProxyInstance(
            LifecycleGateway.class.getClassLoader(),
            new Class<?>[] {LifecycleGateway.class},
            stepFirst);
  }

  CliRun run(String... args) {
    return CliRun.run(context(), args);
  }

  /** Uploads {@code examples} chat examples and starts a job with the given hyperparameters. */
  String createJob(int examples, Map<String, Object> hyperparameters) {
    FileInfo f =
        gateway.uploadFile("train.jsonl", examples(examples).getBytes(StandardCharsets.UTF_8));
    return gateway
        .createJob(new JobRequest("gpt-4o-mini-2024-07-18", f.id(), null, "t", 7L, hyperparameters))
        .id();
  }

  /**
   * Until {@code done} holds: in manual mode steps the sandbox one tick at a time (failing when no
   * job moves any more), else polls (60 s at most).
   */
  Job await(String jobId, Predicate<Job> done) throws InterruptedException {
    if (sandbox.isManual()) {
      while (true) {
        Job j = gateway.getJob(jobId);
        if (done.test(j)) {
          return j;
        }
        if (sandbox.step() == 0) {
          fail("job " + jobId + " stopped moving at " + j.status());
        }
      }
    }
    return Await.until(
        "job " + jobId + " to get there",
        Duration.ofSeconds(60),
        () -> gateway.getJob(jobId),
        done);
  }

  /** Every event of the job, oldest first. */
  List<JobEvent> allEvents(String jobId) {
    return new EventFollower(
            gateway,
            jobId,
            new InMemoryEventStore(),
            FollowListener.silent(),
            Clock.systemUTC(),
            Sleeper.system(),
            FollowOptions.defaults())
        .readNew();
  }

  /** The lines {@code follow} prints for these events in UTC. */
  static List<String> lines(List<JobEvent> events) {
    return events.stream().map(e -> PlainEventPrinter.line(e, ZoneOffset.UTC)).toList();
  }

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

  @Override
  public void close() {
    gateway.close();
    sandbox.close();
  }
}
