package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.generate.ConversationTool;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAiGateway#complete} with a forced function: what goes on the wire and what comes back.
 */
class ForcedToolGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendsTheToolAndToolChoiceAndReadsTheCall() throws Exception {
    String answer =
        """
        {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4.1-mini-2025-04-14",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\": 1"}}]},
         "finish_reason":"length","logprobs":null}],"usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35}}
        """;
    try (StubApi api = new StubApi();
        OpenAiGateway gateway =
            new OpenAiGateway(
                new Connection(
                    "sk-test-tools", api.baseUrl(), null, null, 0, Duration.ofSeconds(5)))) {
      api.replyBytes(200, answer.getBytes(StandardCharsets.UTF_8));
      JsonNode schema =
          JSON.readTree(
              "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                  + "\"required\":[\"a\"],\"additionalProperties\":false}");
      ChatCompletion c =
          gateway.complete(
              new ChatRequest(
                  "gpt-4.1-mini",
                  List.of(ChatMessage.of("user", "go")),
                  null,
                  null,
                  null,
                  new FunctionTool("f", "Does f.", schema, true)));
      JsonNode sent = JSON.readTree(api.requests().get(0).body());
      JsonNode tool = sent.get("tools").get(0);
      assertEquals("function", tool.get("type").asText());
      assertEquals("f", tool.at("/function/name").asText());
      assertEquals("Does f.", tool.at("/function/description").asText());
      assertTrue(tool.at("/function/strict").asBoolean());
      assertEquals(schema, tool.at("/function/parameters"));
      assertEquals(
          JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"),
          sent.get("tool_choice"));
      assertEquals(
          List.of(new ToolCall("call_1", "f", "{\"a\": 1")),
          c.toolCalls(),
          "broken arguments kept as sent");
      assertEquals("length", c.finishReason());
      assertEquals("chatcmpl-2", c.raw().get("id").asText());
    }
  }

  @Test
  void theSandboxAnswersWithSchemaValidConversations() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()));
        OpenAiGateway gateway =
            new OpenAiGateway(Connection.of(sandbox.apiKey(), sandbox.baseUrl().toString()))) {
      FunctionTool tool =
          new FunctionTool(
              ConversationTool.NAME,
              ConversationTool.description(3, 2),
              ConversationTool.parameters(3, 2),
              true);
      ChatCompletion c =
          gateway.complete(
              new ChatRequest(
                  "gpt-4.1-mini",
                  List.of(ChatMessage.of("user", "Topic: exporting data\nWrite 3 conversations.")),
                  null,
                  null,
                  null,
                  tool));
      assertEquals(1, c.toolCalls().size());
      assertEquals(ConversationTool.NAME, c.toolCalls().get(0).name());
      JsonNode conversations = JSON.readTree(c.toolCalls().get(0).arguments()).get("conversations");
      assertEquals(3, conversations.size());
      for (JsonNode conversation : conversations) {
        JsonNode messages = conversation.get("messages");
        assertEquals(4, messages.size());
        for (int i = 0; i < 4; i++) {
          assertEquals(i % 2 == 0 ? "user" : "assistant", messages.get(i).get("role").asText());
        }
        assertTrue(messages.get(0).get("content").asText().contains("exporting data"));
      }
      assertEquals("stop", c.finishReason());
      assertTrue(c.promptTokens() > 0 && c.completionTokens() > 0);
    }
  }
}
