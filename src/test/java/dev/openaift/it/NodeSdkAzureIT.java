package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.sandbox.PlatformRules;
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
 * The Node SDK's {@code AzureOpenAI} client against {@code openai-ft sandbox --azure} ({@code
 * src/test/node/azure-check.mjs}): the whole lifecycle on a training tier (required here), chat
 * through deployments, and Azure's answers to a wrong key and a missing or unknown api-version.
 */
class NodeSdkAzureIT {
  @TempDir Path tmp;

  @Test
  void nodeAzureClientDrivesTheAzureFlavour() throws Exception {
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    Path data = Paths.get("src/main/resources/dev/openaift/sandbox").toAbsolutePath();
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(5)
            .withApiKey("azure-sandbox-key-77")
            .withPlatform(PlatformRules.defaults().withAzureTrainingTypeRequired(true));
    try (Sandbox sandbox = Sandbox.startAzure(cfg)) {
      ProcessBuilder pb =
          new ProcessBuilder(List.of(node.toString(), "azure-check.mjs"))
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("node.log").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("AZURE_"));
      pb.environment().put("AZURE_OPENAI_ENDPOINT", sandbox.baseUrl().toString());
      pb.environment().put("AZURE_OPENAI_API_KEY", sandbox.apiKey());
      pb.environment().put("OPENAI_API_VERSION", "2024-10-21");
      pb.environment().put("TRAIN_FILE", data.resolve("demo-train.jsonl").toString());
      Process p = pb.start();
      try {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the Node SDK Azure check did not finish");
      } finally {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String log = Files.readString(tmp.resolve("node.log"), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      String last = log.strip().lines().reduce((a, b) -> b).orElse("");
      JsonNode result = new ObjectMapper().readTree(last);
      assertTrue(result.path("ok").asBoolean(), log);
      assertTrue(result.path("checks").asInt() >= 20, log);
    }
  }
}
