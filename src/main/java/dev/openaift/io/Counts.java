package dev.openaift.io;

import java.util.Locale;

/** A number of things as people read it: {@code 1 answer}, {@code 1,204 answers}. */
public final class Counts {
  private Counts() {}

  /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** {@code n} with grouped thousands and {@code one} or {@code many}. */
  public static String of(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }
}
