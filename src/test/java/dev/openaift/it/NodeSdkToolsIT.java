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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's function calling, seen by OpenAI's Node SDK ({@code
 * src/test/node/tools-check.mjs}): the forced tool call's wire shape and schema-valid arguments on
 * a clean sandbox, and both kinds of malformed arguments under {@code --faults}.
 */
class NodeSdkToolsIT {
  @TempDir Path tmp;

  @Test
  void forcedFunctionCallsHaveTheServiceShape() throws Exception {
    JsonNode result = run("clean", SandboxConfig.defaults().withClock(TestClocks.today()));
    assertTrue(result.path("checks").asInt() >= 14, result.toString());
  }

  @Test
  void faultsMalformSomeArgumentsInBothDocumentedWays() throws Exception {
    JsonNode result =
        run(
            "faults",
            SandboxConfig.defaults()
                .withClock(TestClocks.today())
                .withSeed(5)
                .withFaultRate(0.3)
                .withSlowFaultMs(50));
    assertTrue(
        result.path("invalid JSON").asInt() > 0 && result.path("role outside the enum").asInt() > 0,
        result.toString());
    assertTrue(result.path("valid").asInt() > 0, result.toString());
  }

  private JsonNode run(String mode, SandboxConfig cfg) throws Exception {
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    try (Sandbox sandbox = Sandbox.start(cfg)) {
      Path logFile = tmp.resolve(mode + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(List.of(node.toString(), "tools-check.mjs"))
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
      pb.environment().put("OPENAI_API_KEY", sandbox.apiKey());
      pb.environment().put("MODE", mode);
      Process p = pb.start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the Node SDK tools check did not finish");
      String log = Files.readString(logFile, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      JsonNode result =
          new ObjectMapper().readTree(log.strip().lines().reduce((a, b) -> b).orElse(""));
      assertTrue(result.path("ok").asBoolean(), log);
      return result;
    }
  }
}
