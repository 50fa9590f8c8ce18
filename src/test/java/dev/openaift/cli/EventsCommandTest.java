package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.follow.FakeTime;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest {
  @TempDir Path tmp;

  @Test
  void theHelpSaysThatPollGoesWithFollow() {
    CliRun help = CliRun.run(CliRun.context(), "events", "--help");
    assertEquals(0, help.code(), help.toString());
    assertTrue(
        help.out()
            .replaceAll("\\s+", " ")
            .contains("--poll sets how often it asks, and is used only with --follow"),
        help.out());
  }

  @Test
  void listsAllEventsOldestFirstOrTheLatestOnes() throws Exception {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults().withStepDelayMs(2))) {
      String id = sb.createJob(10, Map.of("n_epochs", 25));
      sb.await(id, Job::isTerminal);
      List<JobEvent> all = sb.allEvents(id);
      assertTrue(all.size() > 250, "more than two pages: " + all.size());

      CliRun r = sb.run("events", id);
      assertEquals(0, r.code(), r.err());
      assertEquals(LiveSandbox.lines(all), r.eventLines());

      CliRun last = sb.run("events", id, "--limit", "150");
      assertEquals(LiveSandbox.lines(all.subList(all.size() - 150, all.size())), last.eventLines());

      CliRun json = sb.run("events", id, "--json", "--limit", "3");
      List<String> lines = json.out().strip().lines().toList();
      assertEquals(3, lines.size());
      ObjectMapper m = new ObjectMapper();
      for (int i = 0; i < 3; i++) {
        JsonNode n = m.readTree(lines.get(i));
        assertEquals(all.get(all.size() - 3 + i).id(), n.path("id").asText());
        assertEquals("fine_tuning.job.event", n.path("object").asText());
      }
      assertEquals(2, sb.run("events", id, "--limit", "0").code());
    }
  }

  @Test
  void followsAStepperJobWithTheContextsTimeAndNoRealWaiting() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withSeed(2), 1)) {
      String id = sb.createJob(10, Map.of("n_epochs", 2));
      FakeTime time = TestClocks.fakeToday();
      CliRun r = CliRun.run(sb.context().withTime(time, time), "events", id, "--follow");
      assertEquals(0, r.code(), r.err());
      assertEquals(LiveSandbox.lines(sb.allEvents(id)), r.eventLines());
      assertTrue(time.sleeps.contains(Duration.ofSeconds(2)), "default poll: " + time.sleeps);
    }
  }

  @Test
  void followPrintsUntilTheEndWithoutWritingFiles() throws Exception {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults().withStepDelayMs(10))) {
      String id = sb.createJob(10, Map.of());
      CliRun r = sb.run("events", id, "--follow", "--poll", "0.05");
      assertEquals(0, r.code(), r.err());
      assertEquals(LiveSandbox.lines(sb.allEvents(id)), r.eventLines());
      assertTrue(r.out().contains("Job complete! Status: succeeded"));
      assertTrue(!r.out().contains("\r"));
      assertTrue(!Files.exists(Path.of("reports", id)), "events writes no archive");
    }
  }
}
