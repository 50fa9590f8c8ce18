package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second official SDK against the sandbox: OpenAI's Node library uploads, fine-tunes, pages
 * through events and checkpoints, downloads the result file, chats with the model and meets the
 * API's errors as its own error classes ({@code src/test/node/sdk-check.mjs}), while the sandbox
 * injects faults.
 */
class NodeSdkIT {
  @TempDir Path tmp;

  @Test
  void officialNodeSdkCannotTellTheSandboxApart() throws Exception {
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    Path data = Paths.get("src/main/resources/dev/openaift/sandbox").toAbsolutePath();
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(3)
            .withFaultRate(0.1)
            .withSlowFaultMs(200)
            .withClock(TestClocks.today());
    try (Sandbox sandbox = Sandbox.start(cfg)) {
      ProcessBuilder pb =
          new ProcessBuilder(List.of(node.toString(), "sdk-check.mjs"))
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("node.log").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
      pb.environment().put("OPENAI_API_KEY", sandbox.apiKey());
      pb.environment().put("TRAIN_FILE", data.resolve("demo-train.jsonl").toString());
      pb.environment().put("VALID_FILE", data.resolve("demo-valid.jsonl").toString());
      Process p = pb.start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the Node SDK check did not finish");
      String log = Files.readString(tmp.resolve("node.log"), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      String last = log.strip().lines().reduce((a, b) -> b).orElse("");
      JsonNode result = new ObjectMapper().readTree(last);
      assertTrue(result.path("ok").asBoolean(), log);
      assertTrue(result.path("checks").asInt() >= 20, log);
      assertTrue(
          sandbox.faultStats().totalFaults() > 0,
          "faults were injected and survived by the SDK's retries");
    }
  }

  @Test
  void nodeSdkSeesShutdownDatesNewMethodsAndTheRefusalsAfterTheDates() throws Exception {
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    Path state = tmp.resolve("state.json");
    Path data = tmp.resolve("sandbox");
    PlatformRules rules =
        PlatformRules.defaults()
            .withNewJobsUntil(LocalDate.parse("2027-01-06"))
            .withRefuseTrainingFileContent(true);
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(8)
            .withFaultRate(0.05)
            .withSlowFaultMs(100)
            .withDataDir(data)
            .withPlatform(rules);
    // one account, seen before the dates and again (restarted from its state) after them
    try (Sandbox sandbox =
        Sandbox.start(
            cfg.withClock(Clock.fixed(Instant.parse("2027-01-05T12:00:00Z"), ZoneOffset.UTC)))) {
      assertPhasePasses(node, project, sandbox, "before", state);
    }
    try (Sandbox sandbox =
        Sandbox.start(
            cfg.withClock(Clock.fixed(Instant.parse("2027-01-14T00:00:01Z"), ZoneOffset.UTC)))) {
      assertPhasePasses(node, project, sandbox, "after", state);
    }
  }

  private void assertPhasePasses(Path node, Path project, Sandbox sandbox, String phase, Path state)
      throws Exception {
    Path log = tmp.resolve("platform-" + phase + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(List.of(node.toString(), "platform-check.mjs"))
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
    pb.environment().put("OPENAI_API_KEY", sandbox.apiKey());
    pb.environment().put("PHASE", phase);
    pb.environment().put("STATE_FILE", state.toString());
    Process p = pb.start();
    assertTrue(
        p.waitFor(120, TimeUnit.SECONDS),
        "the Node SDK platform check (" + phase + ") did not finish");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    JsonNode result =
        new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse(""));
    assertTrue(result.path("ok").asBoolean(), out);
    assertTrue(result.path("checks").asInt() >= (phase.equals("before") ? 18 : 7), out);
  }
}
