package dev.openaift.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a metrics event's {@code data} under stable dotted names. Supervised and DPO
 * events are flat ({@code train_loss}, {@code train_reward_margin}); reinforcement events nest
 * objects ({@code scores}, {@code usage}, {@code errors}, {@code timing}), some holding per-grader
 * lists:
 *
 * <ul>
 *   <li>an object's numbers become {@code parent.key} ({@code timing.sampling_seconds});
 *   <li>a list of objects that carry a {@code name} becomes {@code parent.list.NAME.key} ({@code
 *       scores.graders.exact.train_reward_mean}), the name made safe ({@code [A-Za-z0-9_-]}, others
 *       as {@code _}; a name met twice gets {@code _2}, {@code _3}...);
 *   <li>any other list is numbered from 0 ({@code parent.list.0.key}, {@code parent.list.0}).
 * </ul>
 *
 * Text, booleans and nulls are left out. The order is the data's (sorted keys), depth first, so the
 * same event always gives the same names in the same order.
 */
final class EventMetrics {
  private EventMetrics() {}

  static Map<String, Number> flatten(Map<String, Object> data) {
    Map<String, Number> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : data.entrySet()) {
      add(out, e.getKey(), e.getValue());
    }
    return out;
  }

  private static void add(Map<String, Number> out, String name, Object value) {
    if (value instanceof Number n) {
      out.putIfAbsent(name, n);
    } else if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        add(out, name + "." + e.getKey(), e.getValue());
      }
    } else if (value instanceof List<?> list) {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        String segment = Integer.toString(i);
        if (item instanceof Map<?, ?> m
            && m.get("name") instanceof String label
            && !label.isBlank()) {
          String safe = label.strip().replaceAll("[^A-Za-z0-9_-]", "_");
          int n = seen.merge(safe, 1, Integer::sum);
          segment = n == 1 ? safe : safe + "_" + n;
        }
        add(out, name + "." + segment, item);
      }
    }
  }
}
