package dev.openaift.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.prepare.PrepareOptions;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The function's arguments to training examples: kept, rejected with the reason, near-duplicates.
 */
class DatasetBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GenerateConfig CONFIG =
      new GenerateConfig(
          "Be brief.",
          List.of("billing", "refunds"),
          2,
          1,
          "Topic: {{topic}}",
          new TreeMap<>(),
          "gpt-4.1-mini",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          "openai");

  private static GeneratedAnswer answer(int topic, String arguments, String finish) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("finish_reason", finish);
    ObjectNode call = choice.putObject("message").putArray("tool_calls").addObject();
    call.put("id", "call_1").put("type", "function");
    call.putObject("function").put("name", ConversationTool.NAME).put("arguments", arguments);
    return new GeneratedAnswer(
        topic, CONFIG.topics().get(topic), "sha", "2026-11-29T12:00:00Z", 5, response);
  }

  private static String conversation(String user, String assistant) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\""
        + user
        + "\"},{\"role\":\"assistant\",\"content\":\""
        + assistant
        + "\"}]}";
  }

  @Test
  void keepsGoodConversationsWithTheSystemMessageFirst() {
    String args =
        "{\"conversations\":["
            + conversation("Why was I charged twice?", "A pending hold shows until it clears.")
            + ","
            + conversation("Where is my invoice?", "Under Billing, then Invoices.")
            + "]}";
    DatasetBuilder.Result r =
        DatasetBuilder.build(CONFIG, List.of(answer(0, args, "stop")), PrepareOptions.defaults());
    assertEquals(2, r.kept().size());
    assertEquals(List.of(), r.rejected());
    JsonNode first = r.kept().get(0).example().get("messages");
    assertEquals("system", first.get(0).get("role").asText());
    assertEquals("Be brief.", first.get(0).get("content").asText());
    assertEquals("Why was I charged twice?", first.get(1).get("content").asText());
    ObjectNode prompt = DatasetBuilder.promptOnly(r.kept().get(0).example());
    assertEquals(2, prompt.get("messages").size(), "system and the user turn, no answer");
  }

  @Test
  void rejectsWithPreparesReasons() {
    String args =
        "{\"conversations\":["
            + "{\"messages\":[{\"role\":\"narrator\",\"content\":\"Once\"},{\"role\":\"assistant\",\"content\":\"Hi\"}]},"
            + conversation("Where is my invoice?", "")
            + ","
            + conversation("Where is my invoice?", "Under Billing.")
            + ","
            + conversation("Where is my invoice?", "Under Billing.")
            + ","
            + "\"just text\"]}";
    DatasetBuilder.Result r =
        DatasetBuilder.build(CONFIG, List.of(answer(0, args, "stop")), PrepareOptions.defaults());
    assertEquals(1, r.kept().size());
    List<String> reasons = r.rejected().stream().map(DatasetBuilder.Rejected::reason).toList();
    assertEquals(
        List.of(
            "unknown role: narrator",
            "message without content",
            "repeats an earlier example",
            "not a {\"messages\": [...]} object"),
        reasons);
    assertEquals(0, r.rejected().get(0).conversation());
    assertEquals("narrator", r.rejected().get(0).given().at("/messages/0/role").asText());
    assertEquals(List.of("topic 1 (billing): 5 conversations, not the 2 asked for"), r.notes());
  }

  @Test
  void brokenArgumentsRejectTheTopicWithTheParserReason() {
    DatasetBuilder.Result r =
        DatasetBuilder.build(
            CONFIG,
            List.of(answer(1, "{\"conversations\":[{\"messa", "length")),
            PrepareOptions.defaults());
    assertEquals(0, r.kept().size());
    DatasetBuilder.Rejected x = r.rejected().get(0);
    assertNull(x.conversation());
    assertEquals("refunds", x.topic());
    assertTrue(x.reason().startsWith("function arguments are not valid JSON: "), x.reason());
    assertTrue(
        x.reason().endsWith("(the answer was cut at the token limit: raise max_tokens)"),
        x.reason());
    assertEquals("{\"conversations\":[{\"messa", x.given().asText());
  }

  @Test
  void nearDuplicatesAcrossTopicsAreReported() {
    String a =
        "{\"conversations\":["
            + conversation(
                "How do I get my money back for an order?",
                "Open Orders, pick the order and choose Refund; the money is back within five"
                    + " days.")
            + "]}";
    String b =
        "{\"conversations\":["
            + conversation(
                "How do I get my money back for an order please?",
                "Open Orders, pick the order and choose Refund; the money is back within five"
                    + " days.")
            + "]}";
    DatasetBuilder.Result r =
        DatasetBuilder.build(
            CONFIG, List.of(answer(0, a, "stop"), answer(1, b, "stop")), PrepareOptions.defaults());
    assertEquals(2, r.kept().size());
    assertEquals(1, r.nearDuplicates().size());
    assertTrue(r.nearDuplicates().get(0).similarity() >= 0.8);
  }

  @Test
  void anAnswerWithoutTheCallIsRejectedWhole() {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("finish_reason", "stop");
    choice.putObject("message").put("content", "Sorry, I can't.");
    DatasetBuilder.Result r =
        DatasetBuilder.build(
            CONFIG,
            List.of(new GeneratedAnswer(0, "billing", "sha", null, 0, response)),
            PrepareOptions.defaults());
    assertEquals(
        "the model answered without calling record_conversations", r.rejected().get(0).reason());
  }
}
