package dev.openaift.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides, before a request is looked at, whether it gets a fault: with probability {@code rate},
 * one of the {@link FaultKind}s with equal chance. The sequence of decisions is fixed by the seed
 * (the n-th request always gets the same decision), and a faulted request never reaches the
 * endpoints, so nothing on the server changes because of it (a slow answer is the exception: it is
 * delayed, then handled normally).
 */
final class FaultInjector {
  private final double rate;
  private final SplittableRandom random;
  private final Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
  private long requests;

  FaultInjector(double rate, long seed) {
    this.rate = rate;
    this.random = new SplittableRandom(seed ^ 0xFA17L);
  }

  /** The fault for the next request, or null for none. */
  synchronized FaultKind next() {
    requests++;
    double u = random.nextDouble();
    int k = random.nextInt(FaultKind.values().length);
    if (u >= rate) {
      return null;
    }
    FaultKind kind = FaultKind.values()[k];
    counts.merge(kind, 1L, Long::sum);
    return kind;
  }

  /** Method and path -> how many more answers to it are lost after the request was handled. */
  private final Map<String, Integer> losing = new java.util.HashMap<>();

  /**
   * Loses the next {@code count} answers to {@code method path} after the request was handled (the
   * connection closes without an answer): what a proxy's timeout or a dropped connection does to a
   * request the service did carry out. Not part of the random faults, which never reach the
   * endpoints.
   */
  synchronized void loseAnswers(String method, String path, int count) {
    losing.merge(method + " " + path, count, Integer::sum);
  }

  /** Whether the answer to this handled request is lost (counting it). */
  synchronized boolean answerLost(String method, String path) {
    String key = method + " " + path;
    Integer left = losing.get(key);
    if (left == null || left <= 0) {
      return false;
    }
    losing.put(key, left - 1);
    return true;
  }

  synchronized FaultStats stats() {
    return new FaultStats(requests, counts);
  }
}
