package dev.openaift.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Provider;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerLogTest {
  private static final Instant AT = Instant.parse("2026-11-29T12:00:00.250Z");
  private static final String SHA = "a".repeat(64);
  private static final String MODEL = "ft:gpt-4o-mini-2024-07-18:org:support:abc123";

  @TempDir Path root;

  private static RecordingHeader header(Double temperature) {
    return new RecordingHeader(
        MODEL, SHA, "data.jsonl", 3, temperature, 7L, null, AT, Endpoint.OPENAI);
  }

  private static RecordedAnswer answer(int index, String text) {
    ChatExample ex =
        new ChatExample(
            index, index + 1, List.of(ChatMessage.of("user", "Q" + index)), "E" + index);
    ChatRequest req = new ChatRequest(MODEL, ex.prompt(), 0.0, 7L, null);
    return RecordedAnswer.of(
        ex,
        req,
        new ChatCompletion(
            "chatcmpl-" + index,
            MODEL,
            text,
            "stop",
            5L,
            2L,
            7L,
            "fp_sandbox",
            12,
            List.of(),
            null),
        AT);
  }

  private Path dir() {
    return Recordings.dir(root, Endpoint.OPENAI, MODEL, SHA);
  }

  @Test
  void answersSurviveReopeningAndAreNeverWrittenTwice() throws IOException {
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      assertTrue(log.append(answer(0, "A0")));
      assertTrue(log.append(answer(2, "A2")));
      assertFalse(log.append(answer(0, "again")));
    }
    assertEquals(2, Files.readAllLines(dir().resolve(Recordings.ANSWERS)).size());
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      assertTrue(log.contains(0));
      assertFalse(log.contains(1));
      assertTrue(log.contains(2));
      assertFalse(log.repaired());
      assertFalse(log.append(answer(2, "again")));
    }
    Recording r = Recording.read(dir());
    assertEquals(List.of(answer(0, "A0"), answer(2, "A2")), r.answers());
    assertEquals(header(0.0), r.header());
    assertEquals("A2", r.answer(2).orElseThrow().answer());
    assertTrue(r.answer(1).isEmpty());
  }

  @Test
  void theLineFormatIsStableAndSorted() {
    assertEquals(
        "{\"answer\":\"A0\",\"answered_by\":\""
            + MODEL
            + "\",\"finish_reason\":\"stop\",\"index\":0,"
            + "\"latency_ms\":12,\"line\":1,\"prompt_sha256\":\""
            + RecordingJson.promptHash(List.of(ChatMessage.of("user", "Q0")))
            + "\",\"recorded_at\":\"2026-11-29T12:00:00.250Z\",\"request\":{\"max_completion_tokens\":null,"
            + "\"messages\":[{\"content\":\"Q0\",\"name\":null,\"role\":\"user\"}],\"model\":\""
            + MODEL
            + "\",\"seed\":7,"
            + "\"temperature\":0.0},\"response_id\":\"chatcmpl-0\",\"system_fingerprint\":\"fp_sandbox\","
            + "\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":5,\"total_tokens\":7}}",
        RecordingJson.answerLine(answer(0, "A0")));
  }

  @Test
  void aTornLastLineIsCutOffAndAWholeOneCompleted() throws IOException {
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      log.append(answer(0, "A0"));
    }
    Path file = dir().resolve(Recordings.ANSWERS);
    String whole = RecordingJson.answerLine(answer(1, "A1"));
    Files.writeString(file, whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      assertTrue(log.repaired());
      assertEquals(1, log.size());
      assertFalse(log.contains(1));
    }
    assertEquals(RecordingJson.answerLine(answer(0, "A0")) + "\n", Files.readString(file));

    Files.writeString(file, whole, StandardOpenOption.APPEND);
    assertEquals(
        2, Recording.read(dir()).answers().size(), "a reader takes a whole last line as it is");
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      assertTrue(log.repaired());
      assertTrue(log.contains(1));
    }
    assertTrue(Files.readString(file).endsWith(whole + "\n"));
  }

  @Test
  void aBrokenCompleteLineIsAnErrorNamingIt() throws IOException {
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      log.append(answer(0, "A0"));
    }
    Path file = dir().resolve(Recordings.ANSWERS);
    Files.writeString(file, "{\"index\": \"zero\"}\n", StandardOpenOption.APPEND);
    InputFileException e =
        assertThrows(InputFileException.class, () -> AnswerLog.open(dir(), header(0.0)));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("not a recorded answer"), e.getMessage());
    assertThrows(InputFileException.class, () -> Recording.read(dir()));
  }

  @Test
  void otherParametersOrASecondWriterAreRefused() {
    try (AnswerLog log = AnswerLog.open(dir(), header(0.0))) {
      RecordingConflictException busy =
          assertThrows(RecordingConflictException.class, () -> AnswerLog.open(dir(), header(0.0)));
      assertTrue(busy.getMessage().contains("another openai-ft run"), busy.getMessage());
      log.append(answer(0, "A0"));
    }
    RecordingConflictException other =
        assertThrows(RecordingConflictException.class, () -> AnswerLog.open(dir(), header(1.0)));
    assertTrue(
        other.getMessage().contains("temperature 0.0")
            && other.getMessage().contains("temperature 1.0"),
        other.getMessage());
  }

  @Test
  void aRecordingThatGotNoAnswerIsNotLeftBehind() throws Exception {
    Path d = Recordings.dir(root, Endpoint.OPENAI, "ft:gpt-4o-mini-2024-07-18:org:nope:XXXX", SHA);
    try (AnswerLog log = AnswerLog.open(d, header(null))) {
      assertTrue(Files.isRegularFile(d.resolve(Recordings.HEADER)));
    }
    assertFalse(Files.exists(d), "no empty recording left");
    assertFalse(Files.exists(d.getParent()), "nor its model's empty folder");
    // one that has answers stays, however the run ended
    try (AnswerLog log = AnswerLog.open(d, header(null))) {
      log.append(answer(1, "A1"));
    }
    try (AnswerLog log = AnswerLog.open(d, header(null))) {
      assertEquals(1, log.size());
    }
    assertTrue(Files.isRegularFile(d.resolve(Recordings.HEADER)), "reopened, not re-made");
  }

  @Test
  void modelNamesBecomeSafeDistinctFolderNames() {
    assertEquals("ft_gpt-4o-mini-2024-07-18_org_support_abc123", Recordings.folderOf(MODEL));
    assertEquals(
        "ft_gpt-4o-mini-2024-07-18_org_support_abc123_ckpt-step-20",
        Recordings.folderOf(MODEL + ":ckpt-step-20"));
    assertEquals("ft_gpt-4o_org_my%5Fbot_x", Recordings.folderOf("ft:gpt-4o:org:my_bot:x"));
    assertEquals("gpt-4o-mini", Recordings.folderOf("gpt-4o-mini"));
    assertEquals("%2E.%2Fetc", Recordings.folderOf("../etc"));
    assertEquals("%2E", Recordings.folderOf("."));
    for (String m :
        List.of(MODEL, "ft:gpt-4o:org:my_bot:x", "../etc", "a%3Ab", "é:ü", "x_y", "x:y")) {
      assertEquals(m, Recordings.modelOfFolder(Recordings.folderOf(m)));
    }
    assertThrows(IllegalArgumentException.class, () -> Recordings.folderOf(""));
    assertThrows(
        IllegalArgumentException.class,
        () -> Recordings.dir(root, Endpoint.OPENAI, MODEL, "nothex"));
    assertEquals(
        root.resolve("recordings").resolve("gpt-4o-mini").resolve(SHA),
        Recordings.dir(root, Endpoint.OPENAI, "gpt-4o-mini", SHA));
  }

  @Test
  void theEndpointIsPartOfTheFolderAndTheHeader() {
    Endpoint local = new Endpoint(Provider.OPENAI, "http://LocalHost:8000/v1", null);
    assertEquals(
        root.resolve("recordings")
            .resolve("gpt-4o-mini")
            .resolve(SHA + "@openai_localhost_8000%2Fv1"),
        Recordings.dir(root, local, "gpt-4o-mini", SHA));
    Endpoint azure =
        new Endpoint(Provider.AZURE, "https://res.openai.azure.com", "2025-03-01-preview");
    assertEquals(
        SHA + "@azure_res.openai.azure.com",
        Recordings.dir(root, azure, MODEL, SHA).getFileName().toString());
    IllegalArgumentException tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Recordings.dir(
                    root,
                    new Endpoint(Provider.OPENAI, "http://h/" + "p".repeat(200), null),
                    MODEL,
                    SHA));
    assertTrue(tooLong.getMessage().startsWith("the endpoint's address is too long"));
    // the same service written differently is the same folder
    assertEquals(
        Recordings.dir(root, Endpoint.OPENAI, MODEL, SHA),
        Recordings.dir(
            root,
            new Endpoint(Provider.OPENAI, "https://API.openai.com:443/v1", null),
            MODEL,
            SHA));

    RecordingHeader h = new RecordingHeader(MODEL, SHA, "d.jsonl", 2, 0.0, null, null, AT, azure);
    String text = new String(RecordingJson.headerBytes(h), StandardCharsets.UTF_8);
    assertTrue(text.contains("\"deployment\" : \"" + MODEL + "\""), text);
    assertTrue(text.contains("\"api_version\" : \"2025-03-01-preview\""), text);
    assertTrue(text.contains("\"host\" : \"res.openai.azure.com\""), text);
    assertEquals(h, RecordingJson.parseHeader(RecordingJson.headerBytes(h)));
    assertFalse(h.sameRequestsAs(header(0.0)), "another endpoint, another recording");

    // a recording made before endpoints were recorded is OpenAI's, in OpenAI's folder
    String v1 =
        "{\"created_at\":\"2026-11-29T10:00:00Z\",\"data_file\":\"d.jsonl\",\"data_sha256\":\""
            + SHA
            + "\",\"examples\":2,\"format\":\"openai-ft.recording\",\"max_completion_tokens\":null,"
            + "\"model\":\"m\",\"seed\":null,\"temperature\":null,\"version\":1}";
    RecordingHeader old = RecordingJson.parseHeader(v1.getBytes(StandardCharsets.UTF_8));
    assertEquals(Endpoint.OPENAI, old.endpoint());
    IllegalArgumentException noEndpoint =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingJson.parseHeader(
                    v1.replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8)));
    assertEquals("no \"endpoint\" object", noEndpoint.getMessage());
  }

  @Test
  void recordingsOfOneModelFromEveryEndpointAreFound() throws Exception {
    Endpoint local = new Endpoint(Provider.OPENAI, "http://127.0.0.1:8000/v1", null);
    try (AnswerLog a =
            AnswerLog.open(Recordings.dir(root, Endpoint.OPENAI, MODEL, SHA), header(null));
        AnswerLog b =
            AnswerLog.open(
                Recordings.dir(root, local, MODEL, SHA),
                new RecordingHeader(MODEL, SHA, "data.jsonl", 3, null, 7L, null, AT, local))) {
      assertEquals(0, a.size() + b.size());
      a.append(answer(0, "A0"));
      b.append(answer(0, "B0"));
    }
    List<Recording> all = Recordings.ofEveryEndpoint(root, MODEL, SHA);
    assertEquals(
        List.of(Endpoint.OPENAI, local), all.stream().map(r -> r.header().endpoint()).toList());
    assertEquals(List.of(), Recordings.ofEveryEndpoint(root, "other", SHA));
    // a header that does not match its folder's endpoint is refused rather than mixed in
    RecordingConflictException e =
        assertThrows(
            RecordingConflictException.class,
            () ->
                AnswerLog.open(
                    Recordings.dir(root, local, MODEL, SHA),
                    new RecordingHeader(
                        MODEL, SHA, "data.jsonl", 3, null, 7L, null, AT, Endpoint.OPENAI)));
    assertTrue(e.getMessage().contains("from http://127.0.0.1:8000/v1"), e.getMessage());
  }

  @Test
  void headerRoundTrips() {
    RecordingHeader h =
        new RecordingHeader(MODEL, SHA, "d.jsonl", 10, null, null, 64, AT, Endpoint.OPENAI);
    assertEquals(h, RecordingJson.parseHeader(RecordingJson.headerBytes(h)));
    String text = new String(RecordingJson.headerBytes(h), StandardCharsets.UTF_8);
    assertTrue(text.indexOf("\"created_at\"") < text.indexOf("\"version\""));
    assertThrows(
        IllegalArgumentException.class,
        () -> RecordingJson.parseHeader("{\"format\":\"x\"}".getBytes()));
  }
}
