package dev.openaift.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.InputFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static ObjectNode valid() {
    ObjectNode n = JSON.createObjectNode();
    n.put("system", "Be brief.");
    n.putArray("topics").add("billing").add("passwords");
    n.put("count", 3);
    n.put("turns", 2);
    n.put(
        "template",
        "Topic: {{topic}}. {{count}} conversations of {{turns}} turns for {{audience}}.");
    n.putObject("variables").put("audience", "admins");
    n.put("model", "gpt-4.1-mini");
    return n;
  }

  private String problem(ObjectNode config) throws Exception {
    Path file = tmp.resolve("generate.json");
    Files.writeString(file, config.toString());
    InputFileException e = assertThrows(InputFileException.class, () -> GenerateConfig.read(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    return e.problem();
  }

  @Test
  void rendersEveryPlaceholder() throws Exception {
    Path file = tmp.resolve("generate.json");
    Files.writeString(file, valid().toString());
    GenerateConfig c = GenerateConfig.read(file);
    assertEquals("Topic: billing. 3 conversations of 2 turns for admins.", c.prompt("billing"));
    assertEquals("openai", c.provider());
  }

  @Test
  void unknownKeyIsNamed() throws Exception {
    ObjectNode c = valid();
    c.put("topcs", 1);
    assertTrue(
        problem(c).startsWith("\"topcs\": unknown key (known: base_model, count, epochs,"),
        problem(c));
  }

  @Test
  void missingRequiredKeyIsNamed() throws Exception {
    ObjectNode c = valid();
    c.remove("model");
    assertEquals("\"model\": missing required key", problem(c));
  }

  @Test
  void placeholderWithoutValueIsNamed() throws Exception {
    ObjectNode c = valid();
    c.put("template", "Topic: {{topic}} for {{tone}}");
    assertTrue(
        problem(c)
            .startsWith(
                "\"template\": placeholder {{tone}} has no value (add \"tone\" to \"variables\""),
        problem(c));
  }

  @Test
  void wrongTypesAndRangesAreNamed() throws Exception {
    ObjectNode c = valid();
    c.put("count", 0);
    assertEquals("\"count\": must be an integer from 1 to 50, got 0", problem(c));
    c = valid();
    c.putArray("topics").add("a").add("a");
    assertEquals("\"topics[1]\": repeats the topic \"a\"", problem(c));
    c = valid();
    c.put("provider", "aws");
    assertTrue(problem(c).startsWith("\"provider\": must be one of"));
    c = valid();
    c.put("template", "no topic here");
    assertTrue(problem(c).startsWith("\"template\": has no {{topic}}"));
    c = valid();
    c.put("temperature", 3);
    assertTrue(problem(c).startsWith("\"temperature\":"));
    c = valid();
    c.putObject("variables").put("topic", "x");
    assertTrue(problem(c).startsWith("\"variables.topic\":"));
  }

  @Test
  void brokenJsonNamesLineAndColumn() throws Exception {
    Path file = tmp.resolve("generate.json");
    Files.writeString(file, "{\n  \"system\": \"x\",\n  oops\n}");
    InputFileException e = assertThrows(InputFileException.class, () -> GenerateConfig.read(file));
    assertEquals(3, e.line());
    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }
}
