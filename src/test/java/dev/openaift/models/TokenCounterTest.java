package dev.openaift.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TokenCounter o200k = new TokenCounter("o200k_base");
  private final TokenCounter cl100k = new TokenCounter("cl100k_base");

  /**
   * The messages of OpenAI's cookbook "How to count tokens with tiktoken" (six messages, names).
   */
  private static final String COOKBOOK_MESSAGES =
      """
      [{"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
       {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
       {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
       {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
       {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
       {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}]
      """;

  @Test
  void helloWorldIsTwoTokensInBothEncodings() {
    // "hello" + " world": known independently from tiktoken for cl100k_base.
    assertEquals(2, cl100k.count("hello world"));
    assertEquals(2, o200k.count("hello world"));
    assertEquals(0, o200k.count(""));
  }

  @Test
  void encodingsDifferOnLongerText() {
    String text = "Die Fußballmannschaft spielte außergewöhnlich gut — 東京で会いましょう。";
    assertTrue(o200k.count(text) < cl100k.count(text), "o200k has the larger vocabulary");
  }

  @Test
  void cookbookExampleMatchesItsPublishedCounts() throws Exception {
    JsonNode messages = JSON.readTree(COOKBOOK_MESSAGES);
    // The cookbook prints 129 prompt tokens for gpt-3.5-turbo/gpt-4 (cl100k_base) and 124 for
    // gpt-4o
    // (o200k_base), matching the API's usage.prompt_tokens.
    assertEquals(129, example(cl100k, messages));
    assertEquals(124, example(o200k, messages));
  }

  @Test
  void messageFormulaIsOverheadRoleContentAndName() throws Exception {
    JsonNode plain = JSON.readTree("{\"role\": \"user\", \"content\": \"hello world\"}");
    int role = o200k.count("user");
    assertEquals(TokenCounter.TOKENS_PER_MESSAGE + role + 2, o200k.message(plain));
    JsonNode named =
        JSON.readTree("{\"role\": \"user\", \"name\": \"bob\", \"content\": \"hello world\"}");
    assertEquals(
        o200k.message(plain) + o200k.count("bob") + TokenCounter.TOKENS_PER_NAME,
        o200k.message(named));
  }

  @Test
  void contentPartsCountTheirTextOnly() throws Exception {
    JsonNode parts =
        JSON.readTree(
            "[{\"type\": \"text\", \"text\": \"hello world\"}, {\"type\": \"image_url\","
                + " \"image_url\": {\"url\": \"https://example.com/a.png\"}}, {\"type\": \"text\","
                + " \"text\": \"hello world\"}]");
    assertEquals(4, o200k.content(parts));
    assertEquals(0, o200k.content(null));
  }

  @Test
  void aRequestCountsItsMessagesAndTheDefinitionsSentBesideThem() throws Exception {
    JsonNode messages = JSON.readTree(COOKBOOK_MESSAGES);
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o").put("temperature", 0.5);
    body.set("messages", messages);
    assertEquals(124, o200k.request(body), "messages alone: the cookbook's count");
    JsonNode tools =
        JSON.readTree(
            "[{\"type\":\"function\",\"function\":{\"name\":\"record\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}}]");
    JsonNode choice = JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"record\"}}");
    JsonNode format = JSON.readTree("{\"type\":\"json_object\"}");
    body.set("tools", tools);
    body.set("tool_choice", choice);
    body.set("response_format", format);
    assertEquals(
        124
            + o200k.count(tools.toString())
            + o200k.count(choice.toString())
            + o200k.count(format.toString()),
        o200k.request(body));
  }

  @Test
  void specialTokenTextIsCountedAsOrdinaryText() {
    assertTrue(o200k.count("<|endoftext|>") > 1);
  }

  @Test
  void unknownEncodingIsRejected() {
    assertFalse(TokenCounter.supports("gpt2_base"));
    assertTrue(TokenCounter.supports("cl100k_base"));
    assertThrows(IllegalArgumentException.class, () -> new TokenCounter("gpt2_base"));
  }

  private static int example(TokenCounter counter, JsonNode messages) {
    int n = TokenCounter.REPLY_PRIMING;
    for (JsonNode m : messages) {
      n += counter.message(m);
    }
    return n;
  }
}
