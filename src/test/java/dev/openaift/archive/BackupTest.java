package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Page;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.FollowOptions;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFileWriter;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobJson;
import dev.openaift.metrics.JobInputs;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Backup} against the sandbox: an account of 32 jobs (supervised, DPO, failed, cancelled,
 * shared files) backed up while the sandbox injects faults, then checked file by file against what
 * the sandbox serves, and backed up again without a single fetch.
 */
class BackupTest {
  static final String KEY = "sk-backup-test-1234";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static Path state;
  static BackupAccount.Made made;

  @BeforeAll
  static void account() {
    state = shared.resolve("sandbox-state");
    try (Sandbox sb = Sandbox.start(config(0));
        LifecycleGateway g = gateway(sb)) {
      made = BackupAccount.create(g, sb.baseUrl(), KEY);
    }
  }

  static SandboxConfig config(double faults) {
    return SandboxConfig.defaults()
        .withClock(TestClocks.today())
        .withApiKey(KEY)
        .withStepDelayMs(5)
        .withSeed(11)
        .withDataDir(state)
        .withFaultRate(faults)
        .withSlowFaultMs(20);
  }

  static LifecycleGateway gateway(Sandbox sb) {
    return new OpenAiGateway(
        Connection.of(KEY, sb.baseUrl().toString())
            .withMaxRetries(2)
            .withTimeout(Duration.ofSeconds(20)),
        d -> {},
        Clock.systemUTC(),
        KEY);
  }

  static Backup.Summary backup(LifecycleGateway g, Path root, Backup.Options options) {
    Sleeper noWait = d -> {};
    Backup b =
        new Backup(
            g,
            new Archive(root),
            ArchiveSettings.defaults(ZoneOffset.UTC),
            Clock.systemUTC(),
            noWait,
            FollowOptions.defaults(),
            new Backup.Listener() {});
    return b.run(
        options,
        (id, work) -> {
          work.run();
          return true;
        });
  }

