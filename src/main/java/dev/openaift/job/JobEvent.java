package dev.openaift.job;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code fine_tuning.job.event}.
 *
 * @param id event id ({@code ftevent-...})
 * @param createdAt unix seconds
 * @param level {@code info}, {@code warn} or {@code error} (kept as sent)
 * @param message the human-readable message
 * @param type {@code message}, {@code metrics} or null
 * @param data the event's data object, never null (empty when absent); numbers as {@link Number},
 *     nested objects as maps; sorted keys
 */
public record JobEvent(
    String id,
    long createdAt,
    String level,
    String message,
    String type,
    Map<String, Object> data) {
  public JobEvent {
    Objects.requireNonNull(id, "id");
    level = level == null ? "info" : level;
    message = message == null ? "" : message;
    data = data == null ? Map.of() : data;
  }

  public boolean isMetrics() {
    return "metrics".equals(type) || data.containsKey("step");
  }
}
