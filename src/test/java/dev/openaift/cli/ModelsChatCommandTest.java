package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.ModelEntry;
import dev.openaift.job.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelsChatCommandTest {
  private static LifecycleSandbox sb;
  private static String fineTuned;
  private static String jobId;

  @BeforeAll
  static void trainAModel() {
    sb = new LifecycleSandbox();
    jobId = sb.startJob(12, Map.of("n_epochs", 2));
    Job job = sb.await(jobId, Job::isTerminal);
    assertEquals("succeeded", job.status());
    fineTuned = job.fineTunedModel();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void chatWithTheFineTunedModelAnswersFromTheTrainingData() {
    CliRun r = sb.run("chat", fineTuned, "What is the colour of planet number 7?");
    assertEquals(0, r.code(), r.toString());
    assertEquals("Planet 7 is painted shade 49.\n", r.out());
    assertEquals("", r.err());

    CliRun json =
        sb.run(
            "chat",
            fineTuned,
            "What is the colour of planet number 3?",
            "--system",
            "Be brief.",
            "--temperature",
            "0",
            "--json");
    assertEquals(0, json.code(), json.toString());
    JsonNode c = json.json();
    assertEquals("chat.completion", c.get("object").asText());
    assertEquals(
        "Planet 3 is painted shade 21.",
        c.get("choices").get(0).get("message").get("content").asText());
    assertEquals("stop", c.get("choices").get(0).get("finish_reason").asText());
    assertTrue(c.get("usage").get("total_tokens").asLong() > 0);
  }

  @Test
  void aCheckpointModelAnswersToo() {
    String checkpoint = sb.gateway.listCheckpoints(jobId).get(0).fineTunedModelCheckpoint();
    assertTrue(checkpoint.contains(":ckpt-step-"), checkpoint);
    CliRun r = sb.run("chat", checkpoint, "What is the colour of planet number 11?");
    assertEquals(0, r.code(), r.toString());
    assertEquals("Planet 11 is painted shade 77.\n", r.out());
  }

  @Test
  void maxTokensCutsTheAnswerAndSaysSo() {
    CliRun r =
        sb.run("chat", fineTuned, "What is the colour of planet number 7?", "--max-tokens", "2");
    assertEquals(0, r.code(), r.toString());
    assertTrue("Planet 7 is painted shade 49.\n".startsWith(r.out().strip()), r.out());
    assertTrue(r.out().strip().length() < "Planet 7 is painted shade 49.".length(), r.out());
    assertTrue(r.err().contains("cut at 2 tokens"), r.err());
  }

  @Test
  void chatBadInputs() {
    CliRun unknown = sb.run("chat", "ft:gpt-4o-mini-2024-07-18:org::nope", "Hello");
    assertEquals(4, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("does not exist"), unknown.err());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    CliRun temp = sb.run("chat", fineTuned, "Hello", "--temperature", "3");
    assertEquals(2, temp.code(), temp.toString());
    assertTrue(temp.err().contains("--temperature"), temp.err());
    CliRun noPrompt = sb.run("chat", fineTuned);
    assertEquals(2, noPrompt.code(), noPrompt.toString());
  }

  @Test
  void modelsListAllOrFineTuned() {
    CliRun all = sb.run("models", "list");
    assertEquals(0, all.code(), all.toString());
    assertTrue(all.out().startsWith("ID "), all.out());
    assertTrue(all.out().contains("gpt-4o-mini-2024-07-18"), all.out());
    assertTrue(all.out().contains(fineTuned), all.out());
    // today is 2026-11-29: gpt-4o-mini's 2027-01-14 is 46 days away (1 + 1 + 31 + 13), nano's
    // 2026-10-23 37 days past
    String header = all.out().lines().findFirst().orElseThrow();
    assertTrue(header.contains("SHUTDOWN") && header.endsWith("DAYS LEFT"), header);
    assertTrue(
        all.out()
            .lines()
            .anyMatch(l -> l.startsWith(fineTuned + " ") && l.matches(".*2027-01-14 +46$")),
        all.out());
    assertTrue(
        all.out()
            .lines()
            .anyMatch(
                l -> l.startsWith("gpt-4.1-nano-2025-04-14 ") && l.matches(".*2026-10-23 +-37$")),
        all.out());
    assertTrue(
        all.out().lines().anyMatch(l -> l.startsWith("sandbox-evergreen ") && l.matches(".*- +-$")),
        all.out());

    CliRun ft = sb.run("models", "list", "--fine-tuned", "--json");
    assertEquals(0, ft.code(), ft.toString());
    JsonNode list = ft.json();
    assertTrue(list.size() >= 1);
    for (JsonNode m : list) {
      assertTrue(m.get("id").asText().startsWith("ft:"), m.toString());
      assertEquals("model", m.get("object").asText());
      assertTrue(m.get("created").isIntegralNumber());
      assertTrue(m.has("owned_by"));
      assertEquals("2027-01-14", m.get("shutdown_date").asText(), "the API's own field");
    }
    JsonNode evergreen = null;
    for (JsonNode m : sb.run("models", "list", "--json").json()) {
      if (m.get("id").asText().equals("sandbox-evergreen")) {
        evergreen = m;
      }
    }
    assertTrue(
        evergreen != null
            && evergreen.has("shutdown_date")
            && evergreen.get("shutdown_date").isNull());
  }

  @Test
  void deletingABaseModelIsRefusedWithTheApiMessage() {
    CliRun r = sb.run("models", "delete", "gpt-4o-mini-2024-07-18", "--yes");
    assertEquals(4, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(
        "openai-ft: the API refused to delete model gpt-4o-mini-2024-07-18 (403 Forbidden): You"
            + " cannot delete the base model 'gpt-4o-mini-2024-07-18': only fine-tuned models can"
            + " be deleted.\n",
        r.err());
  }

  @Test
  void deletingAFineTunedModelAsksFirst() {
    String id = sb.startJob(10, Map.of("n_epochs", 1));
    String model = sb.await(id, Job::isTerminal).fineTunedModel();
    CliRun refused = sb.run("models", "delete", model);
    assertEquals(2, refused.code(), refused.toString());
    assertTrue(refused.err().contains("pass --yes"), refused.err());
    assertTrue(modelIds().contains(model));

    CliRun declined = sb.run(true, "N\n", "models", "delete", model);
    assertEquals(0, declined.code(), declined.toString());
    assertTrue(declined.err().startsWith("Delete model " + model + "? [y/N] "), declined.err());
    assertTrue(modelIds().contains(model));

    CliRun accepted = sb.run(true, "y\n", "models", "delete", model, "--json");
    assertEquals(0, accepted.code(), accepted.toString());
    assertTrue(accepted.json().get("deleted").asBoolean());
    assertEquals(model, accepted.json().get("id").asText());
    assertFalse(modelIds().contains(model));

    CliRun gone = sb.run("models", "delete", model, "--yes");
    assertEquals(4, gone.code(), gone.toString());
    assertTrue(gone.err().contains(model), gone.err());
  }

  private static List<String> modelIds() {
    return sb.gateway.listModels().stream().map(ModelEntry::id).toList();
  }
}
