package dev.openaift.sandbox;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the fault injector decided so far.
 *
 * @param requests every request received (faulted or not)
 * @param faults per kind, how many requests got that fault (every kind present, possibly 0)
 */
public record FaultStats(long requests, Map<FaultKind, Long> faults) {
  public FaultStats {
    EnumMap<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
    for (FaultKind k : FaultKind.values()) {
      copy.put(k, faults.getOrDefault(k, 0L));
    }
    faults = Collections.unmodifiableMap(copy);
  }

  /** All faulted requests, every kind together. */
  public long totalFaults() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(FaultKind kind) {
    return faults.get(kind);
  }
}
