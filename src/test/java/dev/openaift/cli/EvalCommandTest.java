package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.job.Job;
import dev.openaift.record.Recordings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft eval} end to end against the sandbox: a model fine-tuned on a file, and its
 * base.
 */
class EvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LifecycleSandbox sb;
  private static String fineTuned;
  private static String jobId;

  @TempDir Path tmp;

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

  private Path data() throws Exception {
    Path f = tmp.resolve("train.jsonl");
    Files.writeString(f, LifecycleSandbox.examples(12), StandardCharsets.UTF_8);
    return f;
  }

  private static long lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .count();
  }

  /** {@code eval} of the base model and {@code other}, judged by {@code judge}, on {@code on}. */
  private CliRun judged(LifecycleSandbox on, String other, String judge) throws Exception {
    return on.run(
        "eval",
        "--data",
        data().toString(),
        "--model",
        LifecycleSandbox.MODEL,
        "--model",
        other,
        "--judge-model",
        judge,
        "--reports-dir",
        tmp.resolve("reports").toString(),
        "--yes");
  }

  @Test
  void aJudgeThatHasShutDownIsRefusedBeforeAnythingIsPaidFor() throws Exception {
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun r = judged(sb, fineTuned, "gpt-4.1-nano-2025-04-14");
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err().contains("--judge-model gpt-4.1-nano-2025-04-14 shut down on 2026-10-23"), r.err());
    assertTrue(r.err().contains("nothing was sent"), r.err());
    assertEquals(before, sb.sandbox.chatCompletionsAnswered(), "no answer asked for");
  }

  @Test
  void aJudgeWhoseShutdownOnlyTheModelsListKnowsIsRefusedToo() throws Exception {
    // the table has gpt-4.1-mini until 2027-01-14; this server says 2026-11-01 (28 days ago)
    try (LifecycleSandbox early =
        LifecycleSandbox.withShutdown("gpt-4.1-mini-2025-04-14", "2026-11-01", 1)) {
      CliRun r = judged(early, "gpt-4o-2024-08-06", "gpt-4.1-mini-2025-04-14");
      assertEquals(2, r.code(), r.toString());
      assertEquals(
          "openai-ft: --judge-model gpt-4.1-mini-2025-04-14 shut down on 2026-11-01 (date from the"
              + " models api): choose a judge that still answers; nothing was sent\n",
          r.err());
      assertEquals(0, early.sandbox.chatCompletionsAnswered(), "no answer asked for");
    }
  }

  @Test
  void theFineTunedModelScoresAboveItsBaseOnItsOwnData() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    Path out = tmp.resolve("out");
    CliRun r =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--model",
            fineTuned,
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString(),
            "--temperature",
            "0",
            "--yes");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("  " + LifecycleSandbox.MODEL + ": 12 requests to ask"), r.out());
    assertTrue(r.out().contains("In all: 24 requests, estimated "), r.out());

    JsonNode e = JSON.readTree(out.resolve("eval.json").toFile());
    assertEquals(12, e.get("examples").asInt());
    double base = e.at("/models/" + LifecycleSandbox.MODEL + "/metrics/token_f1/mean").asDouble();
    double ft =
        e.at("/models/" + fineTuned.replace("/", "~1") + "/metrics/token_f1/mean").asDouble();
    assertEquals(1.0, ft, "trained answers are repeated exactly");
    assertTrue(base < 0.5, "the base model answers generically: " + base);
    JsonNode exact = e.get("comparisons").get(0);
    assertEquals("exact", exact.get("metric").asText());
    assertEquals(1.0, exact.get("difference").asDouble());
    assertTrue(exact.get("ci_low").asDouble() > 0, "the interval excludes 0");
    assertEquals(12, exact.at("/mcnemar/b_only").asInt());
    assertEquals(2 * Math.pow(0.5, 12), exact.at("/mcnemar/p_value").asDouble(), 1e-15);
    assertTrue(e.at("/models/" + LifecycleSandbox.MODEL + "/usage/latency_p50_ms").isNumber());
    assertTrue(e.at("/models/" + LifecycleSandbox.MODEL + "/usage/prompt_tokens").asLong() > 0);

    List<String> csv = Files.readAllLines(out.resolve("eval.csv"), StandardCharsets.UTF_8);
    assertEquals(1 + 24, csv.size());
    assertEquals(
        "index,line,model,prompt,reference,answer,exact,normalised_exact,contains,token_f1",
        csv.get(0));

    Document page = Jsoup.parse(out.resolve("eval.html").toFile());
    assertEquals(
        List.of("metric", LifecycleSandbox.MODEL, fineTuned),
        page.select("#cell-summary thead th").eachText());
    assertFalse(page.select("#cell-disagreements tbody tr").isEmpty());

    // a rerun asks nothing: both recordings are complete
    Path ftAnswers =
        Files.list(reports.resolve("recordings"))
            .filter(p -> p.getFileName().toString().startsWith("ft_"))
            .findFirst()
            .orElseThrow();
    long before = lines(Files.list(ftAnswers).findFirst().orElseThrow().resolve("answers.jsonl"));
    CliRun again =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--model",
            fineTuned,
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(
        again.out().contains(fineTuned + ": 0 requests to ask (12 recorded before)."), again.out());
    assertFalse(again.out().contains("In all:"), again.out());
    assertEquals(
        before, lines(Files.list(ftAnswers).findFirst().orElseThrow().resolve("answers.jsonl")));

    // against the fine-tuned model's recording: how closely does the base model reproduce it?
    CliRun against =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("agree").toString());
    assertEquals(0, against.code(), against.toString());
    JsonNode a = JSON.readTree(tmp.resolve("agree/eval.json").toFile());
    assertEquals("recorded:" + fineTuned, a.get("against").asText());
    assertEquals(
        base,
        a.at("/models/" + LifecycleSandbox.MODEL + "/metrics/token_f1/mean").asDouble(),
        1e-12,
        "the fine-tuned model's answers are the expected ones");
    assertTrue(
        Jsoup.parse(tmp.resolve("agree/eval.html").toFile())
            .selectFirst("#cell-summary .heading")
            .text()
            .startsWith("Agreement with the recorded answers of " + fineTuned));
  }

  /** The file's examples as lines, then those with these 0-based positions written to a file. */
  private Path subset(String name, String examples, int... picks) throws Exception {
    List<String> all = examples.lines().toList();
    StringBuilder b = new StringBuilder();
    for (int i : picks) {
      b.append(all.get(i)).append('\n');
    }
    Path f = tmp.resolve(name);
    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
    return f;
  }

  /** The recordings of a model in the archive, whatever their data. */
  private static long recordingsOf(Path reports, String model) throws Exception {
    try (var dirs =
        Files.list(reports.resolve(Recordings.FOLDER).resolve(Recordings.folderOf(model)))) {
      return dirs.count();
    }
  }

  @Test
  void aSubsetOfARecordedFileIsJudgedAgainstTheRecordingByPrompt() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    CliRun rec =
        sb.run(
            "record",
            fineTuned,
            "--data",
            data.toString(),
            "--yes",
            "--reports-dir",
            reports.toString());
    assertEquals(0, rec.code(), rec.toString());
    assertEquals(1, recordingsOf(reports, fineTuned));

    // four of the twelve prompts, in another order: no recording of the reference on this file
    Path held = subset("held.jsonl", LifecycleSandbox.examples(12), 9, 2, 5, 0);
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun r =
        sb.run(
            "eval",
            "--data",
            held.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--margin",
            "0.02",
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("held-eval").toString(),
            "--yes");
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        4,
        sb.sandbox.chatCompletionsAnswered() - before,
        "the candidate is asked the four prompts, the reference nothing");
    assertEquals(1, recordingsOf(reports, fineTuned), "nothing recorded of the reference");
    assertTrue(
        r.out()
            .contains(
                "The reference answers (4) are "
                    + fineTuned
                    + "'s, matched by prompt in its recording of train.jsonl: "),
        r.out());
    assertFalse(r.out().contains("are neither asked nor scored"), r.out());
    assertTrue(r.out().contains("Verdicts: is each candidate at most 0.02 worse than"), r.out());
    JsonNode e = JSON.readTree(tmp.resolve("held-eval/eval.json").toFile());
    assertEquals(4, e.get("reference_answered").asInt());
    assertEquals(4, e.get("examples").asInt());
    assertFalse(e.get("verdicts").isEmpty());

    // two recorded prompts and two new ones: two references, the new ones neither asked nor scored
    Path mixed = subset("mixed.jsonl", LifecycleSandbox.examples(14), 3, 12, 7, 13);
    before = sb.sandbox.chatCompletionsAnswered();
    r =
        sb.run(
            "eval",
            "--data",
            mixed.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("mixed-eval").toString(),
            "--yes");
    assertEquals(0, r.code(), r.toString());
    assertEquals(2, sb.sandbox.chatCompletionsAnswered() - before);
    assertTrue(r.out().contains("The reference answers (2) are " + fineTuned + "'s"), r.out());
    assertTrue(
        r.out()
            .contains(
                "The recording of " + fineTuned + " answers 2 of 4 examples: the other 2 are"),
        r.out());
    e = JSON.readTree(tmp.resolve("mixed-eval/eval.json").toFile());
    assertEquals(2, e.get("reference_answered").asInt());

    // only new prompts: refused before any request
    Path fresh = subset("fresh.jsonl", LifecycleSandbox.examples(14), 12, 13);
    before = sb.sandbox.chatCompletionsAnswered();
    r =
        sb.run(
            "eval",
            "--data",
            fresh.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--reports-dir",
            reports.toString(),
            "--yes");
    assertEquals(5, r.code(), r.toString());
    assertEquals(0, sb.sandbox.chatCompletionsAnswered() - before);
    assertTrue(
        r.err().contains("no recording of " + fineTuned + " from " + sb.endpoint().shown()),
        r.err());
    assertTrue(r.err().contains("answers a prompt of " + fresh), r.err());
  }

  @Test
  void answersSampledDifferentlyAreNamedAndAnExplicitOptionARecordingCannotHonourIsRefused()
      throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    Path out = tmp.resolve("out");
    CliRun rec =
        sb.run(
            "record",
            fineTuned,
            "--data",
            data.toString(),
            "--temperature",
            "0",
            "--seed",
            "1",
            "--yes",
            "--reports-dir",
            reports.toString());
    assertEquals(0, rec.code(), rec.toString());

    // the candidate recorded now at the API's default temperature: the verdict mixes the two
    CliRun r =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--margin",
            "0.05",
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString(),
            "--yes");
    assertEquals(0, r.code(), r.toString());
    String warning =
        "warning: "
            + fineTuned
            + " was sampled with temperature 0.0, seed 1, max tokens none, "
            + LifecycleSandbox.MODEL
            + " with temperature default, seed none, max tokens none: their comparison mixes"
            + " sampling with quality";
    assertTrue(r.out().contains(warning), r.out());
    assertTrue(
        r.out().indexOf(warning) < r.out().indexOf("  " + LifecycleSandbox.MODEL + ": "),
        "said before the price: " + r.out());
    JsonNode e = JSON.readTree(out.resolve("eval.json").toFile());
    JsonNode reference = e.at("/sampling/" + fineTuned.replace("/", "~1"));
    assertEquals(0.0, reference.get("temperature").asDouble());
    assertEquals(1, reference.get("seed").asLong());
    assertTrue(reference.get("max_tokens").isNull(), e.toString());
    JsonNode candidate = e.at("/sampling/" + LifecycleSandbox.MODEL);
    assertTrue(candidate.get("temperature").isNull(), e.toString());
    assertTrue(candidate.get("seed").isNull(), e.toString());

    // an explicit --temperature/--seed the candidate's recording was not made with: refused
    // before anything is priced, instead of silently reusing the default-temperature answers
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun again =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--margin",
            "0.05",
            "--temperature",
            "0",
            "--seed",
            "1",
            "--reports-dir",
            reports.toString(),
            "--dry-run");
    assertEquals(2, again.code(), again.toString());
    assertTrue(
        again.err().contains("--model " + LifecycleSandbox.MODEL + ": its recording in "),
        again.err());
    assertTrue(
        again
            .err()
            .contains(
                " was made with temperature default, seed none, max tokens none, not --temperature"
                    + " 0.0 --seed 1 as given, and a recording keeps its own parameters: leave"
                    + " those options out to use it as it is, or give another --reports-dir to"
                    + " record anew; nothing was sent"),
        again.err());
    assertEquals(1, again.err().lines().count(), again.err());
    assertFalse(again.out().contains("requests to ask"), again.out());
    assertEquals(before, sb.sandbox.chatCompletionsAnswered());

    // an option the recording agrees with is no conflict; two candidates sampled differently
    // are named the same way
    CliRun pair =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            fineTuned,
            "--model",
            LifecycleSandbox.MODEL,
            "--max-tokens",
            "64",
            "--reports-dir",
            reports.toString(),
            "--dry-run");
    assertEquals(2, pair.code(), pair.toString());
    assertEquals(2, pair.err().lines().count(), "one line per model: " + pair.err());
    CliRun agreeing =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            fineTuned,
            "--model",
            LifecycleSandbox.MODEL,
            "--seed",
            "1",
            "--reports-dir",
            reports.toString(),
            "--dry-run");
    assertEquals(2, agreeing.code(), agreeing.toString());
    assertTrue(
        agreeing.err().contains("--model " + LifecycleSandbox.MODEL + ": ")
            && !agreeing.err().contains("--model " + fineTuned + ":"),
        "only the recording made without a seed: " + agreeing.err());
    CliRun both =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            fineTuned,
            "--model",
            LifecycleSandbox.MODEL,
            "--reports-dir",
            reports.toString(),
            "--dry-run");
    assertEquals(0, both.code(), both.toString());
    assertTrue(
        both.out()
            .contains(
                "warning: "
                    + fineTuned
                    + " was sampled with temperature 0.0, seed 1, max tokens none, "
                    + LifecycleSandbox.MODEL
                    + " with temperature default, seed none, max tokens none"),
        both.out());
  }

  @Test
  void dryRunNeedsNoKeyAndWritesNothing() throws Exception {
    Path data = data();
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "eval",
            "--data",
            data.toString(),
            "--model",
            "gpt-4o-mini-2024-07-18",
            "--model",
            "ft:gpt-4o-mini-2024-07-18:org::abc",
            "--judge-model",
            "gpt-4.1-2025-04-14",
            "--reports-dir",
            tmp.resolve("reports").toString(),
            "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "judge gpt-4.1-2025-04-14: 24 questions (each pair of answers in both orders)"),
        r.out());
    assertTrue(r.out().contains("In all: 48 requests, estimated "), r.out());
    assertTrue(r.out().contains("Dry run: nothing was sent or written."), r.out());
    assertFalse(Files.exists(tmp.resolve("reports")));
  }

  @Test
  void badUsageNamesTheOption() throws Exception {
    Path data = data();
    CliRun r =
        CliRun.withEnv(
            Map.of(), "eval", "--data", data.toString(), "--model", "m", "--metric", "bleu");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--metric: unknown metric 'bleu'"), r.err());
    r =
        CliRun.withEnv(
            Map.of(), "eval", "--data", data.toString(), "--model", "m", "--judge-model", "j");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("--judge-model compares two answers: give two --model or more"), r.err());
    r =
        CliRun.withEnv(
            Map.of(), "eval", "--data", data.toString(), "--model", "m", "--against", "other");
    assertEquals(2, r.code());
    r =
        CliRun.withEnv(
            Map.of(), "eval", "--data", tmp.resolve("missing.jsonl").toString(), "--model", "m");
    assertEquals(5, r.code());
    r =
        CliRun.withEnv(
            Map.of(),
            "eval",
            "--data",
            data.toString(),
            "--model",
            "m",
            "--against",
            "recorded:gone",
            "--reports-dir",
            tmp.toString());
    assertEquals(5, r.code());
    assertTrue(
        r.err().contains("no recording of gone from https://api.openai.com/v1 for"), r.err());
    assertTrue(r.err().contains("openai-ft record gone --data"), r.err());
  }

  @Test
  void aVerdictFailsTheRunForCiWhenAsked() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    Path out = tmp.resolve("out");
    // the fine-tuned model is the reference (first), its base the candidate: far worse
    CliRun r =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            fineTuned,
            "--model",
            LifecycleSandbox.MODEL,
            "--metric",
            "exact,token_f1",
            "--margin",
            "0.05",
            "--fail-on",
            "fail",
            "--temperature",
            "0",
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString(),
            "--yes");
    assertEquals(6, r.code(), r.toString());
    assertTrue(r.err().contains("2 verdicts of 2 failed (--fail-on fail)"), r.err());
    assertTrue(r.out().contains("  FAIL  " + LifecycleSandbox.MODEL + ": exact"), r.out());
    assertTrue(r.out().contains("upper bound -1.0000 is below -0.05"), r.out());
    JsonNode e = JSON.readTree(out.resolve("eval.json").toFile());
    assertEquals(2, e.get("verdicts").size());
    for (JsonNode v : e.get("verdicts")) {
      assertEquals("FAIL", v.get("verdict").asText());
      assertEquals(fineTuned, v.get("reference").asText());
      assertEquals(LifecycleSandbox.MODEL, v.get("candidate").asText());
      assertEquals(12, v.get("n").asInt());
      assertTrue(v.get("examples_to_settle").isNull());
      assertTrue(v.get("upper_bound").asDouble() < -0.05);
    }
    assertEquals(
        -1.0, e.at("/verdicts/0/lower_bound").asDouble(), 1e-12, "exact: 0 vs 1 everywhere");
    assertTrue(e.get("verdict_test").asText().contains("PASS: in 95% of those draws"));
    org.jsoup.nodes.Document page = Jsoup.parse(out.resolve("eval.html").toFile());
    assertEquals(
        List.of("FAIL", "FAIL"), page.select("#cell-verdicts tbody tr td:nth-child(3)").eachText());
    assertTrue(
        Files.readString(out.resolve("eval.ipynb")).contains("Verdicts against " + fineTuned),
        "the notebook has the cell");

    // the same verdicts without --fail-on: the run succeeds; reversed, the fine-tune passes
    CliRun lenient =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--model",
            fineTuned,
            "--metric",
            "exact",
            "--margin",
            "0",
            "--fail-on",
            "inconclusive",
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("out2").toString());
    assertEquals(0, lenient.code(), lenient.toString());
    assertTrue(lenient.out().contains("  PASS  " + fineTuned + ": exact"), lenient.out());
  }

  @Test
  void verdictOptionsAreChecked() throws Exception {
    Path data = data();
    String[][] bad = {
      {"--model", "m", "--margin", "0.05"},
      {"--model", "m", "--model", "n", "--margin", "1.5"},
      {"--model", "m", "--model", "n", "--margin", "-0.1"},
      {"--model", "m", "--model", "n", "--fail-on", "fail"},
      {"--model", "m", "--model", "n", "--margin", "0.1", "--fail-on", "never"},
      {"--model", "m@http://127.0.0.1:1/v1", "--model", "m@http://127.0.0.1:1/v1/"},
      {"--model", "@http://127.0.0.1:1/v1"},
    };
    String[] says = {
      "--margin judges candidates against a reference",
      "--margin must be at least 0 and below 1",
      "--margin must be at least 0 and below 1",
      "--fail-on needs --margin",
      "--fail-on must be 'fail' or 'inconclusive'",
      "is given twice",
      "no model name before the @",
    };
    for (int i = 0; i < bad.length; i++) {
      List<String> args = new java.util.ArrayList<>(List.of("eval", "--data", data.toString()));
      args.addAll(List.of(bad[i]));
      args.addAll(List.of("--reports-dir", tmp.toString(), "--dry-run"));
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertEquals(2, r.code(), String.join(" ", bad[i]) + ": " + r);
      assertTrue(r.err().contains(says[i]), r.err());
    }
  }

  @Test
  void judgeAndJobAttachment() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    CliRun report = sb.run("report", jobId, "--reports-dir", reports.toString());
    assertEquals(0, report.code(), report.toString());
    CliRun r =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--model",
            fineTuned,
            "--judge-model",
            LifecycleSandbox.MODEL,
            "--metric",
            "exact,token_f1",
            "--job",
            jobId,
            "--reports-dir",
            reports.toString(),
            "--yes");
    assertEquals(0, r.code(), r.toString());
    Path jobDir = reports.resolve(jobId);
    Path evals = jobDir.resolve("evals");
    Path evalDir = Files.list(evals).findFirst().orElseThrow();
    JsonNode e = JSON.readTree(evalDir.resolve("eval.json").toFile());
    assertTrue(e.at("/judge/user").asText().contains("Which answer matches the reference better?"));
    // the sandbox's base model answers with prose, not "1", "2" or "tie": every verdict is
    // unreadable
    // (verdicts, preferences and their interval are unit-tested in JudgeTest)
    assertEquals(24, e.at("/judge/pairs/0/unreadable").asInt());
    assertEquals(0, e.at("/judge/pairs/0/n").asInt());
    assertEquals(24, lines(evalDir.resolve("judge.jsonl")), "each pair asked in both orders");
    // paid for every question: stdout says what the judge gave, and that it rests on nothing
    assertTrue(
        r.out()
            .contains(
                "judge "
                    + LifecycleSandbox.MODEL
                    + ", "
                    + LifecycleSandbox.MODEL
                    + " vs "
                    + fineTuned
                    + ": 0 of 12 examples judged; "
                    + fineTuned
                    + " better in both orders 0, "
                    + LifecycleSandbox.MODEL
                    + " better in both 0, split 0, tie or mixed 0; 24 of 24 replies unreadable"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "warning: the judge could not be read in 24 of its 24 replies about "
                    + LifecycleSandbox.MODEL
                    + " vs "
                    + fineTuned
                    + " (it did not answer 1, 2 or tie): its preference rests on 0 examples of"
                    + " 12"),
        r.out());

    Document page = Jsoup.parse(jobDir.resolve("index.html").toFile());
    assertFalse(page.select("section.evaluation").isEmpty());
    assertEquals(
        "evals/" + evalDir.getFileName() + "/eval.html",
        page.selectFirst("section.evaluation a").attr("href"));
    JsonNode nb = JSON.readTree(jobDir.resolve("report.ipynb").toFile());
    assertTrue(nb.toString().contains("evals/" + evalDir.getFileName() + "/eval.csv"));
    Document index = Jsoup.parse(reports.resolve("index.html").toFile());
    assertEquals(
        jobId + "/evals/" + evalDir.getFileName() + "/eval.html",
        index.selectFirst("a.evaluation").attr("href"));

    // a rerun pays the judge nothing more
    CliRun again =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--model",
            fineTuned,
            "--judge-model",
            LifecycleSandbox.MODEL,
            "--metric",
            "exact,token_f1",
            "--job",
            jobId,
            "--reports-dir",
            reports.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(
        again.out().contains("judge " + LifecycleSandbox.MODEL + ": 0 questions"), again.out());
    assertEquals(24, lines(evalDir.resolve("judge.jsonl")));
  }

  @Test
  void ctrlCWhileRecordingStopsWithWhatIsKeptAndWritesNoResults() throws Exception {
    Path data = data();
    Path out = tmp.resolve("out");
    // Ctrl-C comes the moment the recording starts listening for it
    CliContext pressed = CliRun.ctrlCAtOnce(sb.context(false));
    CliRun r =
        LifecycleSandbox.run(
            pressed,
            UserInput.of(""),
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--reports-dir",
            tmp.resolve("reports").toString(),
            "--out",
            out.toString(),
            "--yes");
    assertEquals(ExitCode.INTERRUPTED.code(), r.code(), r.toString());
    assertTrue(
        r.err()
            .matches(
                "(?s).*openai-ft: interrupted; \\d+ of 12 answers of "
                    + LifecycleSandbox.MODEL
                    + " are recorded, rerun the same command to go on\n.*"),
        r.err());
    assertEquals(
        1,
        r.err().lines().filter(l -> l.startsWith("openai-ft: ")).count(),
        "said once: " + r.err());
    assertFalse(Files.exists(out.resolve("eval.json")), "no results from a stopped run");
  }

  @Test
  void ctrlCWhileJudgingStopsWithWhatIsKept() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    String[] line = {
      "eval",
      "--data",
      data.toString(),
      "--model",
      LifecycleSandbox.MODEL,
      "--model",
      fineTuned,
      "--reports-dir",
      reports.toString(),
      "--out",
      tmp.resolve("out").toString(),
      "--yes"
    };
    // the answers first, without a judge: then the judge is the first to listen for Ctrl-C
    assertEquals(0, sb.run(line).code());
    CliContext pressed = CliRun.ctrlCAtOnce(sb.context(false));
    String[] judged = java.util.Arrays.copyOf(line, line.length + 2);
    judged[line.length] = "--judge-model";
    judged[line.length + 1] = LifecycleSandbox.MODEL;
    CliRun r = LifecycleSandbox.run(pressed, UserInput.of(""), judged);
    assertEquals(ExitCode.INTERRUPTED.code(), r.code(), r.toString());
    assertTrue(
        r.err().contains("interrupted; the judge's replies so far are kept in")
            && r.err().contains("judge.jsonl, rerun the same command to go on"),
        r.err());
    assertFalse(Thread.currentThread().isInterrupted(), "the Ctrl-C is spent");
  }
}
