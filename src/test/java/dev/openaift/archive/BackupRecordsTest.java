package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.archive.BackupRecords.Kind;
import org.junit.jupiter.api.Test;

/** Which archive files are records, views or neither. */
class BackupRecordsTest {
  @Test
  void recordsAreWhatCameFromTheApiOrAModelViewsAreEverythingRebuiltFromThem() {
    for (String record :
        new String[] {
          "ftjob-abc/job.json",
          "ftjob-abc/events.jsonl",
          "ftjob-abc/checkpoints.json",
          "ftjob-abc/results.csv",
          "ftjob-abc/checkpoint-permissions.json",
          "ftjob-abc/source.json",
          "ftjob-abc/result-files/file-1.csv",
          "files/file-1/file.json",
          "files/file-1/train.jsonl",
          "models.json",
          "recordings/ft_gpt-4o-mini_org_x_abc/" + "0".repeat(64) + "/header.json",
          "recordings/ft_gpt-4o-mini_org_x_abc/" + "0".repeat(64) + "/answers.jsonl",
          "evals/test-1a2b3c4d/eval.json",
          "evals/test-1a2b3c4d/eval.csv",
          "ftjob-abc/evals/test-1a2b3c4d/eval.json"
        }) {
      assertEquals(Kind.RECORD, BackupRecords.kind(record), record);
    }
    for (String view :
        new String[] {
          "index.html",
          "ftjob-abc/index.html",
          "ftjob-abc/report.ipynb",
          "ftjob-abc/summary.json",
          "ftjob-abc/metrics.csv",
          "ftjob-abc/figures/loss.png",
          "evals/test-1a2b3c4d/eval.html",
          "ftjob-abc/evals/test-1a2b3c4d/eval.ipynb",
          "compare/index.html"
        }) {
      assertEquals(Kind.VIEW, BackupRecords.kind(view), view);
    }
    assertEquals(Kind.STATUS, BackupRecords.kind("backup.json"));
    assertEquals(Kind.STATUS, BackupRecords.kind("backup-verified.json"));
  }

  @Test
  void onlyLogsAppendedToMayGrow() {
    assertTrue(BackupRecords.appendOnly("recordings/m/" + "0".repeat(64) + "/answers.jsonl"));
    assertTrue(BackupRecords.appendOnly("ftjob-abc/events.jsonl"));
    assertFalse(BackupRecords.appendOnly("recordings/m/" + "0".repeat(64) + "/header.json"));
    assertFalse(BackupRecords.appendOnly("ftjob-abc/job.json"));
    assertFalse(BackupRecords.appendOnly("files/file-1/events.jsonl"));
    assertFalse(BackupRecords.appendOnly("models.json"));
  }
}
