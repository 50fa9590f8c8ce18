package dev.openaift.retirement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.record.Recordings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what the archive proves, from files written by hand in each contract's shape. */
class ArchiveEvidenceTest {
  private static final String MODEL = "ft:gpt-4o-mini-2024-07-18:org:my_bot:abc";
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @TempDir Path root;

  private void write(String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private String recording(String sha) {
    return Recordings.FOLDER + "/" + Recordings.folderOf(MODEL) + "/" + sha + "/";
  }

  private static String answer(int index) {
    return "{\"index\": " + index + ", \"answer\": \"x\", \"prompt_sha256\": \"p\"}\n";
  }

  @Test
  void recordingsAreCountedByDistinctAnswersWhateverKeysTheHeaderGains() throws IOException {
    // a header of a later version with an endpoint: the keys read are still there
    write(
        recording(SHA_A) + "header.json",
        "{\"format\": \"openai-ft.recording\", \"version\": 2, \"model\": \""
            + MODEL
            + "\", \"data_file\": \"valid.jsonl\", \"data_sha256\": \""
            + SHA_A
            + "\", \"examples\": 3, \"endpoint\": {\"provider\": \"azure\", \"host\": \"h\"}}");
    // index 1 twice, a damaged line, a torn last line
    write(
        recording(SHA_A) + "answers.jsonl",
        answer(0) + answer(1) + answer(1) + "not json\n" + "{\"index\": 2, \"ans");
    write(
        recording(SHA_B) + "header.json",
        "{\"model\": \"" + MODEL + "\", \"data_file\": \"train.jsonl\", \"examples\": 2}");
    write(recording(SHA_B) + "answers.jsonl", answer(0) + answer(1));
    List<ArchiveEvidence.Recorded> recs = ArchiveEvidence.read(root).recordings(MODEL);
    assertEquals(2, recs.size());
    assertEquals("train.jsonl", recs.get(0).dataFile(), "the complete one first");
    assertTrue(recs.get(0).complete());
    assertEquals(SHA_B, recs.get(0).dataSha256(), "the folder's hash when the header has none");
    assertEquals(2, recs.get(1).answers());
    assertEquals(3, recs.get(1).examples());
    assertFalse(recs.get(1).complete());
  }

  @Test
  void theLatestEvaluationWinsWhereverItLivesInTheArchive() throws IOException {
    String verdict =
        "{\"candidate\": \"%s\", \"reference\": \"%s\", \"metric\": \"exact\", \"margin\": 0.1,"
            + " \"lower_bound\": -0.05, \"upper_bound\": 0.02, \"verdict\": \"%s\","
            + " \"examples_to_settle\": 120, \"n\": 40}";
    write(
        "evals/a/eval.json",
        "{\"format\": \"openai-ft.eval\", \"created\": \"2026-11-01T00:00:00Z\", \"verdicts\": ["
            + String.format(verdict, "c1", "recorded:" + MODEL, "PASS")
            + "]}");
    write(
        "my-runs/deep/eval.json",
        "{\"format\": \"openai-ft.eval\", \"created\": \"2026-11-05T00:00:00Z\", \"verdicts\": ["
            + String.format(verdict, "c2", MODEL, "INCONCLUSIVE")
            + "]}");
    // later still, but not ours: a hidden folder, recordings, a broken file, another format
    write(
        ".tmp/eval.json",
        "{\"format\": \"openai-ft.eval\", \"created\": \"2026-12-01T00:00:00Z\", \"verdicts\": ["
            + String.format(verdict, "c3", MODEL, "FAIL")
            + "]}");
    write("job/evals/b/eval.json", "{\"format\": \"openai-ft.eval\", \"created\": ");
    write(
        "job/evals/c/eval.json",
        "{\"format\": \"other\", \"created\": \"2026-12-01T00:00:00Z\", \"verdicts\": ["
            + String.format(verdict, "c4", MODEL, "FAIL")
            + "]}");
    List<ArchiveEvidence.Verdict> v = ArchiveEvidence.read(root).latestVerdicts(MODEL);
    assertEquals(1, v.size(), v.toString());
    assertEquals("c2", v.get(0).candidate());
    assertEquals(ArchiveEvidence.Outcome.INCONCLUSIVE, v.get(0).verdict());
    assertEquals(120L, v.get(0).examplesToSettle());
    assertEquals(Instant.parse("2026-11-05T00:00:00Z"), v.get(0).created());
    Readiness.Replacement r = Readiness.replacement(v);
    assertEquals(ArchiveEvidence.Outcome.INCONCLUSIVE, r.outcome());
  }

  @Test
  void aCandidateIsAsGoodAsItsWorstMetricAndTheBestCandidateIsShown() {
    Instant t = Instant.parse("2026-11-05T00:00:00Z");
    List<ArchiveEvidence.Verdict> v =
        List.of(
            verdict("a", "exact", ArchiveEvidence.Outcome.PASS, t),
            verdict("a", "f1", ArchiveEvidence.Outcome.FAIL, t),
            verdict("b", "exact", ArchiveEvidence.Outcome.PASS, t),
            verdict("b", "f1", ArchiveEvidence.Outcome.INCONCLUSIVE, t));
    Readiness.Replacement r = Readiness.replacement(v);
    assertEquals("b", r.candidate());
    assertEquals(ArchiveEvidence.Outcome.INCONCLUSIVE, r.outcome());
    assertNull(Readiness.replacement(List.of()));
  }

  private static ArchiveEvidence.Verdict verdict(
      String candidate, String metric, ArchiveEvidence.Outcome o, Instant t) {
    return new ArchiveEvidence.Verdict(
        Path.of("eval.json"), t, candidate, MODEL, metric, o, 0.1, null, null, null, 10L);
  }

  @Test
  void theVerificationIsReadAndAnUnreadableOneProvesNothing() throws IOException {
    assertTrue(ArchiveEvidence.read(root).verification().isEmpty());
    write(
        ArchiveEvidence.VERIFIED_FILE,
        "{\"verified_at\": \"2026-11-28T09:30:00Z\", \"ok\": false, \"jobs\": {\"ftjob-1\":"
            + " \"ok\", \"ftjob-2\": \"altered\"}, \"added_later\": 1}");
    ArchiveEvidence.Verification v = ArchiveEvidence.read(root).verification().orElseThrow();
    assertEquals(Instant.parse("2026-11-28T09:30:00Z"), v.verifiedAt());
    assertFalse(v.ok());
    assertEquals("altered", v.jobs().get("ftjob-2"));
    write(ArchiveEvidence.VERIFIED_FILE, "{\"verified_at\": ");
    assertTrue(ArchiveEvidence.read(root).verification().isEmpty());
  }

  @Test
  void theDataCopyNamesAreTheBackups() {
    assertEquals(dev.openaift.archive.Backup.FILES_DIR, ArchivedJobs.FILES_DIR);
    assertEquals(dev.openaift.archive.Backup.FILE_META, ArchivedJobs.FILE_META);
    assertEquals(dev.openaift.metrics.JobInputs.JOB, ArchivedJobs.JOB_FILE);
    assertEquals(dev.openaift.metrics.JobInputs.CHECKPOINTS, ArchivedJobs.CHECKPOINTS_FILE);
  }

  @Test
  void aDataCopyIsFoundOrItsAbsenceExplained() throws IOException {
    ArchivedJobs none = ArchivedJobs.read(root);
    assertEquals("not backed up", none.dataCopy("file-1").why());
    assertEquals("not a usable file id", none.dataCopy("../x").why());
    write(
        "files/file-1/file.json",
        "{\"id\": \"file-1\", \"path\": \"files/file-1/valid.jsonl\", \"sha256\": \""
            + SHA_A
            + "\", \"metadata\": {\"filename\": \"valid.jsonl\"}}");
    assertTrue(none.dataCopy("file-1").why().contains("missing"));
    write("files/file-1/valid.jsonl", "{}\n");
    ArchivedJobs.DataCopy c = none.dataCopy("file-1").copy();
    assertEquals("valid.jsonl", c.filename());
    assertEquals(SHA_A, c.sha256());
    write(
        "files/file-2/file.json",
        "{\"id\": \"file-2\", \"path\": null, \"refused\": \"403\", \"local_copy\": \"none\"}");
    assertTrue(none.dataCopy("file-2").why().startsWith("the API refused its content"));
    write("files/file-3/file.json", "{\"id\": \"file-3\", \"path\": \"files/file-1/valid.jsonl\"}");
    assertTrue(none.dataCopy("file-3").why().contains("missing"), "only inside its own folder");
  }
}
