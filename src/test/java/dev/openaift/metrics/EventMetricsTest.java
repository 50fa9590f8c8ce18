package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventMetricsTest {
  @Test
  void nestedReinforcementMetricsGetStableDottedNames() {
    Map<String, Object> data = new TreeMap<>();
    data.put("step", 3L);
    data.put("train_mean_reward", 0.4);
    data.put(
        "scores",
        new TreeMap<>(
            Map.of(
                "train_reward_mean",
                0.4,
                "graders",
                List.of(
                    new TreeMap<>(Map.of("name", "exact match", "train_reward_mean", 0.5)),
                    new TreeMap<>(Map.of("name", "exact match", "train_reward_mean", 0.3)),
                    Map.of("train_reward_mean", 0.2)))));
    data.put("timing", Map.of("sampling_seconds", 1.5));
    data.put("errors", Map.of("graders", List.of(0.01, 0.02)));
    data.put("note", "text is left out");
    data.put("ok", true);

    Map<String, Number> flat = EventMetrics.flatten(data);

    assertEquals(
        List.of(
            "errors.graders.0",
            "errors.graders.1",
            "scores.graders.exact_match.train_reward_mean",
            "scores.graders.exact_match_2.train_reward_mean",
            "scores.graders.2.train_reward_mean",
            "scores.train_reward_mean",
            "step",
            "timing.sampling_seconds",
            "train_mean_reward"),
        List.copyOf(flat.keySet()));
    assertEquals(0.3, flat.get("scores.graders.exact_match_2.train_reward_mean"));
  }
}
