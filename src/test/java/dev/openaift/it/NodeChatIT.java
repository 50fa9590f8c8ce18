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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's chat as an evaluation test bed, checked by OpenAI's Node library ({@code
 * src/test/node/chat-eval-check.mjs}) on a generated support-ticket classification task, with
 * faults injected.
 */
class NodeChatIT {
  static final String REPLACEMENT = "sandbox-replacement-mini";
  private static final String[][] TEMPLATES = {
    {
      "billing",
      "I was charged twice for order %d",
      "My invoice %d shows the wrong amount",
      "Refund the payment for order %d please"
    },
    {
      "technical",
      "The app crashes when I open screen %d",
      "Error code %d appears after the update",
      "The page %d loads forever and never finishes"
    },
    {
      "account",
      "I cannot log in to account %d",
      "Please reset the password of user %d",
      "How do I change the email address of profile %d"
    },
  };

  @TempDir Path tmp;

  static String tickets(int from, int count) {
    StringBuilder sb = new StringBuilder();
    for (int n = from; n < from + count; n++) {
      String[] t = TEMPLATES[n % TEMPLATES.length];
      String text = String.format(Locale.ROOT, t[1 + (n / TEMPLATES.length) % 3], 1000 + n * 7);
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"system\",\"content\":\"Label the ticket: billing,"
                  + " technical or"
                  + " account.\"},{\"role\":\"user\",\"content\":\"%s\"},{\"role\":\"assistant\",\"content\":\"%s\"}]}%n",
              text,
              t[0]));
    }
    return sb.toString();
  }

  @Test
  void nodeSdkSeesAnHonestEvaluationTestBed() throws Exception {
    Path node = ExternalTools.node();
    Path project = ExternalTools.nodeSdkProject();
    Files.writeString(tmp.resolve("train.jsonl"), tickets(0, 90), StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("valid.jsonl"), tickets(90, 60), StandardCharsets.UTF_8);
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withClock(TestClocks.today())
            .withStepDelayMs(2)
            .withSeed(9)
            .withFaultRate(0.05)
            .withSlowFaultMs(20);
    try (Sandbox sandbox = Sandbox.start(cfg)) {
      sandbox.setChatLatencyScale(0);
      sandbox.addReplacementModel(REPLACEMENT, 0.5);
      ProcessBuilder pb =
          new ProcessBuilder(List.of(node.toString(), "chat-eval-check.mjs"))
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("node.log").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
      pb.environment().put("OPENAI_API_KEY", sandbox.apiKey());
      pb.environment().put("TRAIN_FILE", tmp.resolve("train.jsonl").toString());
      pb.environment().put("VALID_FILE", tmp.resolve("valid.jsonl").toString());
      pb.environment().put("REPLACEMENT", REPLACEMENT);
      Process p = pb.start();
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the Node SDK check did not finish");
      String log = Files.readString(tmp.resolve("node.log"), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
      JsonNode result =
          new ObjectMapper().readTree(log.strip().lines().reduce((a, b) -> b).orElse(""));
      assertTrue(result.path("ok").asBoolean(), log);
      assertTrue(result.path("checks").asInt() >= 20, log);
    }
  }
}
