package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Provider;
import dev.openaift.record.ChatData;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recording;
import dev.openaift.record.Recordings;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft record} as a real process, killed with SIGKILL while it records, then run again:
 * every example ends up recorded exactly once, and the rerun asks the sandbox exactly once for each
 * example that was not recorded at the kill (and for nothing else).
 */
class RecordKillIT {
  private static final int EXAMPLES = 240;
  private static final int CONCURRENCY = 4;

  @TempDir Path tmp;

  @Test
  void aKilledRecordingResumesWithoutAskingTwice() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < EXAMPLES; i++) {
      lines.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"system\",\"content\":\"Be"
                  + " brief.\"},{\"role\":\"user\",\"content\":\"Which shelf holds box"
                  + " %d?\"},{\"role\":\"assistant\",\"content\":\"Shelf %d.\"}]}%n",
              i,
              i % 17));
    }
    Path data = tmp.resolve("boxes.jsonl");
    Files.writeString(data, lines.toString(), StandardCharsets.UTF_8);
    Path reports = tmp.resolve("reports");
    Path answers;
    try (Sandbox sandbox =
        Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()).withSeed(5))) {
      Path dir =
          Recordings.dir(
              reports,
              new Endpoint(Provider.OPENAI, sandbox.baseUrl().toString(), null),
              "gpt-4o-mini",
              ChatData.read(data).sha256());
      answers = dir.resolve(Recordings.ANSWERS);
      // about 60 to 100 ms per answer: slow enough to kill the run part way
      sandbox.setChatLatencyScale(0.4);
      Map<String, String> env =
          Map.of(
              "OPENAI_BASE_URL", sandbox.baseUrl().toString(), "OPENAI_API_KEY", sandbox.apiKey());
      List<String> args =
          List.of(
              "record",
              "gpt-4o-mini",
              "--data",
              data.toString(),
              "--concurrency",
              Integer.toString(CONCURRENCY),
              "--reports-dir",
              reports.toString());

      Process first = JarRunner.start(null, env, args, tmp.resolve("first.log"));
      try {
        JarRunner.awaitLines(answers, 30, first);
      } finally {
        JarRunner.kill(first); // SIGKILL: no shutdown hook, no flush, no goodbye
      }
      long askedByFirst = settled(sandbox);
      int recordedAtKill = Recording.read(dir).answers().size();
      assertTrue(
          recordedAtKill >= 30 && recordedAtKill < EXAMPLES,
          recordedAtKill + " recorded at the kill");
      long lost = askedByFirst - recordedAtKill;
      assertTrue(lost >= 0 && lost <= CONCURRENCY, lost + " answers were in flight at the kill");

      sandbox.setChatLatencyScale(0); // only the killed run needs to be slow
      JarRunner.Result second = JarRunner.run(tmp, env, args.toArray(String[]::new));
      assertEquals(0, second.exitCode(), second.out() + second.err());
      long askedBySecond = sandbox.faultStats().requests() - askedByFirst;
      assertEquals(
          EXAMPLES - recordedAtKill,
          askedBySecond,
          "the rerun asked each missing example once and nothing else");
      assertTrue(
          second
              .out()
              .contains(
                  (EXAMPLES - recordedAtKill)
                      + " requests to ask ("
                      + recordedAtKill
                      + " recorded before)"),
          second.out());
    }

    List<String> fileLines = Files.readAllLines(answers, StandardCharsets.UTF_8);
    assertEquals(EXAMPLES, fileLines.size(), "one line per example, no torn or repeated line");
    Set<Integer> indexes = new HashSet<>();
    for (String l : fileLines) {
      RecordedAnswer a = dev.openaift.record.RecordingJson.parseAnswer(l);
      assertTrue(indexes.add(a.index()), "example " + a.index() + " recorded twice");
    }
    assertEquals(EXAMPLES, indexes.size());
  }

  /**
   * The sandbox's request count once no request of the killed process can still arrive: unchanged
   * for half a second (a request the process wrote before dying reaches the server within
   * milliseconds).
   */
  private static long settled(Sandbox sandbox) {
    long[] seen = {sandbox.faultStats().requests()};
    long[] since = {System.nanoTime()};
    Await.until(
        "the request count to stay the same for 0.5 s",
        Duration.ofSeconds(10),
        () -> {
          long now = sandbox.faultStats().requests();
          if (now != seen[0]) {
            seen[0] = now;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] > Duration.ofMillis(500).toNanos();
        });
    return seen[0];
  }
}
