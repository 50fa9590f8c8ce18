package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.Await;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's whole story on one archive, acted out on the sandbox with a pinned clock: two jobs
 * followed with their reports, the inventory, a backup, a recording, reports, a comparison, an
 * evaluation against the recording and verification; then damage (a recording line deleted, a data
 * copy deleted, a backup killed midway, two writers at once) and the plain reruns that repair it.
 * After every command the archive index shows every job's shutdown date and days left, every report
 * carries the shutdown finding, and {@code backup --verify} says what it should; no answer already
 * recorded is asked again.
 */
class JourneyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "gpt-4o-mini-2024-07-18";
  private static final LocalDate SHUTDOWN = LocalDate.parse("2027-01-14");

  @TempDir Path tmp;

  private LiveSandbox sb;
  private Path reports;
  private final List<String> jobs = new ArrayList<>();

  @Test
  void theShutdownJourneyOnOneArchive() throws Exception {
    try (LiveSandbox live =
        LiveSandbox.manual(SandboxConfig.defaults().withSeed(19).withStepDelayMs(1), 4)) {
      sb = live;
      reports = tmp.resolve("reports");
      Path train = write("train.jsonl", LiveSandbox.examples(24));
      Path valid =
          write(
              "valid.jsonl",
              LiveSandbox.examples(36)
                  .lines()
                  .skip(24)
                  .map(l -> l + "\n")
                  .reduce("", String::concat));

      // 1. two jobs, each followed live with its report
      String a = createAndFollow(train, valid, "alpha");
      String b = createAndFollow(train, valid, "beta");
      String modelA = fineTunedModel(a);
      String modelB = fineTunedModel(b);
      afterEach("two jobs followed", null);

      // 1b. the same create run again (the terminal was closed): it takes the job it started
      int onTheAccount = sb.gateway.listJobs(null, 100).data().size();
      CliRun again = createAndFollowRun(train, valid, "alpha");
      assertEquals(a, jobId(again.out()), again.toString());
      assertTrue(again.out().contains("started by an earlier run of this request"), again.out());
      assertEquals(onTheAccount, sb.gateway.listJobs(null, 100).data().size(), "no job created");
      afterEach("the same create again", null);

      // 2. what dies when
      CliRun inv = ok(sb.run("inventory", "--json", "--reports-dir", reports.toString()));
      assertTrue(inv.out().contains(modelA) && inv.out().contains(modelB), inv.out());
      assertTrue(inv.out().contains(SHUTDOWN.toString()), inv.out());

      // 3. back everything up, training files included
      ok(backup());
      afterEach("backup", 0);

      // 4. record the first model on the validation file
      long chats = sb.sandbox.chatCompletionsAnswered();
      ok(
          sb.run(
              "record",
              modelA,
              "--data",
              valid.toString(),
              "--yes",
              "--reports-dir",
              reports.toString()));
      assertEquals(
          12, sb.sandbox.chatCompletionsAnswered() - chats, "twelve prompts, twelve requests");
      ok(backup());
      afterEach("record, then backup", 0);

      // 5. pages rebuilt from the records are no damage
      ok(sb.run("report", reports.resolve(a).toString(), "--reports-dir", reports.toString()));
      afterEach("report DIR", 0);
      ok(
          sb.run(
              "compare",
              a,
              b,
              "--reports-dir",
              reports.toString(),
              "--out",
              tmp.resolve("cmp").toString()));
      afterEach("compare", 0);

      // 6. the second model judged against the first one's recording: only the candidate is asked
      chats = sb.sandbox.chatCompletionsAnswered();
      ok(
          sb.run(
              "eval",
              "--data",
              valid.toString(),
              "--model",
              modelB,
              "--against",
              "recorded:" + modelA,
              "--yes",
              "--reports-dir",
              reports.toString(),
              "--out",
              tmp.resolve("eval").toString()));
      assertEquals(
          12,
          sb.sandbox.chatCompletionsAnswered() - chats,
          "the recorded model is not asked again");
      afterEach("eval against the recording", 0);

      // 7. damage: a line of the recording deleted is noticed, and recording again repairs it
      Path answers = recordingAnswers(modelA);
      List<String> lines = Files.readAllLines(answers, StandardCharsets.UTF_8);
      Files.write(answers, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
      CliRun damaged = verify();
      assertEquals(5, damaged.code(), damaged.toString());
      assertTrue((damaged.out() + damaged.err()).contains("answers.jsonl"), damaged.toString());
      chats = sb.sandbox.chatCompletionsAnswered();
      ok(
          sb.run(
              "record",
              modelA,
              "--data",
              valid.toString(),
              "--yes",
              "--reports-dir",
              reports.toString()));
      assertEquals(1, sb.sandbox.chatCompletionsAnswered() - chats, "only the lost answer");
      ok(backup());
      afterEach("recording repaired", 0);

      // 8. damage: a data copy deleted; a plain rerun of backup fetches it again
      Path copy = dataCopy();
      Files.delete(copy);
      assertEquals(5, verify().code(), "a deleted data copy is noticed");
      ok(backup());
      assertTrue(Files.isRegularFile(copy), "the rerun fetched " + copy + " again");
      afterEach("data copy fetched again", 0);

      // 9. a backup killed midway, then run again
      killBackupMidway();
      ok(backup());
      afterEach("killed backup run again", 0);

      // 10. two writers at once: two backups, and a report while another follows a job
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<CliRun> one = pool.submit(this::backup);
        Future<CliRun> two = pool.submit(this::backup);
        ok(one.get(5, TimeUnit.MINUTES));
        ok(two.get(5, TimeUnit.MINUTES));
        afterEach("two backups at once", 0);

        String c = startJob(train, valid, "gamma");
        Future<CliRun> follower =
            pool.submit(
                () ->
                    sb.run(
                        "follow",
                        c,
                        "--report",
                        "--no-progress",
                        "--reports-dir",
                        reports.toString()));
        // report the job while it is followed, as soon as its folder exists
        awaitFile(reports.resolve(c).resolve("events.jsonl"), follower);
        ok(sb.run("report", c, "--reports-dir", reports.toString()));
        ok(follower.get(5, TimeUnit.MINUTES));
        jobs.add(c);
        ok(backup());
        afterEach("report while following", 0);

        // a verification beside a backup waits for it instead of calling its files altered
        Future<CliRun> backingUp = pool.submit(this::backup);
        Future<CliRun> verifying = pool.submit(this::verify);
        ok(backingUp.get(5, TimeUnit.MINUTES));
        ok(verifying.get(5, TimeUnit.MINUTES));
        afterEach("verify beside a backup", 0);
      } finally {
        pool.shutdownNow();
      }

      // 11. a manifest edited by hand: a backup refuses to vouch for the archive over it, and
      // writes a new one once the user moves it aside
      Path manifest = reports.resolve("backup.json");
      byte[] sealed = Files.readAllBytes(manifest);
      Files.writeString(
          manifest,
          new String(sealed, StandardCharsets.UTF_8).replace("\"records\"", "\"recordz\""),
          StandardCharsets.UTF_8);
      CliRun refused = backup();
      assertEquals(5, refused.code(), refused.toString());
      assertTrue(refused.err().contains("move it aside"), refused.err());
      Files.move(manifest, reports.resolve("backup.json.edited"));
      ok(backup());
      afterEach("a new manifest after an edited one", 0);
    }
  }

  // ---------------------------------------------------------------- the checks after each command

  /**
   * The index shows every job with the shutdown date and the days left from the pinned clock; every
   * report has the shutdown finding; {@code backup --verify} exits {@code verifyCode} (null: not
   * backed up yet).
   */
  private void afterEach(String step, Integer verifyCode) throws IOException {
    long days = ChronoUnit.DAYS.between(LocalDate.now(LiveSandbox.CLOCK), SHUTDOWN);
    Document index = Jsoup.parse(reports.resolve("index.html").toFile());
    int shutdownColumn = column(index, "shuts down", step);
    int daysColumn = column(index, "days left", step);
    for (String job : jobs) {
      Element row = index.getElementById(job);
      assertTrue(row != null, step + ": no row for " + job + " in the index");
      assertEquals(
          SHUTDOWN.toString(),
          row.child(shutdownColumn).text().strip(),
          step + ": shutdown date of " + job);
      assertEquals(
          Long.toString(days),
          row.child(daysColumn).text().strip(),
          step + ": days left of " + job);
      JsonNode summary = JSON.readTree(reports.resolve(job).resolve("summary.json").toFile());
      boolean finding = false;
      for (JsonNode f : summary.path("findings")) {
        finding |= "model_shutdown".equals(f.path("code").asText());
      }
      assertTrue(finding, step + ": the report of " + job + " has no model_shutdown finding");
    }
    if (verifyCode != null) {
      CliRun v = verify();
      assertEquals(verifyCode.intValue(), v.code(), step + ": verify says " + v);
    }
  }

  private static int column(Document index, String heading, String step) {
    List<String> headings = index.select("table thead").first().select("th").eachText();
    for (int i = 0; i < headings.size(); i++) {
      if (headings.get(i).contains(heading)) {
        return i;
      }
    }
    fail(step + ": no '" + heading + "' column in " + headings);
    return -1;
  }

  // ------------------------------------------------------------------------------- the commands

  private String createAndFollow(Path train, Path valid, String suffix) {
    String id = jobId(createAndFollowRun(train, valid, suffix).out());
    jobs.add(id);
    return id;
  }

  private CliRun createAndFollowRun(Path train, Path valid, String suffix) {
    return ok(
        sb.run(
            createLine(
                train, valid, suffix, "--seed", "7", "--follow", "--report", "--no-progress")));
  }

  /** {@code jobs create} of the base model on these files, with {@code more} options. */
  private String startJob(Path train, Path valid, String suffix, String... more) {
    return jobId(ok(sb.run(createLine(train, valid, suffix, more))).out());
  }

  /** The command line of {@code jobs create} into the journey's archive. */
  private String[] createLine(Path train, Path valid, String suffix, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "jobs",
                "create",
                "--model",
                BASE,
                "--training-file",
                train.toString(),
                "--validation-file",
                valid.toString(),
                "--suffix",
                suffix,
                "--yes",
                "--reports-dir",
                reports.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static String jobId(String out) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ftjob-[A-Za-z0-9]+").matcher(out);
    assertTrue(m.find(), out);
    return m.group();
  }

  private String fineTunedModel(String job) throws IOException {
    String model =
        JSON.readTree(reports.resolve(job).resolve("job.json").toFile())
            .path("fine_tuned_model")
            .asText("");
    assertTrue(model.startsWith("ft:"), job + ": " + model);
    return model;
  }

  private CliRun backup() {
    return sb.run("backup", "--reports-dir", reports.toString());
  }

  private CliRun verify() {
    return sb.run("backup", "--verify", "--reports-dir", reports.toString());
  }

  private static CliRun ok(CliRun r) {
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** The answers file of the model's one recording. */
  private Path recordingAnswers(String model) throws IOException {
    try (Stream<Path> s = Files.walk(reports.resolve("recordings"))) {
      List<Path> found =
          s.filter(p -> p.getFileName().toString().equals("answers.jsonl")).sorted().toList();
      for (Path p : found) {
        String header = Files.readString(p.resolveSibling("header.json"), StandardCharsets.UTF_8);
        if (header.contains(model)) {
          return p;
        }
      }
      fail("no recording of " + model + " among " + found);
      return null;
    }
  }

  /** One backed-up copy of a training or validation file ({@code files/<file id>/<name>}). */
  private Path dataCopy() throws IOException {
    try (Stream<Path> s = Files.walk(reports.resolve("files"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
          .sorted()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no data copy under " + reports.resolve("files")));
    }
  }

  /** A real backup process (the jar) killed right after its first line of output. */
  private void killBackupMidway() throws Exception {
    Path log = tmp.resolve("killed-backup.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-jar",
                Paths.get(System.getProperty("openaift.jar", "target/openai-ft.jar"))
                    .toAbsolutePath()
                    .toString(),
                "backup",
                "--reports-dir",
                reports.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(sb.env());
    Process p = pb.start();
    try {
      Await.until(
          "the backup to print its first line or end",
          Duration.ofSeconds(120),
          () -> !p.isAlive() || !Files.readAllLines(log, StandardCharsets.UTF_8).isEmpty());
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed backup is gone");
    }
  }

  private static void awaitFile(Path file, Future<?> writer) {
    // a writer that finished before the second writer came is fine: the report below still runs
    Await.until(
        file + " to appear or its writer to finish",
        Duration.ofSeconds(120),
        () -> Files.isRegularFile(file) || writer.isDone());
  }
}
