package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ChatMessage;
import dev.openaift.job.Job;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingJson;
import dev.openaift.record.Recordings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft distill}: a fine-tune's recording on the sandbox becomes train / validation /
 * hold-out files; the files are checked line by line against the recording.
 */
class DistillCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LifecycleSandbox sb;
  static String jobId;
  static String fineTuned;
  static Path reports;
  static Path data;

  @BeforeAll
  static void trainAndRecord() {
    sb = new LifecycleSandbox();
    jobId = sb.startJob(12, Map.of("n_epochs", 2));
    Job job = sb.await(jobId, Job::isTerminal);
    assertEquals("succeeded", job.status());
    fineTuned = job.fineTunedModel();
    reports = dir.resolve("reports");
    // 40 prompts, the 7th repeated at the end: the repeat must not appear twice
    String lines = LifecycleSandbox.examples(40);
    String seventh = lines.lines().toList().get(6);
    data = LifecycleSandbox.write(dir.resolve("prompts.jsonl"), lines + seventh + "\n");
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
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private static Recording recording() {
    return Recording.read(
        Recordings.dir(reports, sb.endpoint(), fineTuned, ChatData.read(data).sha256()));
  }

  private static CliRun distill(String... args) {
    List<String> all = new ArrayList<>(List.of("distill"));
    all.addAll(List.of(args));
    all.addAll(List.of("--reports-dir", reports.toString()));
    return sb.run(all.toArray(String[]::new));
  }

  /** The lines of a written file: prompt hash -> answer. */
  private static Map<String, String> read(Path file) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode messages = JSON.readTree(line).path("messages");
      List<ChatMessage> prompt = new ArrayList<>();
      for (int i = 0; i < messages.size() - 1; i++) {
        prompt.add(
            ChatMessage.of(
                messages.get(i).path("role").asText(), messages.get(i).path("content").asText()));
      }
      JsonNode last = messages.get(messages.size() - 1);
      assertEquals("assistant", last.path("role").asText(), line);
      String hash = RecordingJson.promptHash(prompt);
      assertFalse(out.containsKey(hash), "a prompt twice in " + file);
      out.put(hash, last.path("content").asText());
    }
    return out;
  }

  @Test
  void everyPromptOnceWithTheRecordedAnswerAndTheHoldOutKeptOut() throws Exception {
    Path out = dir.resolve("set");
    CliRun r = distill(fineTuned, "--out", out.toString(), "--holdout", "0.2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().contains("distill: 28 training, 4 validation, 8 hold-out (seed 42)"), r.out());
    assertTrue(r.out().contains("left out: 1 repeated prompt(s), 0 prompt(s) without"), r.out());

    Map<String, String> train = read(out.resolve("data/train.jsonl"));
    Map<String, String> valid = read(out.resolve("data/validation.jsonl"));
    Map<String, String> hold = read(out.resolve("holdout.jsonl"));
    Set<String> all = new HashSet<>();
    for (Map<String, String> part : List.of(train, valid, hold)) {
      for (String h : part.keySet()) {
        assertTrue(all.add(h), "a prompt in two parts");
      }
    }
    Set<String> distinct = new HashSet<>();
    ChatData.read(data).examples().stream().map(ChatExample::promptHash).forEach(distinct::add);
    assertEquals(distinct, all, "every prompt of the data file exactly once");
    assertEquals(40, all.size());

    Recording rec = recording();
    Map<String, String> recorded = new HashMap<>();
    for (RecordedAnswer a : rec.answers()) {
      recorded.putIfAbsent(a.promptHash(), a.answer());
    }
    for (Map<String, String> part : List.of(train, valid, hold)) {
      part.forEach(
          (h, answer) ->
              assertArrayEquals(
                  recorded.get(h).getBytes(StandardCharsets.UTF_8),
                  answer.getBytes(StandardCharsets.UTF_8),
                  "the recorded answer, byte for byte"));
    }

    JsonNode manifest = JSON.readTree(out.resolve("distill.json").toFile());
    assertEquals(
        dev.openaift.io.Sha256.hex(Files.readAllBytes(out.resolve("holdout.jsonl"))),
        manifest.path("sha256").path("holdout.jsonl").asText());
    assertEquals(8, manifest.path("holdout_indices").size());
    assertEquals(fineTuned, manifest.path("source").path("model").asText());

    String readme = Files.readString(out.resolve("README.md"));
    assertTrue(
        readme.contains("trl sft \\\n  --model_name_or_path Qwen/Qwen2.5-1.5B-Instruct"), readme);
    assertTrue(readme.contains("--dataset_name data"), readme);
    assertTrue(readme.contains("--dataset_test_split validation"), readme);
    assertTrue(readme.contains("openai-ft report run"), readme);
    assertTrue(readme.contains("openai-ft eval --data holdout.jsonl --model distilled"), readme);
    assertTrue(readme.contains("type: chat_template"), readme);
  }

  @Test
  void theReadmesEvalCommandJudgesAReplacementOnTheHoldOutWithoutAskingTheOriginal()
      throws Exception {
    Path out = dir.resolve("judged");
    CliRun r = distill(fineTuned, "--out", out.toString(), "--holdout", "0.2");
    assertEquals(0, r.code(), r.toString());
    String readme = Files.readString(out.resolve("README.md"));
    String served = "distilled@http://localhost:8000/v1";
    String against = "recorded:" + fineTuned + "@" + sb.endpoint().baseUrl();
    String shown =
        "openai-ft eval --data holdout.jsonl --model "
            + served
            + " --api-key local \\\n  --against "
            + against
            + " --margin 0.02\n";
    assertTrue(readme.contains(shown), readme);

    // the README's command, run from the folder, with the base model standing in for the served
    // replacement (on the sandbox, whose key it needs instead of "local")
    List<String> args = new ArrayList<>();
    String command = shown.replace("\\\n", " ").strip();
    for (String word : command.substring("openai-ft ".length()).split("\\s+")) {
      args.add(
          switch (word) {
            case "holdout.jsonl" -> out.resolve("holdout.jsonl").toString();
            case "distilled@http://localhost:8000/v1" -> LifecycleSandbox.MODEL;
            default -> word;
          });
    }
    int key = args.indexOf("--api-key");
    args.subList(key, key + 2).clear();
    args.addAll(
        List.of(
            "--reports-dir",
            reports.toString(),
            "--out",
            dir.resolve("judged-eval").toString(),
            "--yes"));
    Path originals = reports.resolve(Recordings.FOLDER).resolve(Recordings.folderOf(fineTuned));
    long recordings;
    try (Stream<Path> d = Files.list(originals)) {
      recordings = d.count();
    }
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun e = sb.run(args.toArray(String[]::new));
    assertEquals(0, e.code(), e.toString());
    assertEquals(
        8,
        sb.sandbox.chatCompletionsAnswered() - before,
        "the replacement answers the 8 held-out prompts; the original is not asked");
    try (Stream<Path> d = Files.list(originals)) {
      assertEquals(recordings, d.count(), "nothing recorded of the original");
    }
    assertTrue(e.out().contains("The reference answers (8) are " + fineTuned + "'s"), e.out());
    assertTrue(e.out().contains("Verdicts: is each candidate at most 0.02 worse than"), e.out());
    JsonNode eval = JSON.readTree(dir.resolve("judged-eval/eval.json").toFile());
    assertEquals(8, eval.get("reference_answered").asInt());
    assertEquals("recorded:" + fineTuned, eval.get("against").asText());
    assertFalse(eval.get("verdicts").isEmpty());
    for (JsonNode v : eval.get("verdicts")) {
      assertTrue(Set.of("PASS", "FAIL", "INCONCLUSIVE").contains(v.get("verdict").asText()));
    }
  }

  @Test
  void theSameSeedGivesTheSameFilesAnotherSeedAnotherHoldOut() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    assertEquals(0, distill(fineTuned, "--out", a.toString(), "--seed", "5").code());
    assertEquals(0, distill(fineTuned, "--out", b.toString(), "--seed", "5").code());
    assertEquals(0, distill(fineTuned, "--out", c.toString(), "--seed", "6").code());
    for (String f :
        List.of(
            "data/train.jsonl",
            "data/validation.jsonl",
            "holdout.jsonl",
            "README.md",
            "distill.json")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
    assertNotEquals(
        Files.readString(a.resolve("holdout.jsonl")), Files.readString(c.resolve("holdout.jsonl")));
  }

  @Test
  void anExistingFolderIsKeptUnlessForcedAndNothingHalfWrittenIsLeft() throws Exception {
    Path out = dir.resolve("kept");
    Files.createDirectories(out);
    Files.writeString(out.resolve("mine.txt"), "my notes");
    CliRun refused = distill(fineTuned, "--out", out.toString());
    assertEquals(2, refused.code(), refused.toString());
    assertTrue(refused.err().contains("--out " + out + " already exists"), refused.err());
    assertEquals("my notes", Files.readString(out.resolve("mine.txt")));

    CliRun tooMany =
        distill(
            fineTuned,
            "--out",
            dir.resolve("never").toString(),
            "--holdout",
            "0.5",
            "--validation",
            "0.5");
    assertEquals(2, tooMany.code(), tooMany.toString());
    assertFalse(Files.exists(dir.resolve("never")));

    CliRun forced = distill(fineTuned, "--out", out.toString(), "--force");
    assertEquals(0, forced.code(), forced.toString());
    assertFalse(Files.exists(out.resolve("mine.txt")));
    assertTrue(Files.isRegularFile(out.resolve("holdout.jsonl")));
    try (Stream<Path> s = Files.list(dir)) {
      List<String> leftovers =
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(), leftovers, "no staging or old folder left behind");
    }
  }

  @Test
  void aJobsBackedUpTrainingFileExportsTheSameWay() throws Exception {
    CliRun backup = sb.run("backup", "--jobs", jobId, "--reports-dir", reports.toString());
    assertEquals(0, backup.code(), backup.toString());
    Path out = dir.resolve("from-job");
    CliRun r = distill("--job", jobId, "--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("from the training file of " + jobId), r.out());
    Map<String, String> all = new HashMap<>();
    all.putAll(read(out.resolve("data/train.jsonl")));
    all.putAll(read(out.resolve("data/validation.jsonl")));
    all.putAll(read(out.resolve("holdout.jsonl")));
    ChatData training = ChatData.read(writeExamples(12));
    assertEquals(12, all.size());
    for (ChatExample e : training.examples()) {
      assertEquals(e.expected(), all.get(e.promptHash()));
    }
  }

  private static Path writeExamples(int n) {
    return LifecycleSandbox.write(
        dir.resolve("train-" + n + ".jsonl"), LifecycleSandbox.examples(n));
  }

  @Test
  void aModelWithoutARecordingIsNamedWithTheCommandThatMakesOne() {
    CliRun r =
        distill("ft:gpt-4o-mini-2024-07-18:org:none:zzz", "--out", dir.resolve("x").toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("no recording of ft:gpt-4o-mini-2024-07-18:org:none:zzz"), r.err());
    assertTrue(
        r.err().contains("openai-ft record ft:gpt-4o-mini-2024-07-18:org:none:zzz --data FILE"),
        r.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }
}
