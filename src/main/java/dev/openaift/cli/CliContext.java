package dev.openaift.cli;

import dev.openaift.api.Sleeper;
import dev.openaift.follow.CancellableSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What commands take from the process, injectable for tests: the environment (API key, base URL),
 * whether standard output is a terminal, the local time zone, the clock, Ctrl-C, how gateways to
 * the API are opened and how waits wait.
 *
 * @param terminal whether standard output is a terminal (the progress line is drawn only then)
 * @param zones gives the time zone of event times and archive dates ({@link #zone})
 * @param terminalWidth columns of the terminal
 * @param gateways opens the gateway of commands that talk to the API ({@link
 *     GatewayFactory#OPENAI})
 * @param sleeper waits between retries of commands that retry by themselves ({@code generate});
 *     tests give one that moves their clock instead of waiting
 * @param cancellableSleepers a new sleeper for each wait that Ctrl-C cuts short (following a job,
 *     with the retries of its gateway): real time by default; {@link #withTime} makes them wait
 *     with its sleeper until cancelled
 */
public record CliContext(
    Map<String, String> env,
    boolean terminal,
    Supplier<ZoneId> zones,
    Clock clock,
    Interrupts interrupts,
    int terminalWidth,
    GatewayFactory gateways,
    Sleeper sleeper,
    Supplier<CancellableSleeper> cancellableSleepers) {

  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(zones, "zones");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(interrupts, "interrupts");
    Objects.requireNonNull(gateways, "gateways");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(cancellableSleepers, "cancellableSleepers");
    if (terminalWidth < 20) {
      terminalWidth = 80;
    }
  }

  /** A context whose gateways are {@link GatewayFactory#OPENAI} and whose sleepers really wait. */
  public CliContext(
      Map<String, String> env,
      boolean terminal,
      ZoneId zone,
      Clock clock,
      Interrupts interrupts,
      int terminalWidth) {
    this(env, terminal, () -> zone, clock, interrupts, terminalWidth);
    Objects.requireNonNull(zone, "zone");
  }

  private CliContext(
      Map<String, String> env,
      boolean terminal,
      Supplier<ZoneId> zones,
      Clock clock,
      Interrupts interrupts,
      int terminalWidth) {
    this(
        env,
        terminal,
        zones,
        clock,
        interrupts,
        terminalWidth,
        GatewayFactory.OPENAI,
        Sleeper.system(),
        CancellableSleeper::new);
  }

  /**
   * The real process: {@code System.getenv()}, {@code System.console() != null}, local zone, UTC
   * clock.
   */
  public static CliContext system() {
    int width = 80;
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        width = Integer.parseInt(columns.strip());
      } catch (NumberFormatException ignored) {
        // keep 80
      }
    }
    return new CliContext(
        System.getenv(),
        System.console() != null,
        () -> SystemZone.ZONE,
        Clock.systemUTC(),
        Interrupts.shutdownHook(Duration.ofSeconds(5)),
        width);
  }

  public CliContext withEnv(Map<String, String> v) {
    return new CliContext(
        v,
        terminal,
        zones,
        clock,
        interrupts,
        terminalWidth,
        gateways,
        sleeper,
        cancellableSleepers);
  }

  public CliContext withTerminal(boolean v) {
    return new CliContext(
        env, v, zones, clock, interrupts, terminalWidth, gateways, sleeper, cancellableSleepers);
  }

  public CliContext withInterrupts(Interrupts v) {
    return new CliContext(
        env, terminal, zones, clock, v, terminalWidth, gateways, sleeper, cancellableSleepers);
  }

  public CliContext withGateways(GatewayFactory v) {
    return new CliContext(
        env, terminal, zones, clock, interrupts, terminalWidth, v, sleeper, cancellableSleepers);
  }

  /**
   * This context with another clock and sleeper (a fake time that moves when slept on, in tests);
   * the waits that Ctrl-C cuts short wait with the same sleeper until cancelled.
   */
  public CliContext withTime(Clock c, Sleeper s) {
    return new CliContext(
        env,
        terminal,
        zones,
        c,
        interrupts,
        terminalWidth,
        gateways,
        s,
        () -> CancellableSleeper.over(s));
  }

  /** The time zone of event times and archive dates. */
  public ZoneId zone() {
    return zones.get();
  }

  /**
   * The process's zone, looked up when a command first asks: that reads the time zone database (18
   * ms of CPU at start-up, 2026-12-07), which a report into a folder never needs.
   */
  private static final class SystemZone {
    static final ZoneId ZONE = ZoneId.systemDefault();
  }

  /**
   * A new sleeper for one wait that Ctrl-C cuts short: give it to the follow loop and its gateway.
   */
  public CancellableSleeper cancellableSleeper() {
    return cancellableSleepers.get();
  }
}
