package dev.openaift.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import dev.openaift.models.DatasetFormat;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.TokenCounter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCheckerTest {
  private static final PrepareOptions DEFAULTS = PrepareOptions.defaults();

  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(DatasetCheckerTest.class.getResource("/prepare/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static PrepareReport check(String fixture) {
    return DatasetChecker.check(fixture(fixture), DEFAULTS);
  }

  private static Set<IssueKind> kinds(PrepareReport r) {
    return r.issues().stream()
        .map(Issue::kind)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(IssueKind.class)));
  }

  private static void assertIssue(PrepareReport r, IssueKind kind, long count, List<Long> lines) {
    Issue i = r.issue(kind);
    assertNotNull(i, kind + " expected in " + r.issues());
    assertEquals(count, i.count(), kind + " count");
    assertEquals(lines, i.lines(), kind + " lines");
  }

  @Test
  void validChatFileIsUsableWithExactTokenFigures() {
    PrepareReport r = check("valid_chat.jsonl");
    assertTrue(r.usable());
    assertEquals(Set.of(), kinds(r));
    assertEquals(DatasetFormat.CHAT, r.format());
    assertEquals(12, r.lines());
    assertEquals(12, r.examples());
    assertEquals(12, r.validExamples());
    assertEquals("gpt-4o-mini-2024-07-18", r.model().info().orElseThrow().name());

    // Every example is system + user + assistant; recompute example 1 by the documented formula.
    TokenCounter t = new TokenCounter("o200k_base");
    int line1 =
        3
            + (3 + t.count("system") + t.count("You are a terse assistant."))
            + (3 + t.count("user") + t.count("What is 1 plus 1?"))
            + (3 + t.count("assistant") + t.count("2"));
    assertEquals(line1, r.tokensPerExample().min());
    assertEquals(3, r.messagesPerExample().median());
    assertEquals(1, r.assistantTokensPerExample().max()); // "2" ... "24": one token each
    long sum = r.tokensPerExample().sum();
    assertEquals(sum, r.estimate().billedTokensPerEpoch());
    assertEquals(9, r.estimate().epochs()); // ceil(100 / 12)
    assertEquals(sum * 9, r.estimate().billedTokensTotal());
  }

  @Test
  void notJson() {
    PrepareReport r = check("not_json.jsonl");
    assertFalse(r.usable());
    assertIssue(r, IssueKind.NOT_JSON, 2, List.of(3L, 7L));
    assertEquals(10, r.validExamples());
    assertEquals(12, r.examples());
  }

  @Test
  void notObject() {
    PrepareReport r = check("not_object.jsonl");
    assertIssue(r, IssueKind.NOT_OBJECT, 2, List.of(5L, 6L));
    assertFalse(r.usable());
  }

  @Test
  void noMessages() {
    PrepareReport r = check("no_messages.jsonl");
    assertIssue(
        r, IssueKind.NO_MESSAGES, 2, List.of(2L, 10L)); // "conversation" instead, an empty list
    assertEquals(DatasetFormat.CHAT, r.format());
  }

  @Test
  void unknownRoleNamesTheRoles() {
    PrepareReport r = check("unknown_role.jsonl");
    assertIssue(r, IssueKind.UNKNOWN_ROLE, 2, List.of(4L, 9L));
    assertEquals(List.of("human", "robot"), r.issue(IssueKind.UNKNOWN_ROLE).values());
  }

  @Test
  void missingContentButToolCallsAreFine() {
    PrepareReport r = check("missing_content.jsonl");
    // "" on line 1, absent on line 5, null on line 6; line 7 is an assistant tool call without
    // content.
    assertIssue(r, IssueKind.MISSING_CONTENT, 3, List.of(1L, 5L, 6L));
    assertEquals(Set.of(IssueKind.MISSING_CONTENT), kinds(r));
    assertEquals(9, r.validExamples());
  }

  @Test
  void noAssistant() {
    PrepareReport r = check("no_assistant.jsonl");
    assertIssue(r, IssueKind.NO_ASSISTANT, 1, List.of(11L));
    assertEquals(Set.of(IssueKind.NO_ASSISTANT), kinds(r));
  }

  @Test
  void unknownKeysInMessagesAndAtTheTop() {
    PrepareReport r = check("unknown_keys.jsonl");
    assertIssue(r, IssueKind.UNKNOWN_MESSAGE_KEY, 1, List.of(3L));
    assertEquals(List.of("confidence"), r.issue(IssueKind.UNKNOWN_MESSAGE_KEY).values());
    assertIssue(r, IssueKind.UNKNOWN_TOP_LEVEL_KEY, 1, List.of(8L));
    assertEquals(List.of("source"), r.issue(IssueKind.UNKNOWN_TOP_LEVEL_KEY).values());
  }

  @Test
  void weightMustBeZeroOrOne() {
    PrepareReport r = check("bad_weight.jsonl");
    assertIssue(r, IssueKind.BAD_WEIGHT, 2, List.of(4L, 6L)); // 0.5 and "1"; 0 on line 2 is fine
    assertEquals(List.of("\"1\"", "0.5"), r.issue(IssueKind.BAD_WEIGHT).values());
  }

  @Test
  void weightZeroIsNotTrainedOn() throws IOException {
    Path file = dir.resolve("weights.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(
          "{\"messages\": [{\"role\": \"user\", \"content\": \"q"
              + i
              + "\"},"
              + " {\"role\": \"assistant\", \"content\": \"hello world\", \"weight\": 0},"
              + " {\"role\": \"user\", \"content\": \"again\"},"
              + " {\"role\": \"assistant\", \"content\": \"hello world\", \"weight\": 1}]}");
    }
    Files.write(file, lines);
    PrepareReport r = DatasetChecker.check(file, DEFAULTS);
    assertTrue(r.usable(), r.issues().toString());
    assertEquals(2, r.assistantTokensPerExample().max()); // only the weight-1 "hello world"
  }

  @Test
  void tooFewExamplesIsAnError() {
    PrepareReport r = check("too_few.jsonl");
    assertIssue(r, IssueKind.TOO_FEW_EXAMPLES, 9, List.of());
    assertFalse(r.usable());
    assertEquals(12, r.estimate().epochs()); // ceil(100 / 9)
  }

  @Test
  void emptyFileHasNoExamples() throws IOException {
    Path file = dir.resolve("empty.jsonl");
    Files.writeString(file, "");
    PrepareReport r = DatasetChecker.check(file, DEFAULTS);
    assertIssue(r, IssueKind.TOO_FEW_EXAMPLES, 0, List.of());
    assertEquals(DatasetFormat.UNKNOWN, r.format());
    assertEquals(Distribution.EMPTY, r.tokensPerExample());
  }

  @Test
  void duplicatesIgnoreKeyOrderAndSpacing() {
    PrepareReport r = check("duplicates.jsonl");
    assertIssue(r, IssueKind.DUPLICATE, 2, List.of(5L, 10L)); // both repeat line 2
    assertTrue(r.usable(), "duplicates are a warning");
  }

  @Test
  void blankLinesAreNotedAndNotExamples() {
    PrepareReport r = check("blank_lines.jsonl");
    assertIssue(r, IssueKind.BLANK_LINE, 2, List.of(4L, 8L));
    assertEquals(14, r.lines());
    assertEquals(12, r.examples());
    assertTrue(r.usable());
  }

  @Test
  void missingSystemMessageIsInfo() {
    PrepareReport r = check("no_system.jsonl");
    assertIssue(r, IssueKind.NO_SYSTEM, 6, List.of(1L, 3L, 5L, 7L, 9L, 11L));
    assertTrue(r.usable());
    assertEquals(2, r.messagesPerExample().min());
    assertEquals(3, r.messagesPerExample().max());
  }

  @Test
  void validDpoFile() {
    PrepareReport r = check("valid_dpo.jsonl");
    assertEquals(DatasetFormat.DPO, r.format());
    assertTrue(r.usable(), r.issues().toString());
    assertEquals(Set.of(IssueKind.NO_SYSTEM), kinds(r));
    assertEquals(3, r.messagesPerExample().min()); // one input message + two outputs
    TokenCounter t = new TokenCounter("o200k_base");
    // Line 1: input (user "Say 1 politely." + "[]" tools) + both outputs, + reply priming.
    int expected =
        3
            + t.count("[]")
            + (3 + t.count("user") + t.count("Say 1 politely."))
            + (3 + t.count("assistant") + t.count("Certainly: 1."))
            + (3 + t.count("assistant") + t.count("1"));
    assertEquals(expected, r.tokensPerExample().min());
    assertEquals(t.count("Certainly: 1.") + t.count("1"), r.assistantTokensPerExample().min());
  }

  @Test
  void badDpoSaysWhy() {
    PrepareReport r = check("bad_dpo.jsonl");
    assertEquals(DatasetFormat.DPO, r.format());
    assertIssue(r, IssueKind.BAD_DPO, 4, List.of(2L, 5L, 7L, 9L));
    assertEquals(
        List.of(
            "input.messages is not a non-empty list",
            "non_preferred_output is not a non-empty list",
            "preferred_output has a user message",
            "preferred_output is not a non-empty list"),
        r.issue(IssueKind.BAD_DPO).values());
    assertIssue(r, IssueKind.FORMAT_MISMATCH, 1, List.of(11L)); // a chat line in a DPO file
    assertFalse(r.usable());
  }

  @Test
  void formatIsDecidedByTheFirstExample() {
    PrepareReport r = check("mixed_formats.jsonl");
    assertEquals(DatasetFormat.CHAT, r.format());
    assertIssue(r, IssueKind.FORMAT_MISMATCH, 1, List.of(6L));
    assertEquals(List.of("preference (DPO)"), r.issue(IssueKind.FORMAT_MISMATCH).values());
  }

  @Test
  void tooLongExamplesAreWarningsAndBilledAtTheLimit() throws IOException {
    Path file = dir.resolve("too_long.jsonl");
    String longText = "lorem ipsum dolor ".repeat(7_000); // about 21,000 tokens, over 16,385
    TokenCounter cl100k = new TokenCounter("cl100k_base");
    List<String> lines = new ArrayList<>();
    long expectedBilled = 0;
    for (int i = 1; i <= 12; i++) {
      String content = i == 4 || i == 9 ? longText + i : "short " + i;
      lines.add(
          "{\"messages\": [{\"role\": \"user\", \"content\": \""
              + content
              + "\"},"
              + " {\"role\": \"assistant\", \"content\": \"ok\"}]}");
      int tokens =
          3
              + (3 + cl100k.count("user") + cl100k.count(content))
              + (3 + cl100k.count("assistant") + cl100k.count("ok"));
      expectedBilled += Math.min(tokens, 16_385);
    }
    Files.write(file, lines);
    PrepareReport small = DatasetChecker.check(file, DEFAULTS.withModel("gpt-3.5-turbo"));
    assertIssue(small, IssueKind.TOO_LONG, 2, List.of(4L, 9L));
    assertTrue(small.usable(), "too long is a warning");
    assertTrue(small.tokensPerExample().max() > 16_385);
    assertEquals(expectedBilled, small.estimate().billedTokensPerEpoch());
    assertTrue(expectedBilled < small.tokensPerExample().sum());

    PrepareReport large = DatasetChecker.check(file, DEFAULTS); // gpt-4o-mini: 65,536
    assertNull(large.issue(IssueKind.TOO_LONG));
    assertEquals(large.tokensPerExample().sum(), large.estimate().billedTokensPerEpoch());
  }

  @Test
  void lineNumbersAreCappedButCountsAreExact() throws IOException {
    Path file = dir.resolve("many_bad.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      lines.add("not json " + i);
    }
    Files.write(file, lines);
    PrepareOptions three =
        new PrepareOptions(ModelCatalog.DEFAULT_MODEL, null, ModelCatalog.builtIn(), 3);
    PrepareReport r = DatasetChecker.check(file, three);
    assertIssue(r, IssueKind.NOT_JSON, 30, List.of(1L, 2L, 3L));
    assertTrue(r.issue(IssueKind.NOT_JSON).truncated());
  }

  @Test
  void unknownModelCountsWithO200kAndHasNoPrice() {
    PrepareReport r =
        DatasetChecker.check(fixture("valid_chat.jsonl"), DEFAULTS.withModel("o4-mini"));
    assertFalse(r.model().known());
    assertTrue(r.estimate().cost().isEmpty());
    assertEquals(r.tokensPerExample().sum(), r.estimate().billedTokensPerEpoch());
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("unknown model \"o4-mini\"")),
        r.notes().toString());
    assertEquals(check("valid_chat.jsonl").tokensPerExample(), r.tokensPerExample());
  }

  @Test
  void cl100kModelCountsDifferently() {
    PrepareReport r =
        DatasetChecker.check(fixture("valid_chat.jsonl"), DEFAULTS.withModel("gpt-3.5-turbo-0125"));
    assertEquals("cl100k_base", r.model().encoding());
    assertTrue(r.usable());
  }

  @Test
  void unreadableInputsAreFileErrors() throws IOException {
    InputFileException missing =
        assertThrows(
            InputFileException.class,
            () -> DatasetChecker.check(dir.resolve("none.jsonl"), DEFAULTS));
    assertTrue(missing.getMessage().endsWith("none.jsonl: no such file"), missing.getMessage());

    InputFileException directory =
        assertThrows(InputFileException.class, () -> DatasetChecker.check(dir, DEFAULTS));
    assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());

    Path binary = dir.resolve("model.bin");
    Files.write(binary, new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});
    InputFileException bin =
        assertThrows(InputFileException.class, () -> DatasetChecker.check(binary, DEFAULTS));
    assertTrue(bin.getMessage().contains("binary file"), bin.getMessage());

    Path latin1 = dir.resolve("latin1.jsonl");
    Files.write(
        latin1,
        "{\"messages\": []}\n{\"messages\": \"caf\u00e9\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    InputFileException enc =
        assertThrows(InputFileException.class, () -> DatasetChecker.check(latin1, DEFAULTS));
    assertEquals(2, enc.line());
    assertTrue(enc.getMessage().contains("not UTF-8"), enc.getMessage());
  }

  @Test
  void byteOrderMarkIsIgnored() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    String body = Files.readString(fixture("valid_chat.jsonl"));
    Files.writeString(file, "\uFEFF" + body);
    assertTrue(DatasetChecker.check(file, DEFAULTS).usable());
  }

  @Test
  void rulesAcrossBatchesFollowLineOrder() throws IOException {
    // More lines than one batch: duplicates and line numbers must not depend on the
    // batching/threads.
    Path file = dir.resolve("big.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 9_000; i++) {
      lines.add(
          "{\"messages\": [{\"role\": \"user\", \"content\": \"question "
              + i
              + "\"},"
              + " {\"role\": \"assistant\", \"content\": \"answer "
              + i
              + "\"}]}");
    }
    lines.set(4_999, lines.get(0)); // line 5000 repeats line 1
    lines.set(8_999, lines.get(4_200)); // line 9000 repeats line 4201 (across a batch boundary)
    lines.set(8_192, "{broken"); // line 8193
    Files.write(file, lines);
    PrepareReport r = DatasetChecker.check(file, DEFAULTS);
    assertIssue(r, IssueKind.DUPLICATE, 2, List.of(5_000L, 9_000L));
    assertIssue(r, IssueKind.NOT_JSON, 1, List.of(8_193L));
    assertIssue(r, IssueKind.NO_SYSTEM, 8_999, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    assertEquals(8_999, r.validExamples());
    assertEquals(2, r.estimate().epochs()); // 9,000 x 3 > 25,000: floor(25,000 / 9,000)
    PrepareReport again = DatasetChecker.check(file, DEFAULTS);
    assertEquals(r, again);
  }

  @Test
  void legacyPromptCompletionPairsForBaseModels() {
    PrepareReport r =
        DatasetChecker.check(fixture("valid_completion.jsonl"), DEFAULTS.withModel("babbage-002"));
    assertEquals(DatasetFormat.COMPLETION, r.format());
    assertTrue(r.usable(), r.issues().toString());
    assertEquals(Set.of(), kinds(r));
    TokenCounter t = new TokenCounter("cl100k_base");
    int line1 = t.count("Capital of country #1 ->") + t.count(" City 1\n");
    assertEquals(line1, r.tokensPerExample().min());
    assertEquals(t.count(" City 1\n"), r.assistantTokensPerExample().min());
    assertEquals(2, r.messagesPerExample().max());
  }

  @Test
  void badPromptCompletionPairs() {
    PrepareReport r =
        DatasetChecker.check(fixture("bad_completion.jsonl"), DEFAULTS.withModel("davinci-002"));
    assertEquals(DatasetFormat.COMPLETION, r.format());
    assertIssue(r, IssueKind.BAD_COMPLETION, 3, List.of(2L, 4L, 10L));
    assertEquals(
        List.of(
            "completion is missing or not text",
            "none of the format's keys",
            "prompt is missing or not text"),
        r.issue(IssueKind.BAD_COMPLETION).values());
    assertIssue(r, IssueKind.MISSING_CONTENT, 1, List.of(6L));
    assertIssue(r, IssueKind.UNKNOWN_TOP_LEVEL_KEY, 1, List.of(8L));
  }

  @Test
  void formatTheModelDoesNotTakeIsAnError() {
    PrepareReport pairsForChatModel = check("valid_completion.jsonl");
    assertIssue(pairsForChatModel, IssueKind.FORMAT_NOT_FOR_MODEL, 1, List.of());
    assertEquals(
        List.of("file: completion", "gpt-4o-mini-2024-07-18 takes: chat or dpo"),
        pairsForChatModel.issue(IssueKind.FORMAT_NOT_FOR_MODEL).values());
    assertFalse(pairsForChatModel.usable());

    PrepareReport chatForBaseModel =
        DatasetChecker.check(fixture("valid_chat.jsonl"), DEFAULTS.withModel("babbage-002"));
    assertEquals(
        List.of(IssueKind.FORMAT_NOT_FOR_MODEL),
        chatForBaseModel.problems().stream().map(Issue::kind).toList());

    PrepareReport dpoFor35 =
        DatasetChecker.check(fixture("valid_dpo.jsonl"), DEFAULTS.withModel("gpt-3.5-turbo"));
    assertNotNull(dpoFor35.issue(IssueKind.FORMAT_NOT_FOR_MODEL));

    PrepareReport unknownModel =
        DatasetChecker.check(fixture("valid_completion.jsonl"), DEFAULTS.withModel("my-model"));
    assertNull(
        unknownModel.issue(IssueKind.FORMAT_NOT_FOR_MODEL), "an unknown model takes any format");
  }
}
