package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.FileInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The table, the JSON and the confirmation helpers on their own. */
class LifecycleOutputTest {
  @Test
  void tableColumnsArePaddedWithoutTrailingSpaces() {
    TableFormatter t = new TableFormatter("ID", "BYTES", "NAME").rightAligned(1);
    t.add("file-a", "1,234", "train.jsonl");
    t.add("file-bbbbbb", "5", null);
    t.add("file-c", "12", "two\nlines");
    assertEquals(
        List.of(
            "ID           BYTES  NAME",
            "file-a       1,234  train.jsonl",
            "file-bbbbbb      5  -",
            "file-c          12  two lines"),
        t.lines());
    assertEquals(3, t.size());
  }

  @Test
  void tableWithoutHeaderIsAKeyValueList() {
    List<String> lines = new TableFormatter().add("id", "x").add("filename", "").lines();
    assertEquals(List.of("id        x", "filename"), lines);
  }

  @Test
  void tableCellsFromTheApiShowControlCharactersAsEscapes() {
    List<String> lines =
        new TableFormatter().add("filename", "a\u001b]52;c;eA==\u0007b\u0000").lines();
    assertEquals(List.of("filename  a\\x1b]52;c;eA==\\ab\\0"), lines);
  }

  @Test
  void jsonKeysAreSortedAtEveryLevel() throws Exception {
    Map<String, Object> inner = new java.util.LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(Map.of("y", 1, "b", 2)));
    Map<String, Object> outer = new java.util.LinkedHashMap<>();
    outer.put("zeta", inner);
    outer.put("alpha", true);
    String text = ApiJson.text(ApiJson.object(outer));
    assertTrue(text.indexOf("\"alpha\"") < text.indexOf("\"zeta\""), text);
    assertTrue(text.indexOf("\"a\"") < text.indexOf("\"z\""), text);
    assertTrue(text.indexOf("\"b\"") < text.indexOf("\"y\""), text);
    assertEquals(
        new ObjectMapper().readTree(text), new ObjectMapper().valueToTree(new TreeMap<>(outer)));
  }

  @Test
  void fileAndChatUseTheApiFieldNames() throws Exception {
    JsonNode f =
        new ObjectMapper()
            .readTree(
                ApiJson.text(
                    ApiJson.file(new FileInfo("file-1", -1, 1700000000L, "a.jsonl", "fine-tune"))));
    assertTrue(f.get("bytes").isNull(), "unknown size is null, not -1");
    assertEquals(1700000000L, f.get("created_at").asLong());
    JsonNode c =
        new ObjectMapper()
            .readTree(
                ApiJson.text(
                    ApiJson.chat(
                        new ChatCompletion(
                            "chatcmpl-1", "m", "hi", "stop", 3L, 1L, 4L, null, 0, null, null))));
    assertEquals("hi", c.at("/choices/0/message/content").asText());
    assertEquals("assistant", c.at("/choices/0/message/role").asText());
    assertEquals(4, c.at("/usage/total_tokens").asInt());
  }

  private static CliContext context(boolean terminal) {
    return CliRun.context(Map.of(), ZoneOffset.UTC, 80).withTerminal(terminal);
  }

  @Test
  void confirmation() {
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err);
    UserInput failing =
        () -> {
          throw new AssertionError("must not read");
        };
    assertTrue(
        Confirmation.confirm(context(false), failing, w, true, "delete x"), "--yes asks nothing");
    CliException refused =
        assertThrows(
            CliException.class,
            () -> Confirmation.confirm(context(false), failing, w, false, "delete x"));
    assertEquals(ExitCode.USAGE, refused.exitCode());
    assertTrue(refused.getMessage().contains("pass --yes"), refused.getMessage());

    assertTrue(Confirmation.confirm(context(true), UserInput.of(" Y \n"), w, false, "delete x"));
    assertTrue(Confirmation.confirm(context(true), UserInput.of("yes\n"), w, false, "delete x"));
    assertFalse(Confirmation.confirm(context(true), UserInput.of("\n"), w, false, "delete x"));
    assertFalse(Confirmation.confirm(context(true), UserInput.of("yeah\n"), w, false, "delete x"));
    assertFalse(Confirmation.confirm(context(true), UserInput.of(""), w, false, "delete x"));
    w.flush();
    assertTrue(err.toString().startsWith("Delete x? [y/N] "), err.toString());
  }
}