  @Test
  void backupUnderFaultsIsByteForByteWhatTheServerServesAndASecondRunOnlyLists(@TempDir Path root)
      throws Exception {
    Backup.Summary first;
    try (Sandbox faulty = Sandbox.start(config(0.15));
        LifecycleGateway g = gateway(faulty)) {
      first = backup(g, root, new Backup.Options(List.of(), null, null));
      assertTrue(
          faulty.faultStats().totalFaults() > 10, "faults were injected: " + faulty.faultStats());
    }
    assertTrue(
        first.jobs() >= 34, "34 jobs (more if a job to cancel ended first): " + first.jobs());
    assertEquals(made.jobIds().size(), first.jobs());
    assertEquals(made.jobIds().size(), first.archived());
    assertEquals(0, first.failed());
    assertTrue(first.missing().isEmpty(), first.missing().toString());

    try (Sandbox calm = Sandbox.start(config(0));
        LifecycleGateway g = gateway(calm)) {
      Set<String> dataIds = new TreeSet<>();
      for (String id : made.jobIds()) {
        Path folder = root.resolve(id);
        Job job = g.getJob(id);
        assertEquals(job, JobFiles.readJob(folder.resolve(JobInputs.JOB)), id);
        try (FileEventStore stored = FileEventStore.open(folder.resolve(JobInputs.EVENTS))) {
          assertEquals(allEvents(g, id), stored.events(), id);
        }
        List<Checkpoint> served = new ArrayList<>(g.listCheckpoints(id));
        served.sort(java.util.Comparator.comparingLong(Checkpoint::stepNumber));
        assertEquals(served, JobFiles.readCheckpoints(folder.resolve(JobInputs.CHECKPOINTS)), id);
        if (!job.resultFiles().isEmpty()) {
          assertArrayEquals(
              JobArchiver.decoded(g.fileContent(job.resultFiles().get(0))),
              Files.readAllBytes(folder.resolve(JobInputs.RESULTS)),
              id);
        }
        assertTrue(
            Files.isRegularFile(folder.resolve("summary.json")), "every job has a report: " + id);
        dataIds.add(job.trainingFile());
        if (job.validationFile() != null) {
          dataIds.add(job.validationFile());
        }
      }
      JsonNode manifest = JSON.readTree(root.resolve(BackupManifest.FILE).toFile());
      assertEquals(dataIds, names(manifest.path("data_files")), "each data file once");
      assertEquals(dataIds, folderNames(root.resolve(Backup.FILES_DIR)), "one folder per file id");
      for (String fileId : dataIds) {
        JsonNode meta = manifest.path("data_files").path(fileId);
        assertArrayEquals(
            g.fileContent(fileId),
            Files.readAllBytes(root.resolve(meta.path("path").asText())),
            fileId);
      }
      for (String id : made.jobIds().subList(0, 12)) {
        assertEquals(
            made.sharedFiles().get(0),
            manifest.path("jobs").path(id).path("training_file").asText());
      }
      assertEquals(new TreeSet<>(made.jobIds()), names(manifest.path("jobs")));
      for (String id : made.dpo()) {
        assertEquals("dpo", manifest.path("jobs").path(id).path("method").asText());
        assertEquals("succeeded", manifest.path("jobs").path(id).path("status").asText(), id);
      }
      for (String id : made.reinforcement()) {
        assertEquals("reinforcement", manifest.path("jobs").path(id).path("method").asText());
        assertEquals("succeeded", manifest.path("jobs").path(id).path("status").asText(), id);
        assertTrue(
            Files.readString(root.resolve(id).resolve("metrics.csv"))
                .contains("scores.graders.exact.train_reward_mean"));
        // the job's grader, which the record does not name, is kept whole in job.json
        JsonNode rft = JSON.readTree(root.resolve(id).resolve("job.json").toFile());
        assertEquals(
            JSON.readTree(
                "{\"type\":\"string_check\",\"name\":\"exact\","
                    + "\"input\":\"{{sample.output_text}}\","
                    + "\"reference\":\"{{item.reference_answer}}\",\"operation\":\"eq\"}"),
            rft.at("/method/reinforcement/grader"),
            id);
        assertEquals(
            "reinforcement", rft.at("/method/type").asText(), "and the method it belongs to");
      }
      for (String id : made.failed()) {
        assertEquals("failed", manifest.path("jobs").path(id).path("status").asText(), id);
        assertTrue(
            Files.readString(root.resolve(id).resolve("summary.json")).contains("job_failed"), id);
      }
      for (String id : made.cancelled()) {
        assertEquals("cancelled", manifest.path("jobs").path(id).path("status").asText(), id);
      }
      Set<String> listed = names(manifest.path("files"));
      listed.addAll(names(manifest.path("views")));
      assertEquals(archiveFiles(root), listed, "the manifest lists every archived file");
      for (String view : names(manifest.path("views"))) {
        assertTrue(
            view.endsWith(".html")
                || view.endsWith(".ipynb")
                || view.endsWith("summary.json")
                || view.endsWith("metrics.csv")
                || view.contains("/figures/")
                || view.endsWith(".png")
                || view.endsWith(".svg"),
            "a page, not a record: " + view);
      }
      assertVerified(root);
      assertTrue(Files.isRegularFile(root.resolve(Backup.MODELS_FILE)));
      byte[] manifestBefore = Files.readAllBytes(root.resolve(BackupManifest.FILE));

      long before = calm.faultStats().requests();
      Backup.Summary second = backup(g, root, new Backup.Options(List.of(), null, null));
      assertEquals(1, calm.faultStats().requests() - before, "a second run only lists the jobs");
      assertEquals(made.jobIds().size(), second.unchanged());
      assertEquals(0, second.archived());
      assertArrayEquals(manifestBefore, Files.readAllBytes(root.resolve(BackupManifest.FILE)));

      // an archive an earlier version wrote: job.json and the marker without the fields the
      // record does not name (the graders among them); the next run brings them back from the
      // job list alone, and the archive verifies
      // and one job whose archive holds a field the service no longer lists: it must stay
      String gone = made.reinforcement().get(0);
      for (String id : made.jobIds()) {
        asWrittenBeforeWholeJobs(
            root,
            id,
            id.equals(gone) ? java.util.Map.of("served_no_more", "\"kept\"") : java.util.Map.of());
        assertTrue(
            Files.readString(root.resolve(id).resolve(JobInputs.JOB)).indexOf("integrations") < 0,
            id);
      }
      before = calm.faultStats().requests();
      Backup.Summary third = backup(g, root, new Backup.Options(List.of(), null, null));
      assertEquals(1, calm.faultStats().requests() - before, "the fields come with the list");
      assertEquals(made.jobIds().size(), third.unchanged());
      for (String id : made.jobIds()) {
        JsonNode job = JSON.readTree(root.resolve(id).resolve(JobInputs.JOB).toFile());
        assertTrue(job.has("integrations"), id);
      }
      for (String id : made.reinforcement()) {
        JsonNode job = JSON.readTree(root.resolve(id).resolve(JobInputs.JOB).toFile());
        assertEquals("string_check", job.at("/method/reinforcement/grader/type").asText(), id);
      }
      assertEquals(
          "kept",
          JSON.readTree(root.resolve(gone).resolve(JobInputs.JOB).toFile())
              .path("served_no_more")
              .asText(),
          "an archived field the list lacks is not dropped");
      assertVerified(root);
      byte[] goneJob = Files.readAllBytes(root.resolve(gone).resolve(JobInputs.JOB));
      byte[] goneMarker = Files.readAllBytes(root.resolve(gone).resolve(Backup.JOB_MARKER));
      before = calm.faultStats().requests();
      backup(g, root, new Backup.Options(List.of(), null, null));
      assertEquals(1, calm.faultStats().requests() - before, "and then it is as listed");
      assertArrayEquals(goneJob, Files.readAllBytes(root.resolve(gone).resolve(JobInputs.JOB)));
      assertArrayEquals(
          goneMarker,
          Files.readAllBytes(root.resolve(gone).resolve(Backup.JOB_MARKER)),
          "nothing rewritten once it is up to date");
    }
  }

