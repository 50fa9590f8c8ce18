package dev.openaift.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Provider;
import dev.openaift.follow.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder with a scripted gateway and a clock that moves only when it sleeps. */
class RecorderTest {
  private static final String MODEL = "ft:gpt-4o-mini-2024-07-18:org:x:abc";
  private static final String SHA = "b".repeat(64);

  private static final long NOW = 1_795_000_000L;

  @TempDir Path root;

  private static List<ChatExample> examples(int n) {
    List<ChatExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ChatExample(i, i + 1, List.of(ChatMessage.of("user", "Q" + i)), "A" + i));
    }
    return out;
  }

  private static ChatCompletion answer(ChatRequest r) {
    String q = r.messages().get(r.messages().size() - 1).content();
    return new ChatCompletion(
        "chatcmpl-" + q,
        r.model(),
        "answer to " + q,
        "stop",
        3L,
        2L,
        5L,
        "fp_x",
        7,
        List.of(),
        null);
  }

  private AnswerLog log(int examples) {
    return AnswerLog.open(
        Recordings.dir(root, Endpoint.OPENAI, MODEL, SHA),
        new RecordingHeader(
            MODEL, SHA, "d.jsonl", examples, 0.0, 1L, null, Instant.EPOCH, Endpoint.OPENAI));
  }

  private static Recorder.Options options(int concurrency) {
    return new Recorder.Options(MODEL, Endpoint.OPENAI, 0.0, 1L, null, concurrency, 6);
  }

  @Test
  void asksEachMissingExampleOnceWithTheExactRequest() {
    Map<String, Integer> asked = new ConcurrentHashMap<>();
    List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    ChatGateway gateway =
        r -> {
          requests.add(r);
          asked.merge(r.messages().get(0).content(), 1, Integer::sum);
          return answer(r);
        };
    FakeTime time = new FakeTime(NOW);
    List<ChatExample> examples = examples(50);
    try (AnswerLog log = log(50)) {
      for (int i = 0; i < 50; i += 3) {
        log.append(
            RecordedAnswer.of(
                examples.get(i),
                options(1).request(examples.get(i)),
                answer(options(1).request(examples.get(i))),
                time.instant()));
      }
      int before = log.size();
      Recorder.Result result =
          new Recorder(gateway, time, time, Recorder.Listener.silent())
              .record(examples, log, options(8));
      assertEquals(50 - before, result.asked());
      assertEquals(50, log.size());
    }
    assertEquals(50 - 17, asked.size());
    assertTrue(asked.values().stream().allMatch(n -> n == 1), asked.toString());
    ChatRequest r = requests.get(0);
    assertEquals(MODEL, r.model());
    assertEquals(0.0, r.temperature());
    assertEquals(1L, r.seed());
    Recording rec = Recording.read(Recordings.dir(root, Endpoint.OPENAI, MODEL, SHA));
    assertEquals(50, rec.answers().size());
    assertEquals("answer to Q1", rec.answer(1).orElseThrow().answer());
    assertEquals(examples.get(1).promptHash(), rec.answer(1).orElseThrow().promptHash());
  }

  @Test
  void aRateLimitWaitsWhatTheApiSaysAndPausesEveryWorker() {
    AtomicInteger calls = new AtomicInteger();
    FakeTime time = new FakeTime(NOW);
    List<Instant> sentAt = Collections.synchronizedList(new ArrayList<>());
    ChatGateway gateway =
        r -> {
          sentAt.add(time.instant());
          if (calls.incrementAndGet() == 1) {
            throw new ApiException(
                ApiException.Kind.RATE_LIMITED, 429, "rate limited", null, Duration.ofMillis(2500));
          }
          return answer(r);
        };
    List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    Recorder.Listener listener =
        new Recorder.Listener() {
          @Override
          public void retrying(
              ChatExample example, ApiException fault, int attempt, Duration wait) {
            waits.add(wait);
          }
        };
    try (AnswerLog log = log(3)) {
      Recorder.Result result =
          new Recorder(gateway, time, time, listener).record(examples(3), log, options(1));
      assertEquals(3, result.asked());
      assertEquals(1, result.retries());
    }
    assertEquals(List.of(Duration.ofMillis(2500)), waits);
    assertEquals(List.of(Duration.ofMillis(2500)), time.sleeps);
    assertEquals(Duration.ofMillis(2500), Duration.between(sentAt.get(0), sentAt.get(1)));
    assertEquals(4, calls.get());
  }

  @Test
  void withoutAWaitTheBackoffDoubles() {
    assertEquals(Duration.ofSeconds(1), Recorder.backoff(1));
    assertEquals(Duration.ofSeconds(2), Recorder.backoff(2));
    assertEquals(Duration.ofSeconds(16), Recorder.backoff(5));
    assertEquals(Duration.ofSeconds(30), Recorder.backoff(6));
    assertEquals(Duration.ofSeconds(30), Recorder.backoff(60));
  }

  @Test
  void aServerThatKeepsFailingStopsTheRunAndKeepsWhatWasRecorded() {
    AtomicInteger calls = new AtomicInteger();
    ChatGateway gateway =
        r -> {
          if (r.messages().get(0).content().equals("Q2")) {
            calls.incrementAndGet();
            throw new ApiException(
                ApiException.Kind.SERVER, 500, "the API failed (HTTP 500)", null);
          }
          return answer(r);
        };
    FakeTime time = new FakeTime(NOW);
    try (AnswerLog log = log(5)) {
      ApiException e =
          assertThrows(
              ApiException.class,
              () ->
                  new Recorder(gateway, time, time, Recorder.Listener.silent())
                      .record(examples(5), log, options(1)));
      assertEquals(ApiException.Kind.SERVER, e.kind());
      assertEquals(6, calls.get(), "six attempts");
      assertEquals(
          List.of(1, 2, 4, 8, 16), time.sleeps.stream().map(d -> (int) d.toSeconds()).toList());
      assertEquals(2, log.size(), "Q0 and Q1 are kept; the run stopped at Q2");
    }
  }

  @Test
  void anUnknownModelStopsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    ChatGateway gateway =
        r -> {
          calls.incrementAndGet();
          throw new ApiException(ApiException.Kind.NOT_FOUND, 404, "no model " + MODEL, null);
        };
    FakeTime time = new FakeTime(NOW);
    try (AnswerLog log = log(20)) {
      assertThrows(
          ApiException.class,
          () ->
              new Recorder(gateway, time, time, Recorder.Listener.silent())
                  .record(examples(20), log, options(4)));
      assertTrue(calls.get() <= 4, calls.get() + " calls: at most one per worker");
      assertEquals(0, log.size());
      assertTrue(time.sleeps.isEmpty());
    }
  }

  @Test
  void answersFromAnotherEndpointNeverGoIntoTheRecording() {
    AtomicInteger calls = new AtomicInteger();
    Endpoint azure = new Endpoint(Provider.AZURE, "https://res.openai.azure.com", "2024-10-21");
    ChatGateway elsewhere =
        new ChatGateway() {
          @Override
          public ChatCompletion complete(ChatRequest r) {
            calls.incrementAndGet();
            return answer(r);
          }

          @Override
          public Endpoint endpoint() {
            return azure;
          }
        };
    FakeTime time = new FakeTime(NOW);
    try (AnswerLog log = log(3)) {
      RecordingConflictException e =
          assertThrows(
              RecordingConflictException.class,
              () ->
                  new Recorder(elsewhere, time, time, Recorder.Listener.silent())
                      .record(examples(3), log, options(1)));
      assertTrue(e.getMessage().contains("answers from Azure OpenAI https://res.openai.azure.com"));
      assertEquals(0, calls.get(), "nothing was asked");
      assertEquals(0, log.size());
    }
  }
}
