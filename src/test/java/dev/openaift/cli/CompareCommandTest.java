package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.job.Job;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/jobs");
  private static final String SUCCEEDED = "ftjob-Qk7sLmN2pX4rT9vB";
  private static final String OVERFIT = "ftjob-Ov3rF1tJ0b5xYz88";

  @TempDir Path tmp;

  /**
   * The two fixture jobs archived as `report JOB_ID` leaves them (raw files only, no report yet).
   */
  private Path archive() throws Exception {
    Path reports = tmp.resolve("reports");
    for (String[] j :
        List.of(new String[] {"succeeded", SUCCEEDED}, new String[] {"overfit", OVERFIT})) {
      Path dst = Files.createDirectories(reports.resolve(j[1]));
      for (String f : List.of("job.json", "events.jsonl", "checkpoints.json", "results.csv")) {
        Files.copy(FIXTURES.resolve(j[0]).resolve(f), dst.resolve(f));
      }
    }
    return reports;
  }

  @Test
  void anOpenAiJobAgainstATrainerRunItsReplacementWasTrainedIn() throws Exception {
    Path reports = archive();
    Path lora = tmp.resolve("outputs/lora-run");
    try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/trainer/lora-run"))) {
      for (Path src : (Iterable<Path>) walk::iterator) {
        Path dst =
            lora.resolve(Path.of("src/test/resources/trainer/lora-run").relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst);
        }
      }
    }
    List<Path> before;
    try (Stream<Path> s = Files.walk(lora)) {
      before = s.sorted().toList();
    }
    // the run's output folder: reported into the archive first, nothing written into it
    CliRun r =
        CliRun.of(
            "compare",
            reports.resolve(SUCCEEDED).toString(),
            lora.toString(),
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("cmp").toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("reported "), r.out());
    try (Stream<Path> s = Files.walk(lora)) {
      assertEquals(before, s.sorted().toList(), "the training folder is left as it was");
    }
    assertTrue(Files.isRegularFile(reports.resolve("lora-run").resolve("summary.json")));
    JsonNode json = JSON.readTree(tmp.resolve("cmp").resolve("compare.json").toFile());
    assertEquals(2, json.get("jobs").size(), json.toString());
    assertTrue(json.get("jobs").get(1).asText().contains("lora-run"), json.toString());

    // and again by the name the archive gives it
    CliRun byName =
        CliRun.of(
            "compare",
            SUCCEEDED,
            "lora-run",
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("cmp2").toString());
    assertEquals(0, byName.code(), byName.toString());
    assertFalse(byName.out().contains("reported "), byName.out());
    assertTrue(Files.isRegularFile(tmp.resolve("cmp2").resolve("index.html")));
  }

  @Test
  void twoFoldersSideBySideWithTheDifferingSettingsNamedAndTheComparisonLinkedFromTheIndex()
      throws Exception {
    Path reports = archive();
    // a copy of the training data in the folder: its sha256 is shown
    Files.writeString(
        reports.resolve(SUCCEEDED).resolve("file-TrAiN123.jsonl"),
        "{\"messages\":[]}\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        reports.resolve(OVERFIT).resolve("eval-results.json"),
        "{\"accuracy\": 0.75, \"judge\": {\"score\": 8}}");
    Files.writeString(
        reports.resolve(SUCCEEDED).resolve("eval.json"),
        "{\"format\": \"openai-ft.eval\", \"examples\": 20,"
            + " \"models\": {\"ft-a\": {\"metrics\": {\"exact\": {\"mean\": 0.6, \"n\": 20}}}}}");
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "compare",
            reports.resolve(SUCCEEDED).toString(),
            reports.resolve(OVERFIT).toString(),
            "--reports-dir",
            reports.toString());
    assertEquals(0, r.code(), r.err());
    Path dir = comparisons(reports).get(0);
    assertTrue(r.out().contains("compare: "), r.out());
    assertTrue(dir.getFileName().toString().matches("compare-[0-9a-f]{10}"), dir.toString());
    for (String f : List.of("index.html", "report.ipynb", "compare.json")) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    JsonNode json = JSON.readTree(dir.resolve("compare.json").toFile());
    assertEquals(List.of(SUCCEEDED, OVERFIT), strings(json.get("jobs")));
    // 5 epochs against 3 train more tokens: the cost they lead to is named too
    assertEquals(
        List.of("suffix", "n_epochs", "training file", "training cost (price table)"),
        strings(json.get("differences")));
    Map<String, JsonNode> rows = rowsByLabel(json);
    assertEquals(List.of("144,639", "241,065"), strings(rows.get("trained tokens").get("values")));
    assertTrue(
        rows.get("training file")
            .get("values")
            .get(0)
            .asText()
            .matches("file-TrAiN123 · sha256 [0-9a-f]{64}"));
    assertEquals("0.75", rows.get("eval-results: accuracy").get("values").get(1).asText());
    assertEquals("—", rows.get("eval-results: accuracy").get("values").get(0).asText());
    assertEquals("8", rows.get("eval-results: judge.score").get("values").get(1).asText());
    assertEquals("0.6", rows.get("eval: ft-a exact (mean)").get("values").get(0).asText());
    assertEquals("20", rows.get("eval: examples").get("values").get(0).asText());
    assertTrue(
        rows.get("training cost (price table)").get("values").get(0).asText().startsWith("$"));
    assertFalse(rows.get("base model").get("differs").asBoolean());

    Document page = Jsoup.parse(dir.resolve("index.html").toFile(), "UTF-8");
    assertEquals(
        List.of("loss", "valid-loss", "accuracy", "valid-accuracy"),
        page.select("[data-figure]").stream().map(e -> e.attr("data-figure")).toList());
    assertEquals(4, page.select("[data-figure] img[src^=data:image/png;base64,]").size());
    assertNotNull(page.selectFirst("script#figure-data"));
    List<String> highlighted =
        page.select("#cell-jobs tr.highlight td:first-child").stream()
            .map(Element::ownText)
            .toList();
    assertEquals(
        List.of(
            "settings · suffix",
            "hyperparameters · n_epochs",
            "data · training file",
            "cost · training cost (price table)"),
        highlighted);
    assertFalse(
        new String(Files.readAllBytes(dir.resolve("index.html")), StandardCharsets.UTF_8)
            .contains("://"),
        "no URL");
    // every figure's smoothed lines can be smoothed again by the page: they carry their raw runs
    JsonNode data = JSON.readTree(page.selectFirst("script#figure-data").data());
    JsonNode loss = data.get("figures").get(0);
    long resmoothable = 0;
    for (JsonNode t : loss.get("traces")) {
      resmoothable += t.has("n") ? 1 : 0;
    }
    assertEquals(2, resmoothable);
    // legends and column headings name each job by its suffix, not its full id (listed once above)
    List<String> legend = new java.util.ArrayList<>();
    data.get("figures")
        .forEach(f -> f.get("traces").forEach(t -> legend.add(t.get("label").asText())));
    assertTrue(legend.contains("support-bot train loss, EMA 0.6"), legend.toString());
    assertTrue(legend.stream().noneMatch(l -> l.contains("ftjob-")), legend.toString());
    assertEquals(
        List.of("support-bot", "overfit-demo"), page.select("#cell-jobs thead th").eachText());
    assertEquals(
        "job · id " + SUCCEEDED + " " + OVERFIT, page.select("#cell-jobs tbody tr").first().text());
    assertEquals(
        "support-bot = " + SUCCEEDED + " · overfit-demo = " + OVERFIT,
        page.selectFirst("p.subtitle").text());

    JsonNode nb = JSON.readTree(dir.resolve("report.ipynb").toFile());
    assertEquals(4, nb.get("nbformat").asInt());
    String code = nb.toString();
    assertTrue(
        code.contains("../" + SUCCEEDED + "/metrics.csv"),
        "the notebook reads each job's metrics.csv by a relative path");
    assertTrue(
        Files.isRegularFile(reports.resolve(SUCCEEDED).resolve("metrics.csv")),
        "a folder without a report gets one");

    Document index = Jsoup.parse(reports.resolve("index.html").toFile(), "UTF-8");
    Element link = index.selectFirst("ul.comparisons a");
    assertNotNull(link, "the archive index links the comparison");
    assertEquals(dir.getFileName() + "/index.html", link.attr("href"));
    assertEquals(2, index.select("tr.job").size());
  }

  @Test
  void anOlderFolderWithoutItsSourceIsOpenAisAndDiffersOnlyInTheHostItDoesNotName()
      throws Exception {
    // an archive made before source.json: its jobs are OpenAI's, as everywhere in the archive; a
    // newer folder names its host. Before, the two differed in "provider" ("—" against "openai
    // (api.openai.com)")
    Path reports = archive();
    Files.writeString(
        reports.resolve(SUCCEEDED).resolve("source.json"),
        "{\"endpoint_host\": \"api.openai.com\", \"provider\": \"openai\"}\n");
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "compare",
            reports.resolve(SUCCEEDED).toString(),
            reports.resolve(OVERFIT).toString(),
            "--reports-dir",
            reports.toString(),
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    Path dir = comparisons(reports).get(0);
    JsonNode json = JSON.readTree(dir.resolve("compare.json").toFile());
    Map<String, JsonNode> rows = rowsByLabel(json);
    assertEquals(List.of("openai", "openai"), strings(rows.get("provider").get("values")));
    assertFalse(rows.get("provider").get("differs").asBoolean());
    assertEquals(List.of("api.openai.com", "—"), strings(rows.get("API host").get("values")));
    assertTrue(strings(json.get("differences")).contains("API host"));
    assertFalse(strings(json.get("differences")).contains("provider"));
  }

  @Test
  void filtersSelectFromTheArchiveAndTheAxisCanBeTokensOrFraction() throws Exception {
    Path reports = archive();
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "compare",
            "--model",
            "gpt-4o-mini",
            "--since",
            "2024-01-01",
            "--by",
            "tokens",
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("cmp").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(tmp.resolve("cmp/compare.json").toFile());
    assertEquals("tokens", json.get("by").asText());
    assertEquals(2, json.get("jobs").size());
    Document page = Jsoup.parse(tmp.resolve("cmp/index.html").toFile(), "UTF-8");
    JsonNode data = JSON.readTree(page.selectFirst("script#figure-data").data());
    JsonNode first = data.get("figures").get(0).get("traces").get(0);
    double lastX = first.get("x").get(first.get("x").size() - 1).asDouble();
    assertTrue(lastX > 100_000, "tokens on the x axis: " + lastX);

    CliRun one =
        CliRun.withEnv(
            Map.of(), "compare", "--suffix", "support-bot", "--reports-dir", reports.toString());
    assertEquals(2, one.code(), one.err());
    assertTrue(
        one.err().contains("compare needs at least two jobs; 1 was given or matched"), one.err());

    CliRun badDate =
        CliRun.withEnv(
            Map.of(), "compare", "--since", "yesterday", "--reports-dir", reports.toString());
    assertEquals(2, badDate.code());
    assertTrue(badDate.err().contains("--since must be a date as YYYY-MM-DD"), badDate.err());
    CliRun badAxis = CliRun.of("compare", "a", "b", "--by", "epoch");
    assertEquals(2, badAxis.code());
    assertTrue(badAxis.err().contains("--by must be step, fraction or tokens"), badAxis.err());
  }

  @Test
  void suffixAndModelAreRepeatableAndSelectJobsMatchingAnyOfThem() throws Exception {
    Path reports = archive();
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "compare",
            "--suffix",
            "support-bot",
            "--suffix",
            "overfit-demo",
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("two").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(tmp.resolve("two/compare.json").toFile());
    assertEquals(2, json.get("jobs").size(), json.get("jobs").toString());
  }

  @Test
  void jobsGivenByIdAreFetchedIntoTheArchiveFirst() throws Exception {
    Path reports = tmp.resolve("reports");
    try (LiveSandbox sb =
        new LiveSandbox(SandboxConfig.defaults().withStepDelayMs(5).withSeed(3))) {
      String a = sb.createJob(10, Map.of("n_epochs", 2));
      String b = sb.createJob(10, Map.of("n_epochs", 3));
      sb.await(a, Job::isTerminal);
      sb.await(b, Job::isTerminal);
      CliRun r = sb.run("compare", a, b, "--by", "fraction", "--reports-dir", reports.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("archived " + a) && r.out().contains("archived " + b), r.out());
      for (String id : List.of(a, b)) {
        assertTrue(Files.isRegularFile(reports.resolve(id).resolve("results.csv")), id);
      }
      List<Path> compares = comparisons(reports);
      assertEquals(1, compares.size());
      JsonNode json = JSON.readTree(compares.get(0).resolve("compare.json").toFile());
      assertTrue(
          strings(json.get("differences")).contains("n_epochs"),
          json.get("differences").toString());
      // the same jobs in another order: the same folder (its name hashes the sorted ids)
      CliRun again = sb.run("compare", b, a, "--reports-dir", reports.toString());
      assertEquals(0, again.code(), again.err());
      assertFalse(again.out().contains("archived "), "already archived: nothing fetched");
      assertEquals(1, comparisons(reports).size());
    }
  }

  @Test
  void aMistypedFolderIsSaidToBeMissingAndNothingIsWrittenBeforeEveryTargetIsChecked()
      throws Exception {
    Path reports = archive();
    Path lora = tmp.resolve("outputs/lora-run");
    Files.createDirectories(lora);
    Files.copy(
        Path.of("src/test/resources/trainer/lora-run/trainer_state.json"),
        lora.resolve("trainer_state.json"));
    List<Path> before;
    try (Stream<Path> s = Files.walk(reports)) {
      before = s.sorted().toList();
    }
    // written as a path (a slash, a leading . or ~) and not there: a missing folder, exit 5; the
    // Trainer run before it is not reported into the archive
    for (String typo :
        List.of(tmp.resolve("runs/nonexist").toString(), "runs/nonexist", "./lora", "~/lora")) {
      CliRun r =
          CliRun.withEnv(
              Map.of(), "compare", lora.toString(), typo, "--reports-dir", reports.toString());
      assertEquals(5, r.code(), r.toString());
      assertTrue(r.err().contains(typo + ": no such file or directory"), r.err());
      assertEquals("", r.out());
    }
    // a job id not in the archive, with no key: refused before the Trainer run is written
    CliRun noKey =
        CliRun.withEnv(
            Map.of(),
            "compare",
            lora.toString(),
            "ftjob-typo",
            "--reports-dir",
            reports.toString());
    assertEquals(2, noKey.code(), noKey.toString());
    assertTrue(noKey.err().contains("OPENAI_API_KEY"), noKey.err());
    // a file is not a folder
    CliRun file =
        CliRun.withEnv(
            Map.of(),
            "compare",
            reports.resolve(SUCCEEDED).toString(),
            lora.resolve("trainer_state.json").toString(),
            "--reports-dir",
            reports.toString());
    assertEquals(2, file.code(), file.toString());
    assertTrue(file.err().contains("trainer_state.json is a file"), file.err());
    try (Stream<Path> s = Files.walk(reports)) {
      assertEquals(before, s.sorted().toList(), "nothing was written into the archive");
    }
  }

  /** The comparison folders ({@code compare-*}) in the archive, sorted. */
  private static List<Path> comparisons(Path reports) throws java.io.IOException {
    try (Stream<Path> s = Files.list(reports)) {
      return s.filter(p -> p.getFileName().toString().startsWith("compare-")).sorted().toList();
    }
  }

  /** The rows of a {@code compare.json} by their label. */
  private static Map<String, JsonNode> rowsByLabel(JsonNode json) {
    Map<String, JsonNode> rows = new java.util.HashMap<>();
    json.get("rows").forEach(row -> rows.put(row.get("label").asText(), row));
    return rows;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }
}
