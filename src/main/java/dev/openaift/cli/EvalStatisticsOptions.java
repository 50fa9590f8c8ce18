package dev.openaift.cli;

import dev.openaift.eval.Paired;
import dev.openaift.eval.Verdict;
import dev.openaift.session.EvalOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How {@code eval} weighs the differences it finds: the bootstrap, the examples shown, and the
 * verdicts of {@code --margin} with the exit code of {@code --fail-on}.
 */
final class EvalStatisticsOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--margin",
      paramLabel = "M",
      description =
          "Give a verdict per metric and candidate: PASS when the candidate is no worse than the"
              + " reference by more than M (in the metric's units: 0.02 = 2 points of a 0-1"
              + " score), FAIL when it is worse by more, INCONCLUSIVE when the examples cannot"
              + " tell, with how many examples would likely settle it. The reference is the"
              + " recording of --against recorded:MODEL, else the first --model.")
  Double margin;

  @Option(
      names = "--fail-on",
      paramLabel = "fail|inconclusive",
      description =
          "With --margin: exit with code 6 when a verdict is FAIL (fail) or is not PASS"
              + " (inconclusive), for CI; everything is written first.")
  String failOn;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      defaultValue = "" + Paired.DEFAULT_RESAMPLES,
      description = "Bootstrap resamples, 100 to 100000 (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--bootstrap-seed",
      paramLabel = "S",
      defaultValue = "" + EvalOptions.DEFAULT_BOOTSTRAP_SEED,
      description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
  long bootstrapSeed;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "" + EvalOptions.DEFAULT_TOP,
      description = "Examples shown where the models disagree most (default: ${DEFAULT-VALUE}).")
  int top;

  /**
   * Checks the values (bad usage, exit 2, naming the option) and returns {@code --fail-on} as a
   * rule, or null without it.
   *
   * @param judgeable whether there is a reference to judge candidates against: {@code --against
   *     recorded:MODEL} or two models or more
   */
  Verdict.FailOn check(boolean judgeable) {
    if (resamples < 100 || resamples > 100_000) {
      throw usage("--bootstrap must be 100 to 100000, got " + resamples);
    }
    if (top < 0) {
      throw usage("--top must be 0 or more, got " + top);
    }
    if (margin != null) {
      if (!(margin >= 0 && margin < 1)) {
        throw usage(
            "--margin must be at least 0 and below 1 (scores run from 0 to 1), got " + margin);
      }
      if (!judgeable) {
        throw usage(
            "--margin judges candidates against a reference: give --against recorded:MODEL, or"
                + " two --model or more (the first is the reference)");
      }
    }
    if (failOn == null) {
      return null;
    }
    if (margin == null) {
      throw usage("--fail-on needs --margin (the verdicts it fails on)");
    }
    try {
      return Verdict.FailOn.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw usage("--fail-on must be 'fail' or 'inconclusive', got '" + failOn + "'");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
