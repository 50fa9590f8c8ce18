package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobJson;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Turns API JSON objects into our records, leniently ({@link Json}'s reading policy): a missing
 * field becomes null (or empty), an unknown field is ignored, a number may come as a string, a
 * value of an unexpected type is skipped rather than fatal. Jobs, events and checkpoints share the
 * archive files' mapping ({@link JobFiles}), so what is fetched and what is read back from {@code
 * reports/<job-id>/} are the same records.
 */
final class ApiMapping {
  private ApiMapping() {}

  static Job job(JsonNode n) {
    return JobJson.jobFromJson(n);
  }

  static JobEvent event(JsonNode n) {
    try {
      return JobJson.eventFromJson(n);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ApiException.Kind.SERVER, "the API sent an unusable event: " + e.getMessage());
    }
  }

  static Checkpoint checkpoint(JsonNode n) {
    return JobJson.checkpointFromJson(n);
  }

  static FileInfo file(JsonNode n) {
    Long bytes = Json.wholeNumber(n, "bytes");
    return new FileInfo(
        Json.text(n, "id"),
        bytes == null ? -1 : bytes,
        Json.wholeNumber(n, "created_at"),
        Json.text(n, "filename"),
        Json.text(n, "purpose"));
  }

  static ModelEntry model(JsonNode n) {
    return new ModelEntry(
        Json.text(n, "id"),
        Json.wholeNumber(n, "created"),
        Json.text(n, "owned_by"),
        date(n, "shutdown_date"));
  }

  /**
   * A {@code YYYY-MM-DD} field (a longer ISO timestamp keeps its date), null when absent or
   * unreadable.
   */
  private static LocalDate date(JsonNode n, String field) {
    String s = Json.text(n, field);
    if (s == null || s.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(s.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A {@code chat.completion} in full (first choice); no choice at all is an unusable answer. */
  static ChatCompletion chatCompletion(JsonNode n, long latencyMs) {
    JsonNode choice = n.path("choices").path(0);
    if (!choice.isObject()) {
      throw new ApiException(
          ApiException.Kind.SERVER, "the API sent a chat completion without any choice");
    }
    java.util.List<ToolCall> calls = new java.util.ArrayList<>();
    for (JsonNode c : choice.path("message").path("tool_calls")) {
      JsonNode f = c.path("function");
      calls.add(new ToolCall(Json.text(c, "id"), Json.text(f, "name"), Json.text(f, "arguments")));
    }
    JsonNode usage = n.path("usage");
    return new ChatCompletion(
        Json.text(n, "id"),
        Json.text(n, "model"),
        Json.text(choice.path("message"), "content"),
        Json.text(choice, "finish_reason"),
        Json.wholeNumber(usage, "prompt_tokens"),
        Json.wholeNumber(usage, "completion_tokens"),
        Json.wholeNumber(usage, "total_tokens"),
        Json.text(n, "system_fingerprint"),
        latencyMs,
        calls,
        n);
  }
}