  /**
   * Rewrites the job's {@code job.json} and backup marker as a version that kept only the record's
   * own fields wrote them (with {@code others} besides), consistently (the marker lists the file's
   * new hash).
   */
  private static void asWrittenBeforeWholeJobs(
      Path root, String id, java.util.Map<String, String> others) throws IOException {
    Path folder = root.resolve(id);
    Path markerFile = folder.resolve(Backup.JOB_MARKER);
    com.fasterxml.jackson.databind.node.ObjectNode marker =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(markerFile.toFile());
    Job projected = JobJson.jobFromJson(marker.path("job")).withOthers(others);
    Path jobFile = folder.resolve(JobInputs.JOB);
    JobFileWriter.writeJob(jobFile, projected);
    BackupManifest.Entry fresh =
        BackupManifest.entry(root, jobFile, java.time.Instant.parse("2026-01-01T00:00:00Z"));
    List<BackupManifest.Entry> entries = new ArrayList<>();
    for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
      entries.add(e.path().equals(fresh.path()) ? fresh : e);
    }
    marker.set("job", JobJson.jobToJson(projected));
    marker.set("files", BackupManifest.entries(entries));
    BackupManifest.writeJson(markerFile, marker);
  }

  @Test
  void refusedContentKeepsMetadataAndReasonAndDataTakesTheLocalCopy(
      @TempDir Path root, @TempDir Path data) throws Exception {
    SandboxConfig refusing =
        config(0).withPlatform(PlatformRules.defaults().withRefuseTrainingFileContent(true));
    List<String> some = made.jobIds().subList(0, 13);
    try (Sandbox sb = Sandbox.start(refusing);
        LifecycleGateway g = gateway(sb)) {
      Backup.Summary first = backup(g, root, new Backup.Options(some, null, null));
      assertEquals(0, first.failed());
      String shared = made.sharedFiles().get(0);
      JsonNode meta =
          JSON.readTree(
              root.resolve(Backup.FILES_DIR).resolve(shared).resolve(Backup.FILE_META).toFile());
      assertTrue(meta.path("path").isNull(), meta.toString());
      assertEquals("shared-train.jsonl", meta.path("metadata").path("filename").asText());
      assertTrue(
          meta.path("refused").asText().contains("Not allowed to download"), meta.toString());
      assertTrue(
          first.missing().stream()
              .anyMatch(
                  m ->
                      m.what().equals("content of file " + shared + " (shared-train.jsonl)")
                          && m.reason().contains("Not allowed to download")),
          first.missing().toString());
      assertTrue(
          Files.isRegularFile(root.resolve(some.get(0)).resolve(JobInputs.RESULTS)),
          "result files still come");
      assertVerified(root);

      // the local copies, under other names, beside a file of the same size with other content
      byte[] train = made.uploads().get(shared);
      Files.write(data.resolve("my-train-copy.jsonl"), train);
      byte[] decoy = train.clone();
      decoy[0] = (byte) ' ';
      Files.createDirectories(data.resolve("old"));
      Files.write(data.resolve("old").resolve("other.jsonl"), decoy);
      String valid = made.sharedFiles().get(1);
      Files.write(data.resolve("shared-valid.jsonl"), made.uploads().get(valid));

      long before = sb.faultStats().requests();
      Backup.Summary second = backup(g, root, new Backup.Options(some, null, data));
      assertEquals(
          some.size(),
          sb.faultStats().requests() - before,
          "one request per job asked for: nothing refetched");
      JsonNode validMeta =
          JSON.readTree(
              root.resolve(Backup.FILES_DIR).resolve(valid).resolve(Backup.FILE_META).toFile());
      assertArrayEquals(
          made.uploads().get(valid),
          Files.readAllBytes(root.resolve(validMeta.path("path").asText())));
      assertTrue(
          validMeta.path("source").asText().startsWith("local copy of "), validMeta.toString());
      JsonNode trainMeta =
          JSON.readTree(
              root.resolve(Backup.FILES_DIR).resolve(shared).resolve(Backup.FILE_META).toFile());
      assertTrue(
          trainMeta.path("path").isNull(),
          "two different files of that size, neither named shared-train.jsonl");
      assertTrue(
          second.missing().stream().anyMatch(m -> m.reason().contains("none taken")),
          second.missing().toString());

      Files.write(data.resolve("shared-train.jsonl"), train);
      backup(g, root, new Backup.Options(some, null, data));
      trainMeta =
          JSON.readTree(
              root.resolve(Backup.FILES_DIR).resolve(shared).resolve(Backup.FILE_META).toFile());
      assertArrayEquals(
          train,
          Files.readAllBytes(root.resolve(trainMeta.path("path").asText())),
          "the same name decides");
      assertEquals(dev.openaift.io.Sha256.hex(train), trainMeta.path("sha256").asText());
      assertVerified(root);
    }
  }

  @Test
  void aJobArchivedAgainAfterAWholeRunIsTheSamePage(@TempDir Path root) throws Exception {
    // a first backup writes models.json only at its end; a job archived again by a later run (one
    // that failed or was killed mid-job before) must be made with the same dates as the others
    List<String> some = made.jobIds().subList(0, 3);
    try (Sandbox sb = Sandbox.start(config(0));
        LifecycleGateway g = gateway(sb)) {
      backup(g, root, new Backup.Options(some, null, null));
      Path folder = root.resolve(some.get(1));
      List<String> pages = List.of("index.html", "summary.json", "report.ipynb");
      List<String> before = new ArrayList<>();
      for (String page : pages) {
        before.add(Files.readString(folder.resolve(page)));
      }
      Files.delete(folder.resolve(Backup.JOB_MARKER));
      Backup.Summary again = backup(g, root, new Backup.Options(some, null, null));
      assertEquals(1, again.archived(), "the job without its marker is archived again");
      for (int i = 0; i < pages.size(); i++) {
        assertEquals(before.get(i), Files.readString(folder.resolve(pages.get(i))), pages.get(i));
      }
    }
  }

  static void assertVerified(Path root) {
    BackupManifest.Verification v = BackupManifest.verify(root);
    assertTrue(v.ok(), v.toString());
    assertEquals(List.of(), v.damaged());
  }

  static List<JobEvent> allEvents(LifecycleGateway g, String jobId) {
    List<JobEvent> newestFirst = new ArrayList<>();
    String after = null;
    while (true) {
      Page<JobEvent> page = g.listEvents(jobId, after, 100);
      newestFirst.addAll(page.data());
      if (!page.hasMore() || page.data().isEmpty()) {
        break;
      }
      after = page.last().id();
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static Set<String> folderNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** Every file of the archive but the manifest and hidden ones. */
  static Set<String> archiveFiles(Path root) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        boolean hidden = false;
        for (Path part : root.relativize(p)) {
          hidden |= part.toString().startsWith(".");
        }
        if (!hidden
            && !rel.equals(BackupManifest.FILE)
            && !rel.equals(BackupManifest.VERIFIED_FILE)) {
          out.add(rel);
        }
      }
    }
    return out;
  }
}
