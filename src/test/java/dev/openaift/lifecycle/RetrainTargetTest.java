package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import dev.openaift.job.Job;
import dev.openaift.job.JobJson;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The model and tier a retrain targets, and each reason there is none. */
class RetrainTargetTest {
  private static final AzureFineTuning AZURE = AzureFineTuning.builtIn();
  private static final LocalDate BEFORE_ANY_END = LocalDate.of(2027, 3, 1);

  private static Retrain.Source source(String model) {
    ObjectNode json = Json.mapper().createObjectNode().put("id", "ftjob-origin");
    json.put("status", "succeeded").put("training_file", "file-t").put("model", model);
    Job job = JobJson.jobFromJson(json);
    return new Retrain.Source(job, Path.of("reports", "ftjob-origin"), null, null);
  }

  private static String refusal(
      Retrain.Source source, String model, String tier, boolean azure, LocalDate today) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> RetrainTarget.choose(source, model, tier, azure, AZURE, today))
        .getMessage();
  }

  @Test
  void theJobsOwnBaseModelUnlessOneIsAsked() {
    Retrain.Source s = source("gpt-4o-mini-2024-07-18");
    assertEquals(
        new RetrainTarget("gpt-4o-mini-2024-07-18", null),
        RetrainTarget.choose(s, null, null, false, AZURE, BEFORE_ANY_END));
    assertEquals(
        new RetrainTarget("gpt-4.1-2025-04-14", null),
        RetrainTarget.choose(s, " gpt-4.1-2025-04-14 ", null, false, AZURE, BEFORE_ANY_END));
  }

  @Test
  void onAzureItsNameForTheModelAndTheDefaultTier() {
    assertEquals(
        new RetrainTarget("gpt-4o-mini-2024-07-18", "globalstandard"),
        RetrainTarget.choose(source("gpt-4o-mini"), null, null, true, AZURE, BEFORE_ANY_END));
    assertEquals(
        "developerTier",
        RetrainTarget.choose(
                source("gpt-4o-mini"), null, "DEVELOPERTIER", true, AZURE, BEFORE_ANY_END)
            .tier());
  }

  @Test
  void eachReasonForNoTargetIsSaid() {
    assertEquals(
        "--model must not be empty",
        refusal(source("gpt-4o-mini"), " ", null, false, BEFORE_ANY_END));
    assertEquals(
        "the archived job ftjob-origin names no model: give --model",
        refusal(source(null), null, null, false, BEFORE_ANY_END));
    assertTrue(
        refusal(source("ft:gpt-4o-mini-2024-07-18:org::abc"), null, null, false, BEFORE_ANY_END)
            .startsWith("job ftjob-origin continued training ft:gpt-4o-mini-2024-07-18:org::abc"));
    assertEquals(
        "--training-type is for Azure OpenAI only: add --provider azure",
        refusal(source("gpt-4o-mini"), null, "standard", false, BEFORE_ANY_END));
    String ended = refusal(source("gpt-4o-2024-08-06"), null, null, true, LocalDate.of(2027, 4, 2));
    assertTrue(
        ended.startsWith("cannot retrain ftjob-origin on Azure: Azure OpenAI stopped"), ended);
    assertTrue(ended.endsWith("; nothing was uploaded (choose one with --model)"), ended);
  }
}
