package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Page;
import dev.openaift.api.Sleeper;
import dev.openaift.archive.FileEventStore;
import dev.openaift.follow.EventFollower;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.FollowOptions;
import dev.openaift.job.JobEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox never re-issues what it has served: a real sandbox process (the jar, started with
 * {@code --data-dir}) is killed with SIGKILL at random points while a follower reads its job's
 * events into an archive, then started again on the same folder. At the end the follower's archive
 * holds exactly the events the restarted server lists: none served before a crash was lost or
 * regenerated under a new id.
 */
class SandboxCrashIT {
  private static final String KEY = "sk-crash-test";
  private static final int KILLS = 6;

  @TempDir Path tmp;

  /** One sandbox process and the gateway that talks to it. */
  private static final class Server implements AutoCloseable {
    final Process process;
    final OpenAiGateway gateway;

    Server(Path data) throws IOException {
      List<String> cmd =
          List.of(
              Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
              "-Djava.awt.headless=true",
              "-jar",
              JarRunner.jar().toString(),
              "sandbox",
              "--port",
              "0",
              "--api-key",
              KEY,
              "--seed",
              "5",
              "--step-delay-ms",
              "40",
              "--data-dir",
              data.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      process = pb.start();
      process.getOutputStream().close();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (first == null || !first.startsWith("listening on ")) {
        close();
        throw new IllegalStateException("the sandbox did not start: " + first);
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // keep the pipe empty
                  }
                } catch (IOException ignored) {
                  // the process is gone
                }
              });
      drain.setDaemon(true);
      drain.start();
      gateway =
          new OpenAiGateway(
              Connection.of(KEY, first.substring("listening on ".length()).strip())
                  .withMaxRetries(0)
                  .withTimeout(Duration.ofSeconds(10)));
    }

    /** SIGKILL, then wait for the process to be gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the sandbox did not die");
      }
    }

    @Override
    public void close() {
      gateway.close();
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String examples(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Which colour is planet %d?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"Planet %d is shade %d.\"}]}%n",
              i,
              i,
              i * 7));
    }
    return sb.toString();
  }

  /** Reads new events until the deadline, or until the server stops answering. */
  private static void followUntil(EventFollower follower, long deadlineNanos) {
    try {
      while (System.nanoTime() < deadlineNanos) {
        follower.readNew();
      }
    } catch (ApiException serverGone) {
      // the kill came in the middle of a read: nothing of that read was stored
    }
  }

  private static EventFollower follower(Server s, String jobId, FileEventStore store) {
    return new EventFollower(
        s.gateway,
        jobId,
        store,
        FollowListener.silent(),
        Clock.systemUTC(),
        Sleeper.system(),
        FollowOptions.defaults().withPageSize(7).withGiveUpAfter(Duration.ZERO));
  }

  @Test
  void aFollowerOfASandboxKilledAtRandomPointsStoresExactlyWhatTheRestartedServerLists()
      throws Exception {
    Path data = tmp.resolve("sandbox");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String jobId;
    try (Server s = new Server(data)) {
      FileInfo f =
          s.gateway.uploadFile("train.jsonl", examples(60).getBytes(StandardCharsets.UTF_8));
      jobId =
          s.gateway
              .createJob(
                  new JobRequest(
                      "gpt-4o-mini-2024-07-18",
                      f.id(),
                      null,
                      null,
                      3L,
                      Map.of("n_epochs", 10, "batch_size", 1)))
              .id();
      s.kill();
    }
    try (FileEventStore store = FileEventStore.open(tmp.resolve("archive/events.jsonl"))) {
      for (int i = 0; i < KILLS; i++) {
        try (Server s = new Server(data)) {
          long runFor = TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(500));
          followUntil(follower(s, jobId, store), System.nanoTime() + runFor);
          s.kill();
        }
      }
      try (Server s = new Server(data)) {
        EventFollower last = follower(s, jobId, store);
        last.readNew();
        assertTrue(s.gateway.getJob(jobId).isTerminal() || s.gateway.cancel(jobId) != null);
        last.readNew();
        List<String> listed = new ArrayList<>();
        String after = null;
        while (true) {
          Page<JobEvent> page = s.gateway.listEvents(jobId, after, 100);
          page.data().forEach(e -> listed.add(e.id()));
          if (!page.hasMore() || page.data().isEmpty()) {
            break;
          }
          after = page.data().get(page.data().size() - 1).id();
        }
        List<String> stored = store.events().stream().map(JobEvent::id).toList();
        String why =
            "random seed " + seed + ": the archive must hold exactly the restarted server's events";
        assertEquals(new TreeSet<>(listed), new TreeSet<>(stored), why);
        assertEquals(listed.size(), stored.size(), why);
        Map<Object, String> stepOwner = new HashMap<>();
        for (JobEvent e : store.events()) {
          Object step = e.data().get("step");
          if (step != null) {
            String before = stepOwner.put(step, e.id());
            assertEquals(null, before, why + ": step " + step + " stored twice");
          }
        }
        assertTrue(
            stepOwner.size() > 10, "the job ran through the kills: " + stepOwner.size() + " steps");
      }
    }
  }
}
