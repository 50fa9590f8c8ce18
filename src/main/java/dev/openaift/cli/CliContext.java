package dev.openaift.cli;

import dev.openaift.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What commands take from the process, injectable for tests: the environment (API key, base URL),
 * whether standard output is a terminal, the local time zone, the clock, Ctrl-C, how gateways to
 * the API are opened and how waits between retries wait.
 *
 * @param terminal whether standard output is a terminal (the progress line is drawn only then)
 * @param zone the time zone of event times and archive dates
 * @param terminalWidth columns of the terminal
 * @param gateways opens the gateway of commands that talk to the API ({@link
 *     GatewayFactory#OPENAI})
 * @param sleeper waits between retries of commands that retry by themselves ({@code generate});
 *     tests give one that moves their clock instead of waiting
 */
public record CliContext(
    Map<String, String> env,
    boolean terminal,
    ZoneId zone,
    Clock clock,
    Interrupts interrupts,
    int terminalWidth,
    GatewayFactory gateways,
    Sleeper sleeper) {

  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(interrupts, "interrupts");
    Objects.requireNonNull(gateways, "gateways");
    Objects.requireNonNull(sleeper, "sleeper");
    if (terminalWidth < 20) {
      terminalWidth = 80;
    }
  }

  /** A context whose gateways are {@link GatewayFactory#OPENAI} and whose sleeper really waits. */
  public CliContext(
      Map<String, String> env,
      boolean terminal,
      ZoneId zone,
      Clock clock,
      Interrupts interrupts,
      int terminalWidth) {
    this(
        env,
        terminal,
        zone,
        clock,
        interrupts,
        terminalWidth,
        GatewayFactory.OPENAI,
        Sleeper.system());
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
        ZoneId.systemDefault(),
        Clock.systemUTC(),
        Interrupts.shutdownHook(Duration.ofSeconds(5)),
        width);
  }

  public CliContext withEnv(Map<String, String> v) {
    return new CliContext(v, terminal, zone, clock, interrupts, terminalWidth, gateways, sleeper);
  }

  public CliContext withTerminal(boolean v) {
    return new CliContext(env, v, zone, clock, interrupts, terminalWidth, gateways, sleeper);
  }

  public CliContext withInterrupts(Interrupts v) {
    return new CliContext(env, terminal, zone, clock, v, terminalWidth, gateways, sleeper);
  }

  public CliContext withGateways(GatewayFactory v) {
    return new CliContext(env, terminal, zone, clock, interrupts, terminalWidth, v, sleeper);
  }

  /**
   * This context with another clock and sleeper (a fake time that moves when slept on, in tests).
   */
  public CliContext withTime(Clock c, Sleeper s) {
    return new CliContext(env, terminal, zone, c, interrupts, terminalWidth, gateways, s);
  }
}
