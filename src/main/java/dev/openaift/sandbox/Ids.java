package dev.openaift.sandbox;

import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Seeded generator of OpenAI-looking ids ({@code file-…}, {@code ftjob-…}); callers hold the state
 * lock.
 */
final class Ids {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private final SplittableRandom random;

  Ids(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Lower-case hexadecimal digits, as Azure's ids are written. */
  static final String HEX = "0123456789abcdef";

  String next(String prefix, int length, Predicate<String> taken) {
    return next(prefix, length, ALPHABET, taken);
  }

  /** An id of {@code length} characters of {@code alphabet} after {@code prefix}, not taken. */
  String next(String prefix, int length, String alphabet, Predicate<String> taken) {
    while (true) {
      StringBuilder sb = new StringBuilder(prefix);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String id = sb.toString();
      if (!taken.test(id)) {
        return id;
      }
    }
  }

  long nextSeed() {
    return random.nextInt(1, Integer.MAX_VALUE);
  }
}
