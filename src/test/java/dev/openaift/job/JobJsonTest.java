package dev.openaift.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's fields beyond the record's own are kept, and written back, whole. */
class JobJsonTest {
  private static final ObjectMapper JSON = Json.mapper();

  /** A reinforcement job as the API lists it, with fields the record does not name. */
  private static final String REINFORCEMENT =
      """
      {"object": "fine_tuning.job", "id": "ftjob-rft1", "model": "o4-mini-2025-04-16",
       "created_at": 1750000000, "finished_at": null, "fine_tuned_model": null,
       "organization_id": "org-1", "result_files": [], "status": "failed",
       "validation_file": "file-v", "training_file": "file-t",
       "hyperparameters": {"n_epochs": 2, "batch_size": "auto"},
       "trained_tokens": null,
       "error": {"code": "invalid_grader", "message": "The grader failed.", "param": "grader"},
       "user_provided_suffix": "rft", "seed": 42, "estimated_finish": null,
       "integrations": [{"type": "wandb", "wandb": {"project": "p", "tags": ["b", "a"]}}],
       "metadata": {"team": "x"}, "usage_metrics": null,
       "method": {"type": "reinforcement", "reinforcement": {
         "hyperparameters": {"n_epochs": 2, "batch_size": "auto", "reasoning_effort": "medium",
                             "compute_multiplier": 1.5},
         "grader": {"type": "string_check", "name": "exact", "operation": "eq",
                    "input": "{{sample.output_text}}", "reference": "{{item.answer}}"},
         "response_format": null}}}
      """;

  private static Job read(String json) throws Exception {
    return JobJson.jobFromJson(JSON.readTree(json));
  }

  @Test
  void aReinforcementJobKeepsItsGraderAndEveryOtherField() throws Exception {
    Job job = read(REINFORCEMENT);
    assertEquals("reinforcement", job.methodType());
    assertEquals("medium", job.hyperparameters().get("reasoning_effort"));
    assertEquals(
        "{\"reinforcement\":{\"grader\":{\"input\":\"{{sample.output_text}}\",\"name\":\"exact\","
            + "\"operation\":\"eq\",\"reference\":\"{{item.answer}}\",\"type\":\"string_check\"},"
            + "\"response_format\":null}}",
        job.other("method"));
    assertEquals(
        List.of("error", "integrations", "method", "usage_metrics"),
        new ArrayList<>(job.others().keySet()));

    ObjectNode written = JobJson.jobToJson(job);
    JsonNode method = written.path("method");
    assertEquals("reinforcement", method.path("type").asText());
    JsonNode rft = method.path("reinforcement");
    assertEquals(
        JSON.readTree(REINFORCEMENT).at("/method/reinforcement/grader"), rft.path("grader"));
    assertTrue(rft.has("response_format") && rft.get("response_format").isNull(), rft.toString());
    assertEquals(1.5, rft.at("/hyperparameters/compute_multiplier").asDouble());
    assertEquals(JSON.readTree(REINFORCEMENT).path("integrations"), written.path("integrations"));
    assertEquals("grader", written.at("/error/param").asText());
    assertEquals("invalid_grader", written.at("/error/code").asText());
    assertTrue(written.has("usage_metrics") && written.get("usage_metrics").isNull());
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameJob() throws Exception {
    // the backup compares a listed job with the one its marker wrote: equal when nothing changed
    Job job = read(REINFORCEMENT);
    Job again = JobJson.jobFromJson(JobJson.jobToJson(job));
    assertEquals(job, again);
    assertEquals(
        JobJson.jobToJson(job).toString(), JobJson.jobToJson(again).toString(), "a fixed point");
  }

  @Test
  void aMethodTypeWhoseObjectIsNullLeavesNothingAndStillReadsBackTheSame() throws Exception {
    Job job =
        read(
            "{\"id\": \"ftjob-2\", \"status\": \"succeeded\","
                + " \"method\": {\"type\": \"supervised\", \"supervised\": null}}");
    assertNull(job.other("method"));
    // through the bytes, as the backup's marker goes
    Job again = JobJson.jobFromJson(JSON.readTree(JSON.writeValueAsBytes(JobJson.jobToJson(job))));
    assertEquals(job, again);
    Job rft = read(REINFORCEMENT);
    assertEquals(
        rft, JobJson.jobFromJson(JSON.readTree(JSON.writeValueAsBytes(JobJson.jobToJson(rft)))));
  }

  @Test
  void whatTheListingNoLongerCarriesStaysAsArchived() {
    Map<String, String> archived =
        Map.of(
            "method", "{\"reinforcement\":{\"grader\":{\"type\":\"string_check\"}}}",
            "old_field", "1",
            "integrations", "[]");
    Map<String, String> listed =
        Map.of("method", "{\"reinforcement\":{\"response_format\":null}}", "integrations", "[2]");
    assertEquals(
        Map.of(
            "method",
            "{\"reinforcement\":{\"grader\":{\"type\":\"string_check\"},\"response_format\":null}}",
            "old_field",
            "1",
            "integrations",
            "[2]"),
        JobJson.othersOver(listed, archived));
  }

  @Test
  void aJobWithOnlyTheNamedFieldsIsWrittenAsBefore() throws Exception {
    String plain =
        """
        {"object": "fine_tuning.job", "id": "ftjob-1", "model": "gpt-4o-mini-2024-07-18",
         "created_at": 1, "status": "succeeded", "fine_tuned_model": "ft:gpt-4o-mini:o:s:1",
         "training_file": "file-t", "result_files": ["file-r"], "error": {},
         "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}}
        """;
    Job job = read(plain);
    assertEquals(Map.of(), job.others());
    assertNull(job.other("method"));
    ObjectNode written = JobJson.jobToJson(job);
    assertTrue(written.get("error").isNull(), written.toString());
    List<String> names = new ArrayList<>();
    written.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of(
            "id",
            "object",
            "created_at",
            "status",
            "model",
            "fine_tuned_model",
            "organization_id",
            "finished_at",
            "estimated_finish",
            "trained_tokens",
            "training_file",
            "validation_file",
            "result_files",
            "hyperparameters",
            "method",
            "user_provided_suffix",
            "error",
            "metadata"),
        names);
  }
}
