package dev.openaift.sandbox;

import java.util.Map;
import java.util.TreeMap;

/**
 * What can be changed about chat answers while the sandbox runs (see {@link
 * Sandbox#addReplacementModel} and {@link Sandbox#setChatLatencyScale}). Thread-safe.
 */
final class ChatSettings {
  /** The real wait per simulated millisecond when nothing else is configured. */
  static final double DEFAULT_LATENCY_SCALE = 0.01;

  private final Map<String, Double> replacements = new TreeMap<>();
  private double latencyScale = DEFAULT_LATENCY_SCALE;

  synchronized void addReplacement(String model, double quality) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a replacement model needs a name");
    }
    if (!(quality >= 0 && quality <= 1)) {
      throw new IllegalArgumentException(
          "the quality of " + model + " must be 0 to 1, got " + quality);
    }
    replacements.put(model, quality);
  }

  /** The quality of a replacement model, or null when {@code model} is none. */
  synchronized Double replacement(String model) {
    return replacements.get(model);
  }

  synchronized void latencyScale(double scale) {
    if (!(scale >= 0 && scale <= 10)) {
      throw new IllegalArgumentException("the latency scale must be 0 to 10, got " + scale);
    }
    latencyScale = scale;
  }

  synchronized double latencyScale() {
    return latencyScale;
  }
}
