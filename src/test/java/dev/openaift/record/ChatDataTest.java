package dev.openaift.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ChatMessage;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatDataTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    Path f = dir.resolve("data.jsonl");
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  @Test
  void promptIsEverythingBeforeTheLastAssistantMessage() throws IOException {
    Path f =
        write(
            "\uFEFF{\"messages\":[{\"role\":\"system\",\"content\":\"Be"
                + " brief.\"},{\"role\":\"user\",\"content\":\"Hi\",\"name\":\"ann\"},{\"role\":\"assistant\",\"content\":\"Hello\",\"weight\":0},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2+\"},{\"type\":\"text\",\"text\":\"2?\"}]},{\"role\":\"assistant\",\"content\":\"4\"}]}\r\n"
                + "\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"Yes?\"},{\"role\":\"assistant\",\"content\":\"No.\"}]}");

    ChatData data = ChatData.read(f);

    assertEquals(2, data.examples().size());
    ChatExample first = data.examples().get(0);
    assertEquals(0, first.index());
    assertEquals(1, first.line());
    assertEquals("4", first.expected());
    assertEquals(
        List.of(
            ChatMessage.of("system", "Be brief."),
            new ChatMessage("user", "Hi", "ann"),
            ChatMessage.of("assistant", "Hello"),
            ChatMessage.of("user", "2+2?")),
        first.prompt());
    ChatExample second = data.examples().get(1);
    assertEquals(1, second.index());
    assertEquals(3, second.line());
    assertEquals("No.", second.expected());
    assertEquals(dev.openaift.io.Sha256.hex(Files.readAllBytes(f)), data.sha256());
    assertEquals(64, data.sha256().length());
  }

  @Test
  void aLineWithoutAnAnswerIsAPromptOnlyWhenPromptsAreAllowed() throws IOException {
    Path f =
        write(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"Q\"}]}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"Q2\"},{\"role\":\"assistant\",\"content\":\"A2\"}]}\n");

    ChatData prompts = ChatData.readPrompts(f);
    assertEquals(
        List.of(ChatMessage.of("system", "S"), ChatMessage.of("user", "Q")),
        prompts.examples().get(0).prompt());
    assertEquals(null, prompts.examples().get(0).expected());
    assertTrue(!prompts.examples().get(0).hasExpected());
    assertEquals("A2", prompts.examples().get(1).expected());
    InputFileException strict = assertThrows(InputFileException.class, () -> ChatData.read(f));
    assertTrue(
        strict.getMessage().contains(":1") && strict.getMessage().contains("no assistant message"),
        strict.getMessage());
  }

  @Test
  void anAnswerlessPromptIsEstimatedFromMaxTokensOrTheFilesOtherAnswers() throws IOException {
    Path f =
        write(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"Q2\"},{\"role\":\"assistant\",\"content\":\"one"
                + " two three four\"}]}\n");
    List<ChatExample> examples = ChatData.readPrompts(f).examples();
    dev.openaift.models.ModelCatalog catalog = dev.openaift.models.ModelCatalog.builtIn();
    long answer =
        new dev.openaift.models.TokenCounter(catalog.resolve("gpt-4o-mini").encoding())
            .count("one two three four");
    assertEquals(
        2 * answer, RecordEstimate.of("gpt-4o-mini", examples, null, catalog).completionTokens());
    assertEquals(
        3 + Math.min(answer, 3),
        RecordEstimate.of("gpt-4o-mini", examples, 3, catalog).completionTokens());
    assertEquals(
        RecordEstimate.UNKNOWN_ANSWER_TOKENS,
        RecordEstimate.of("gpt-4o-mini", examples.subList(0, 1), null, catalog).completionTokens());
  }

  @Test
  void promptHashDependsOnEveryMessageButNotOnTheExpectedAnswer() throws IOException {
    ChatData data =
        ChatData.read(
            write(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n"
                    + "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"B\"}]}\n"
                    + "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\",\"name\":\"x\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n"));
    List<ChatExample> e = data.examples();
    assertEquals(e.get(0).promptHash(), e.get(1).promptHash());
    assertNotEquals(e.get(0).promptHash(), e.get(2).promptHash());
  }

  private void assertProblem(String content, long line, String words) throws IOException {
    Path f = write(content);
    InputFileException e = assertThrows(InputFileException.class, () -> ChatData.read(f));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void problemsNameTheirLine() throws IOException {
    String ok =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n";
    assertProblem(ok + "{\"messages\":[{\"role\":\"user\"", 2, "not valid JSON");
    assertProblem(ok + "\n[1,2]\n", 3, "expected a JSON object");
    assertProblem(ok + "{\"prompt\":\"a\",\"completion\":\"b\"}\n", 2, "legacy prompt/completion");
    assertProblem(ok + "{\"input\":{},\"preferred_output\":[]}\n", 2, "DPO");
    assertProblem(ok + "{\"messages\":[]}\n", 2, "non-empty list");
    assertProblem(
        ok + "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}\n",
        2,
        "no assistant message");
    assertProblem(
        ok + "{\"messages\":[{\"role\":\"assistant\",\"content\":\"Hi\"}]}\n", 2, "nothing before");
    assertProblem(
        ok
            + "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n",
        2,
        "tool message");
    assertProblem(
        ok
            + "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n",
        2,
        "unknown role \"robot\"");
    assertProblem(
        ok
            + "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":[]}]}\n",
        2,
        "tool calls");
    assertProblem(
        ok
            + "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]},"
            + "{\"role\":\"assistant\",\"content\":\"A\"}]}\n",
        2,
        "text only");
    assertProblem(
        ok + "{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n",
        2,
        "message 1 has no \"content\"");
  }

  @Test
  void badBytesAndEmptyFiles() throws IOException {
    Path f = dir.resolve("latin1.jsonl");
    byte[] ok =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"A\"}]}\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(ok, ok.length + 2);
    bytes[ok.length] = (byte) 0xE9;
    bytes[ok.length + 1] = '\n';
    Files.write(f, bytes);
    InputFileException e = assertThrows(InputFileException.class, () -> ChatData.read(f));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("not UTF-8"));
    assertProblem("\n\n", 0, "no examples");
    InputFileException missing =
        assertThrows(InputFileException.class, () -> ChatData.read(dir.resolve("nope.jsonl")));
    assertTrue(missing.getMessage().endsWith("no such file"));
  }
}
