package dev.openaift.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Sandbox} runs. Start from {@link #defaults()} and change what you need with the
 * {@code withX} methods.
 *
 * @param host address to bind (loopback by default)
 * @param port TCP port; 0 picks a free one
 * @param apiKey the only key accepted as {@code Authorization: Bearer KEY}
 * @param stepDelayMs simulated (and real) time per training step, at least 1
 * @param faultRate fraction of requests, 0 to 1, answered with an injected fault
 * @param seed seeds ids, job seeds that were not given, and the fault sequence
 * @param dataDir where state is persisted ({@code state.json}); null keeps it in memory only
 * @param base64Results serve result files base64-encoded, like the service did in 2024
 * @param slowFaultMs how long a "slow answer" fault waits before answering
 * @param clock the only source of wall time (timestamps of objects and events, shutdown dates)
 * @param platform shutdown dates, the end of new jobs, training-file downloads ({@link
 *     PlatformRules})
 */
public record SandboxConfig(
    String host,
    int port,
    String apiKey,
    long stepDelayMs,
    double faultRate,
    long seed,
    Path dataDir,
    boolean base64Results,
    long slowFaultMs,
    Clock clock,
    PlatformRules platform) {

  /** The key used when none is configured (and printed by the command in that case). */
  public static final String DEFAULT_API_KEY = "sk-sandbox-openai-ft";

  public SandboxConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(platform, "platform");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (stepDelayMs < 1) {
      throw new IllegalArgumentException("step delay must be at least 1 ms, got " + stepDelayMs);
    }
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1, got " + faultRate);
    }
    if (slowFaultMs < 0) {
      throw new IllegalArgumentException("slow fault delay must be >= 0, got " + slowFaultMs);
    }
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("api key must not be blank");
    }
  }

  /** 127.0.0.1, a free port, the default key, 100 ms per step, no faults, seed 0, in memory. */
  public static SandboxConfig defaults() {
    return new SandboxConfig(
        "127.0.0.1",
        0,
        DEFAULT_API_KEY,
        100,
        0.0,
        0L,
        null,
        false,
        1500,
        Clock.systemUTC(),
        PlatformRules.defaults());
  }

  public SandboxConfig withHost(String v) {
    return changed(c -> c.host = v);
  }

  public SandboxConfig withPort(int v) {
    return changed(c -> c.port = v);
  }

  public SandboxConfig withApiKey(String v) {
    return changed(c -> c.apiKey = v);
  }

  public SandboxConfig withStepDelayMs(long v) {
    return changed(c -> c.stepDelayMs = v);
  }

  public SandboxConfig withFaultRate(double v) {
    return changed(c -> c.faultRate = v);
  }

  public SandboxConfig withSeed(long v) {
    return changed(c -> c.seed = v);
  }

  public SandboxConfig withDataDir(Path v) {
    return changed(c -> c.dataDir = v);
  }

  public SandboxConfig withBase64Results(boolean v) {
    return changed(c -> c.base64Results = v);
  }

  public SandboxConfig withSlowFaultMs(long v) {
    return changed(c -> c.slowFaultMs = v);
  }

  public SandboxConfig withClock(Clock v) {
    return changed(c -> c.clock = v);
  }

  public SandboxConfig withPlatform(PlatformRules v) {
    return changed(c -> c.platform = v);
  }

  /** A copy with {@code change} applied to a mutable copy of the components (then checked). */
  private SandboxConfig changed(Consumer<Components> change) {
    Components c = new Components(this);
    change.accept(c);
    return c.config();
  }

  /** The components of a config being changed by one {@code withX} method. */
  private static final class Components {
    String host;
    int port;
    String apiKey;
    long stepDelayMs;
    double faultRate;
    long seed;
    Path dataDir;
    boolean base64Results;
    long slowFaultMs;
    Clock clock;
    PlatformRules platform;

    Components(SandboxConfig from) {
      host = from.host;
      port = from.port;
      apiKey = from.apiKey;
      stepDelayMs = from.stepDelayMs;
      faultRate = from.faultRate;
      seed = from.seed;
      dataDir = from.dataDir;
      base64Results = from.base64Results;
      slowFaultMs = from.slowFaultMs;
      clock = from.clock;
      platform = from.platform;
    }

    SandboxConfig config() {
      return new SandboxConfig(
          host,
          port,
          apiKey,
          stepDelayMs,
          faultRate,
          seed,
          dataDir,
          base64Results,
          slowFaultMs,
          clock,
          platform);
    }
  }
}
