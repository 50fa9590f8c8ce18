package dev.openaift.cli;

import java.util.Locale;

/** A number of things as people read it: {@code 1 answer}, {@code 1,204 answers}. */
final class Counts {
  private Counts() {}

  /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
  static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** {@code n} with grouped thousands and {@code one} or {@code many}. */
  static String of(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }
}
