package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.TestClocks;
import dev.openaift.follow.FakeTime;
import dev.openaift.generate.GenerationPlan;
import dev.openaift.generate.Project;
import dev.openaift.models.ModelCatalog;
import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft generate} against the sandbox: the plan without --apply, the dataset with it.
 */
class GenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOPICS =
      List.of(
          "resetting a password",
          "reading an invoice",
          "exporting a backup",
          "API rate limits",
          "deleting an account",
          "two-factor login",
          "custom domains",
          "email forwarding");

  @TempDir Path tmp;

  private CliRun run(Sandbox sandbox, String... args) {
    // retries wait on a fake time that moves when slept on: no real waiting between attempts
    FakeTime time = new FakeTime(Instant.parse(TestClocks.TODAY + "T12:00:00Z").getEpochSecond());
    Map<String, String> env =
        Map.of("OPENAI_API_KEY", sandbox.apiKey(), "OPENAI_BASE_URL", sandbox.baseUrl().toString());
    return CliRun.run(CliRun.context(env).withTime(time, time), args);
  }

  private Path project(int count) throws Exception {
    assertEquals(0, CliRun.of("init", "bot", "--dir", tmp.toString()).code());
    Path config = tmp.resolve("projects/bot/generate.json");
    ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
    var topics = c.putArray("topics");
    TOPICS.forEach(topics::add);
    c.put("count", count);
    Files.writeString(config, c.toString());
    return tmp.resolve("projects/bot");
  }

  private String[] args(String... more) {
    String[] base = {"generate", "--project", "bot", "--dir", tmp.toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void withoutApplyShowsTheRequestsTokensAndCostAndSendsNothing() throws Exception {
    Path project = project(3);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args());
      assertEquals(0, r.code(), r.err());
      assertTrue(
          r.out().contains("8 topics x 3 conversations of 1 exchange = 24 conversations"), r.out());
      assertTrue(r.out().contains("gpt-4.1-mini, strict structured outputs"), r.out());
      for (String topic : TOPICS) {
        assertTrue(r.out().contains(topic), topic);
      }
      assertTrue(r.out().contains("total to send (8 requests)"), r.out());
      assertTrue(
          r.out().matches("(?s).*Estimated cost: \\$0\\.\\d{4} \\(\\$0\\.4 / \\$1\\.6 per 1M.*"),
          r.out());
      assertTrue(r.out().contains("\"tool_choice\" : {"), "the request is shown: " + r.out());
      assertTrue(r.out().contains("\"strict\" : true"), r.out());
      assertTrue(r.out().contains("Nothing was sent."), r.out());
      assertEquals(0, sandbox.faultStats().requests(), "no request at all");
      assertFalse(Files.exists(project.resolve("datasets")));
    }
  }

  @Test
  void thePlansPromptTokensAreWhatTheRunIsBilledForToAFewPercent() throws Exception {
    // every request carries the function's schema (its tools block outweighs the prompt): the
    // plan and the sandbox's usage must both count it, by the same rule, for the estimate shown
    // before sending to be the one the run reports
    project(3);
    GenerationPlan plan =
        GenerationPlan.of(Project.at(tmp, "bot").config(), ModelCatalog.builtIn());
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args("--apply"));
      assertEquals(0, r.code(), r.out() + r.err());
    }
    JsonNode report =
        JSON.readTree(tmp.resolve("projects/bot/datasets/default/generated_report.json").toFile());
    for (JsonNode sent : report.get("requests")) {
      GenerationPlan.Item planned = plan.items().get(sent.get("topic_index").asInt());
      long billed = sent.get("prompt_tokens").asLong();
      assertEquals(
          billed,
          planned.promptTokens(),
          billed * 0.03,
          planned.topic() + ": planned " + planned.promptTokens() + ", billed " + billed);
    }
    long billed = report.at("/usage/prompt_tokens").asLong();
    assertEquals(billed, plan.promptTokens(), billed * 0.03, "all " + TOPICS.size() + " requests");
  }

  @Test
  void applyWritesATrainingSetThatPassesPrepare() throws Exception {
    Path project = project(3);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args("--apply"));
      assertEquals(0, r.code(), r.out() + r.err());
      assertEquals(8, sandbox.chatCompletionsAnswered());
      Path dir = project.resolve("datasets/default");
      Path training = dir.resolve("training_set.jsonl");
      PrepareReport check =
          DatasetChecker.check(training, PrepareOptions.defaults().withModel("gpt-4.1-mini"));
      assertTrue(check.usable(), check.issues().toString());
      assertEquals(24, check.examples());
      assertEquals(
          List.of(),
          check.issues().stream()
              .filter(i -> i.kind().severity() != dev.openaift.prepare.Severity.INFO)
              .toList(),
          "no warnings either (no duplicates)");
      JsonNode first = JSON.readTree(Files.readAllLines(training, StandardCharsets.UTF_8).get(0));
      assertEquals("system", first.at("/messages/0/role").asText());
      assertTrue(
          first
              .at("/messages/0/content")
              .asText()
              .startsWith("You are the support assistant of Acme Cloud"));
      assertEquals(8, Files.readAllLines(dir.resolve("chat_completions.jsonl")).size());
      JsonNode report = JSON.readTree(dir.resolve("generated_report.json").toFile());
      assertEquals(24, report.get("kept").asInt());
      assertEquals(8, report.get("requests").size());
      assertTrue(report.at("/usage/prompt_tokens").asLong() > 0);
      assertEquals("gpt-4.1-mini", report.get("model").asText());
      assertEquals(3, report.at("/config/count").asInt());
      assertTrue(report.at("/prepare/usable").asBoolean());
      assertTrue(
          r.out().contains("Kept 24 of the 24 conversations asked for; rejected 0 conversations."),
          r.out());
      assertTrue(r.out().contains("prepare: usable"), r.out());

      CliRun again = run(sandbox, args("--apply"));
      assertEquals(5, again.code());
      assertTrue(again.err().contains("dataset \"default\" exists already"), again.err());
      assertEquals(8, sandbox.chatCompletionsAnswered(), "a finished dataset is never asked again");

      CliRun forced = run(sandbox, args("--apply", "--force"));
      assertEquals(0, forced.code(), forced.err());
      assertEquals(16, sandbox.chatCompletionsAnswered(), "--force generates it again");
    }
  }

  @Test
  void ctrlCStopsWithWhatIsKeptAndTheRerunGoesOn() throws Exception {
    project(3);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      FakeTime time = new FakeTime(Instant.parse(TestClocks.TODAY + "T12:00:00Z").getEpochSecond());
      Map<String, String> env =
          Map.of(
              "OPENAI_API_KEY", sandbox.apiKey(), "OPENAI_BASE_URL", sandbox.baseUrl().toString());
      // Ctrl-C the moment the sending starts listening for it
      CliContext pressed = CliRun.ctrlCAtOnce(CliRun.context(env).withTime(time, time));
      CliRun stopped = CliRun.run(pressed, args("--apply"));
      assertEquals(ExitCode.INTERRUPTED.code(), stopped.code(), stopped.toString());
      assertTrue(
          stopped.err().contains("interrupted; ")
              && stopped.err().contains("rerun the same command to go on"),
          stopped.err());
      assertFalse(Thread.currentThread().isInterrupted(), "the Ctrl-C is spent");
      CliRun rerun = run(sandbox, args("--apply"));
      assertEquals(0, rerun.code(), rerun.toString());
      assertTrue(sandbox.chatCompletionsAnswered() <= 8 + 4, "at most the ones in flight twice");
    }
  }

  @Test
  void malformedArgumentsAreRejectedWithTheirReason() throws Exception {
    Path project = project(3);
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxConfig.defaults()
                .withClock(TestClocks.today())
                .withSeed(5)
                .withFaultRate(0.3)
                .withSlowFaultMs(10))) {
      CliRun r = run(sandbox, args("--apply", "--concurrency", "1"));
      assertEquals(0, r.code(), r.out() + r.err());
      JsonNode report =
          JSON.readTree(project.resolve("datasets/default/generated_report.json").toFile());
      List<String> reasons =
          JSON.convertValue(
              report.findValues("reason"),
              JSON.getTypeFactory().constructCollectionType(List.class, String.class));
      assertTrue(
          reasons.stream().anyMatch(x -> x.startsWith("function arguments are not valid JSON: ")),
          reasons.toString());
      assertTrue(reasons.contains("unknown role: narrator"), reasons.toString());
      assertTrue(r.out().contains(": unknown role: narrator"), r.out());
      assertTrue(
          r.out().contains(", the whole answer: function arguments are not valid JSON"), r.out());
      int rejected = report.get("rejected").size();
      int kept = report.get("kept").asInt();
      long lines =
          Files.readAllLines(project.resolve("datasets/default/training_set.jsonl")).size();
      assertEquals(kept, lines);
      assertTrue(kept + rejected <= 24 && kept < 24, kept + " kept, " + rejected + " rejected");
      PrepareReport check =
          DatasetChecker.check(
              project.resolve("datasets/default/training_set.jsonl"), PrepareOptions.defaults());
      assertTrue(check.usable(), "what is kept passes prepare: " + check.issues());
    }
  }

  @Test
  void promptsOnlyWritesUserTurnsWithoutAnswers() throws Exception {
    Path project = project(2);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args("--apply", "--prompts-only", "--name", "eval"));
      assertEquals(0, r.code(), r.out() + r.err());
      List<String> lines = Files.readAllLines(project.resolve("datasets/eval/prompts.jsonl"));
      assertEquals(16, lines.size());
      for (String l : lines) {
        JsonNode messages = JSON.readTree(l).get("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.get(0).get("role").asText());
        assertEquals("user", messages.get(1).get("role").asText());
      }
      assertFalse(Files.exists(project.resolve("datasets/eval/training_set.jsonl")));
    }
  }

  @Test
  void aWrongConfigIsOneLineNamingTheKey() throws Exception {
    Path project = project(2);
    Path config = project.resolve("generate.json");
    ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
    c.put("template", "Topic: {{topic}} in a {{tone}} tone");
    Files.writeString(config, c.toString());
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args());
      assertEquals(5, r.code());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err().contains("generate.json: \"template\": placeholder {{tone}} has no value"),
          r.err());
      c.remove("model");
      Files.writeString(config, c.toString());
      r = run(sandbox, args("--apply"));
      assertEquals(5, r.code());
      assertTrue(r.err().contains("generate.json: \"model\": missing required key"), r.err());
      assertEquals(0, sandbox.faultStats().requests());
    }
  }

  @Test
  void aChangedConfigDoesNotSilentlyMixWithAnEarlierRun() throws Exception {
    Path project = project(2);
    Path dir = project.resolve("datasets/default");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("chat_completions.jsonl"),
        "{\"topic_index\":0,\"topic\":\"resetting a password\","
            + "\"request_sha256\":\"0000\",\"response\":{\"choices\":[]}}\n");
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()))) {
      CliRun r = run(sandbox, args("--apply"));
      assertEquals(5, r.code());
      assertTrue(
          r.err()
              .contains(
                  "cannot be continued: topic 1 (\"resetting a password\") was asked with another"
                      + " request"),
          r.err());
      assertEquals(0, sandbox.faultStats().requests());
    }
  }
}
