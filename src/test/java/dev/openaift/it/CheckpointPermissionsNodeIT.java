package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's checkpoint permissions endpoint, as OpenAI's Node SDK calls it with an admin key
 * ({@code src/test/node/checkpoint-permissions.mjs}), while faults are injected.
 */
class CheckpointPermissionsNodeIT {
  @TempDir Path tmp;

  @Test
  void nodeSdkReadsCheckpointPermissions() throws Exception {
    Path data = Paths.get("src/main/resources/dev/openaift/sandbox").toAbsolutePath();
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withClock(TestClocks.today())
            .withStepDelayMs(5)
            .withSeed(9)
            .withFaultRate(0.1)
            .withSlowFaultMs(100);
    try (Sandbox sandbox = Sandbox.start(cfg)) {
      Path logFile = tmp.resolve("node.log");
      int code =
          ExternalTools.runNodeScript(
              "checkpoint-permissions.mjs",
              Map.of(
                  "OPENAI_BASE_URL",
                  sandbox.baseUrl().toString(),
                  "OPENAI_API_KEY",
                  sandbox.apiKey(),
                  "OPENAI_ADMIN_KEY",
                  sandbox.apiKey(),
                  "TRAIN_FILE",
                  data.resolve("demo-train.jsonl").toString()),
              logFile);
      String log = Files.readString(logFile, StandardCharsets.UTF_8);
      assertEquals(0, code, log);
      String last = log.strip().lines().reduce((a, b) -> b).orElse("");
      JsonNode result = new ObjectMapper().readTree(last);
      assertTrue(result.path("ok").asBoolean(), log);
      assertTrue(result.path("checks").asInt() >= 3, log);
    }
  }
}
