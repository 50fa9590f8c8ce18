package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAiGateway#complete}: the exact request on the wire, the full answer, rate-limit waits.
 */
class ChatCompletionGatewayTest {
  private static final String KEY = "sk-test-chat-K3Y";
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final String ANSWER =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
       "system_fingerprint":"fp_abc","choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},
       "finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}
      """;

  private final StubApi api = new StubApi();
  private OpenAiGateway gateway;

  private OpenAiGateway gateway() {
    gateway =
        new OpenAiGateway(
            new Connection(KEY, api.baseUrl(), null, null, 0, Duration.ofSeconds(5)),
            d -> {},
            Clock.fixed(NOW, ZoneOffset.UTC));
    return gateway;
  }

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
    api.close();
  }

  @Test
  void sendsEveryMessageAndParameterAndReadsTheWholeAnswer() throws Exception {
    api.replyBytes(200, ANSWER.getBytes(StandardCharsets.UTF_8));
    ChatRequest request =
        new ChatRequest(
            "ft:gpt-4o-mini-2024-07-18:org:x:abc",
            List.of(
                ChatMessage.of("system", "Be brief."),
                new ChatMessage("user", "Capital of France?", "ann"),
                ChatMessage.of("assistant", "Which France?"),
                ChatMessage.of("developer", "Answer anyway."),
                ChatMessage.of("user", "The country.")),
            0.0,
            42L,
            20);

    ChatCompletion c = gateway().complete(request);

    assertEquals("Paris.", c.content());
    assertEquals("stop", c.finishReason());
    assertEquals(12L, c.promptTokens());
    assertEquals(2L, c.completionTokens());
    assertEquals(14L, c.totalTokens());
    assertEquals("fp_abc", c.systemFingerprint());
    assertEquals("chatcmpl-1", c.id());
    assertEquals("gpt-4o-mini-2024-07-18", c.model());
    assertTrue(c.latencyMs() >= 0);
    JsonNode sent = new ObjectMapper().readTree(api.requests().get(0).body());
    assertEquals("/v1/chat/completions", api.requests().get(0).path());
    assertEquals("ft:gpt-4o-mini-2024-07-18:org:x:abc", sent.get("model").asText());
    assertEquals(0.0, sent.get("temperature").asDouble());
    assertEquals(42, sent.get("seed").asLong());
    assertEquals(20, sent.get("max_completion_tokens").asInt());
    JsonNode messages = sent.get("messages");
    assertEquals(5, messages.size());
    String[] roles = {"system", "user", "assistant", "developer", "user"};
    for (int i = 0; i < roles.length; i++) {
      assertEquals(roles[i], messages.get(i).get("role").asText());
      assertEquals(request.messages().get(i).content(), messages.get(i).get("content").asText());
    }
    assertEquals("ann", messages.get(1).get("name").asText());
    assertTrue(messages.get(0).path("name").isMissingNode());
  }

  @Test
  void absentParametersAreNotSent() throws Exception {
    api.replyBytes(200, ANSWER.getBytes(StandardCharsets.UTF_8));
    gateway()
        .complete(
            new ChatRequest(
                "gpt-4o-mini", List.of(ChatMessage.of("user", "Hi")), null, null, null));
    JsonNode sent = new ObjectMapper().readTree(api.requests().get(0).body());
    assertTrue(sent.path("temperature").isMissingNode());
    assertTrue(sent.path("seed").isMissingNode());
    assertTrue(sent.path("max_completion_tokens").isMissingNode());
  }

  @Test
  void aRateLimitSaysHowLongToWait() {
    api.reply(429, "error_429.json", "retry-after-ms", "1500", "x-ratelimit-reset-requests", "20s");
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                gateway()
                    .complete(
                        new ChatRequest(
                            "gpt-4o-mini",
                            List.of(ChatMessage.of("user", "Hi")),
                            null,
                            null,
                            null)));
    assertEquals(ApiException.Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofMillis(1500), e.retryAfter().orElseThrow());
  }

  @Test
  void aRateLimitWithOnlyResetHeadersWaitsForTheLaterReset() {
    api.reply(
        429,
        "error_429.json",
        "x-ratelimit-reset-requests",
        "2s",
        "x-ratelimit-reset-tokens",
        "6m0s");
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                gateway()
                    .complete(
                        new ChatRequest(
                            "gpt-4o-mini",
                            List.of(ChatMessage.of("user", "Hi")),
                            null,
                            null,
                            null)));
    assertEquals(Duration.ofMinutes(6), e.retryAfter().orElseThrow());
  }

  @Test
  void retryAfterHeaderForms() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    assertEquals(
        Duration.ofSeconds(3),
        RateLimitHeaders.retryAfter(h -> h.equals("retry-after") ? "3" : null, clock));
    assertEquals(
        Duration.ofSeconds(30),
        RateLimitHeaders.retryAfter(
            h -> h.equals("retry-after") ? "Sun, 29 Nov 2026 12:00:30 GMT" : null, clock));
    assertEquals(Duration.ofMillis(3_723_500), RateLimitHeaders.duration("1h2m3.5s"));
    assertEquals(Duration.ofMillis(20), RateLimitHeaders.duration("20ms"));
    assertNull(RateLimitHeaders.duration("soon"));
    assertNull(RateLimitHeaders.retryAfter(h -> null, clock));
  }
}
