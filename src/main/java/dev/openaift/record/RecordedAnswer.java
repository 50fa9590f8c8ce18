package dev.openaift.record;

import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of {@code answers.jsonl}: a model's answer to one example, with everything needed to
 * trust it later. JSON keys (sorted): {@code answer}, {@code answered_by}, {@code finish_reason},
 * {@code index}, {@code latency_ms}, {@code line}, {@code prompt_sha256}, {@code recorded_at},
 * {@code request} ({@code max_completion_tokens}, {@code messages}, {@code model}, {@code seed},
 * {@code temperature}; absent parameters are null), {@code response_id}, {@code
 * system_fingerprint}, {@code usage} ({@code completion_tokens}, {@code prompt_tokens}, {@code
 * total_tokens}).
 *
 * @param index the example's 0-based index in the data file
 * @param line the example's 1-based line in the data file
 * @param promptHash hex SHA-256 of the prompt's canonical JSON ({@link RecordingJson#promptHash})
 * @param request exactly what was sent
 * @param answer the answer text
 * @param finishReason {@code stop}, {@code length}, ... or null
 * @param promptTokens usage as the API reported it, null when it did not
 * @param completionTokens usage as the API reported it, null when it did not
 * @param totalTokens usage as the API reported it, null when it did not
 * @param latencyMs wall time of the request that succeeded, in milliseconds
 * @param systemFingerprint the serving configuration, or null
 * @param responseId the completion's id ({@code chatcmpl-...}), or null
 * @param answeredBy the model the API says answered (an alias resolves to a snapshot), or null
 * @param recordedAt when the answer arrived
 */
public record RecordedAnswer(
    int index,
    long line,
    String promptHash,
    ChatRequest request,
    String answer,
    String finishReason,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    long latencyMs,
    String systemFingerprint,
    String responseId,
    String answeredBy,
    Instant recordedAt) {

  public RecordedAnswer {
    Objects.requireNonNull(promptHash, "promptHash");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
  }

  /** The record of {@code completion}, the answer to {@code request} for {@code example}. */
  public static RecordedAnswer of(
      ChatExample example, ChatRequest request, ChatCompletion completion, Instant at) {
    return new RecordedAnswer(
        example.index(),
        example.line(),
        example.promptHash(),
        request,
        completion.content(),
        completion.finishReason(),
        completion.promptTokens(),
        completion.completionTokens(),
        completion.totalTokens(),
        completion.latencyMs(),
        completion.systemFingerprint(),
        completion.id(),
        completion.model(),
        at);
  }
}
