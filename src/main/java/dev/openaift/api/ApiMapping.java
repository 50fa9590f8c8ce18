package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
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
    return JobFiles.jobFromJson(n);
  }

  static JobEvent event(JsonNode n) {
    try {
      return JobFiles.eventFromJson(n);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ApiException.Kind.SERVER, "the API sent an unusable event: " + e.getMessage());
    }
  }

  static Checkpoint checkpoint(JsonNode n) {
    return JobFiles.checkpointFromJson(n);
  }

  static FileInfo file(JsonNode n) {
    Long bytes = longValue(n, "bytes");
    return new FileInfo(
        text(n, "id"),
        bytes == null ? -1 : bytes,
        longValue(n, "created_at"),
        text(n, "filename"),
        text(n, "purpose"));
  }

  static ModelEntry model(JsonNode n) {
    return new ModelEntry(
        text(n, "id"), longValue(n, "created"), text(n, "owned_by"), date(n, "shutdown_date"));
  }

  /**
   * A {@code YYYY-MM-DD} field (a longer ISO timestamp keeps its date), null when absent or
   * unreadable.
   */
  private static LocalDate date(JsonNode n, String field) {
    String s = text(n, field);
    if (s == null || s.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(s.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The first choice of a {@code chat.completion}; no choice at all is an unusable answer. */
  static ChatAnswer chat(JsonNode n) {
    JsonNode choice = n.path("choices").path(0);
    if (!choice.isObject()) {
      throw new ApiException(
          ApiException.Kind.SERVER, "the API sent a chat completion without any choice");
    }
    JsonNode usage = n.path("usage");
    return new ChatAnswer(
        text(n, "id"),
        text(n, "model"),
        text(choice.path("message"), "content"),
        text(choice, "finish_reason"),
        longValue(usage, "prompt_tokens"),
        longValue(usage, "completion_tokens"),
        longValue(usage, "total_tokens"));
  }

  /** A {@code chat.completion} in full (first choice); no choice at all is an unusable answer. */
  static ChatCompletion chatCompletion(JsonNode n, long latencyMs) {
    ChatAnswer a = chat(n);
    java.util.List<ToolCall> calls = new java.util.ArrayList<>();
    for (JsonNode c : n.path("choices").path(0).path("message").path("tool_calls")) {
      JsonNode f = c.path("function");
      calls.add(new ToolCall(text(c, "id"), text(f, "name"), text(f, "arguments")));
    }
    return new ChatCompletion(
        a.id(),
        a.model(),
        a.content(),
        a.finishReason(),
        a.promptTokens(),
        a.completionTokens(),
        a.totalTokens(),
        text(n, "system_fingerprint"),
        latencyMs,
        calls,
        n);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  private static Long longValue(JsonNode n, String field) {
    return Json.wholeNumber(n.get(field));
  }
}
