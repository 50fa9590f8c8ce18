package dev.openaift.cli;

import dev.openaift.follow.FollowOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --poll SECONDS}: the pace of a command that follows a job. */
final class PollOption {
  /** The longest wait an option in seconds takes: a day. */
  private static final double MAX_SECONDS = 86_400;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--poll",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description =
          "Seconds between polls while the job changes; quiet jobs are polled less often, up to 10"
              + " s (default: ${DEFAULT-VALUE}).")
  double seconds;

  /** The follow loop's pacing; a value out of range is bad usage (exit 2). */
  FollowOptions followOptions() {
    return followOptions(spec, seconds);
  }

  /** The follow loop's pacing for {@code --poll SECONDS} of the command {@code spec}. */
  static FollowOptions followOptions(CommandSpec spec, double seconds) {
    return FollowOptions.defaults().withPollInterval(seconds(spec, "--poll", seconds));
  }

  /**
   * {@code value} seconds of the option named {@code option} as a duration (at least a
   * millisecond); not above 0 or above a day is bad usage (exit 2) naming the option.
   */
  static Duration seconds(CommandSpec spec, String option, double value) {
    if (!(value > 0) || value > MAX_SECONDS) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a number of seconds above 0, got " + value);
    }
    return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
  }
}
