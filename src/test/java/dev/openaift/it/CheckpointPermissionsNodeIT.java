package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    Path data = Paths.get("src/main/resources/dev/openaift/sandbox").toAbsolutePath();
    SandboxConfig cfg = SandboxConfig.defaults().withStepDelayMs(5).withSeed(9).withFaultRate(0.1).withSlowFaultMs(100);
    try (Sandbox sandbox = Sandbox.start(cfg)) {
      ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), "checkpoint-permissions.mjs"))
          .directory(project.toFile())
          .redirectErrorStream(true)
          .redirectOutput(tmp.resolve("node.log").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
      pb.environment().put("OPENAI_API_KEY", sandbox.apiKey());
      pb.environment().put("OPENAI_ADMIN_KEY", sandbox.apiKey());
      pb.environment().put("TRAIN_FILE", data.resolve("demo-train.jsonl").toString());
      Process p = pb.start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the Node SDK check did not finish");
      String log = Files.readString(tmp.resolve("node.log"), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      String last = log.strip().lines().reduce((a, b) -> b).orElse("");
      JsonNode result = new ObjectMapper().readTree(last);
      assertTrue(result.path("ok").asBoolean(), log);
      assertTrue(result.path("checks").asInt() >= 3, log);
    }
  }
}
