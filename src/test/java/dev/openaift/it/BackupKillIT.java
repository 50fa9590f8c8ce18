package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.Backup;
import dev.openaift.archive.BackupAccount;
import dev.openaift.archive.BackupManifest;
import dev.openaift.follow.FollowOptions;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code openai-ft backup} process (the shaded jar) killed with SIGKILL at random points
 * while the sandbox injects faults, then run again to the end: the archive is the one an
 * uninterrupted backup makes, file for file, with no temporary file left and no event twice.
 */
class BackupKillIT {
  private static final String KEY = "sk-backup-kill-5678";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void killedAtRandomPointsThenRunAgainGivesTheSameArchive() throws Exception {
    Path state = tmp.resolve("state");
    SandboxConfig base =
        SandboxConfig.defaults()
            .withClock(TestClocks.today())
            .withApiKey(KEY)
            .withStepDelayMs(5)
            .withSeed(21)
            .withDataDir(state);
    try (Sandbox sb = Sandbox.start(base);
        LifecycleGateway g = gateway(sb)) {
      // every kind of job, a few of each: each backup run below archives all of them
      BackupAccount.createSmall(g, sb.baseUrl(), KEY);
    }
    try (Sandbox sb = Sandbox.start(base.withFaultRate(0.05).withSlowFaultMs(20))) {
      Path reference = tmp.resolve("reference");
      try (LifecycleGateway g = gateway(sb)) {
        new Backup(
                g,
                new Archive(reference),
                ArchiveSettings.defaults(ZoneOffset.UTC),
                Clock.systemUTC(),
                d -> {},
                FollowOptions.defaults(),
                new Backup.Listener() {})
            .run(
                new Backup.Options(List.of(), null, null),
                (id, work) -> {
                  work.run();
                  return true;
                });
      }
      Path killed = tmp.resolve("killed");
      Map<String, String> env =
          Map.of(
              "OPENAI_API_KEY",
              KEY,
              "OPENAI_BASE_URL",
              sb.baseUrl().toString(),
              "OPENAI_ADMIN_KEY",
              KEY);
      // The first kill comes right after the listing (in the middle of the first job); the others
      // at
      // seeded random points of the ~30 lines a whole run prints. Each run resumes the one before.
      Random random = new Random(4242);
      List<Integer> killPoints = new ArrayList<>(List.of(1));
      for (int k = 0; k < 2; k++) {
        killPoints.add(2 + random.nextInt(10));
      }
      for (int lines : killPoints) {
        killAfter(killed, env, lines);
      }
      Result last = run(killed, env, "backup", "--reports-dir", killed.toString());
      assertEquals(0, last.code, "killed after " + killPoints + " lines, then: " + last);
      assertTrue(last.out.contains("0 failed"), last.out);

      assertEquals(
          Map.of(),
          differences(archived(reference), archived(killed)),
          "the same files with the same content (killed after " + killPoints + " lines of output)");
      assertEquals(List.of(), leftovers(killed), "no temporary or held file left");
      for (Path events : eventFiles(killed)) {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
          ids.add(JSON.readTree(line).path("id").asText());
        }
        assertEquals(ids.size(), ids.stream().distinct().count(), "no event twice in " + events);
      }
      Result verify =
          run(killed, Map.of(), "backup", "--verify", "--reports-dir", killed.toString());
      assertEquals(0, verify.code, verify.toString());
    }
  }

  private static LifecycleGateway gateway(Sandbox sb) {
    return new OpenAiGateway(
        Connection.of(KEY, sb.baseUrl().toString())
            .withMaxRetries(3)
            .withTimeout(Duration.ofSeconds(20)),
        d -> {},
        Clock.systemUTC(),
        KEY);
  }

  record Result(int code, String out, String err) {}

  private static List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-jar",
                JarRunner.jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process start(Path out, Path err, Map<String, String> env, String... args)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command(args))
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  /**
   * Starts a backup and kills it (SIGKILL) as soon as it has printed {@code lines} lines (or when
   * it ends).
   */
  private void killAfter(Path archive, Map<String, String> env, int lines) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = start(out, err, env, "backup", "--reports-dir", archive.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && Files.readAllLines(out, StandardCharsets.UTF_8).size() < lines) {
      if (System.nanoTime() > deadline) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            "a backup printed fewer than " + lines + " lines in 120 s and did not end: " + out);
      }
      Thread.sleep(5);
    }
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed backup is gone");
  }

  private Result run(Path cwdArchive, Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = start(out, err, env, args);
    if (!p.waitFor(900, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("backup did not end in 900 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * Path -> sha256 of every archived file but those that hold fetch times or today's date (the
   * manifest, the job markers, models.json, the archive's front page).
   */
  private static Map<String, String> archived(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        if (rel.equals(BackupManifest.FILE)
            || rel.equals(Backup.MODELS_FILE)
            || rel.equals(Archive.INDEX_FILE)
            || name.equals(Backup.JOB_MARKER)
            || name.equals(Backup.FILE_META)) {
          continue;
        }
        out.put(rel, dev.openaift.io.Sha256.of(p));
      }
    }
    return out;
  }

  /** Path -> "reference sha -> killed sha" for every file the two archives do not share as is. */
  private static Map<String, String> differences(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new TreeMap<>();
    Set<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    for (String p : paths) {
      if (!Objects.equals(a.get(p), b.get(p))) {
        out.put(p, a.get(p) + " -> " + b.get(p));
      }
    }
    return out;
  }

  private static List<String> leftovers(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tmp") || n.endsWith(".partial"))
          .toList();
    }
  }

  private static List<Path> eventFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals("events.jsonl")).toList();
    }
  }
}
