package dev.openaift.archive;

import dev.openaift.metrics.JobInputs;
import dev.openaift.record.Recordings;
import java.util.Set;

/**
 * Which files of the archive are <b>records</b> and which are <b>views</b>, as the backup manifest
 * tells them apart.
 *
 * <p>A record came from the API or from a model and cannot be made again from anything else in the
 * archive: a job's {@code job.json}, {@code events.jsonl}, {@code checkpoints.json}, {@code
 * results.csv} (and {@code result-files/}), {@code checkpoint-permissions.json} and {@code
 * source.json}; every file under {@code files/} (training and validation files and their {@code
 * file.json}); {@code models.json}; a recording's {@code header.json} and {@code answers.jsonl}; an
 * evaluation's results ({@code eval.json}, {@code eval.csv}). Records are verified strictly.
 *
 * <p>A view is a page rebuilt from the records ({@code index.html}, a report's pages, notebook,
 * figures, {@code metrics.csv}, {@code summary.json}, an evaluation's page): rebuilding one is not
 * damage. Everything that is not a record is a view.
 *
 * <p>Two files are neither: the manifest itself and {@code backup-verified.json}, the status the
 * last {@code backup --verify} wrote.
 */
final class BackupRecords {
  /** What {@code backup --verify} last found, for {@code inventory}. A status, not a record. */
  static final String VERIFIED_FILE = "backup-verified.json";

  /** The folder of evaluations, at the archive root or in a job's folder. */
  static final String EVALS_DIR = "evals";

  private static final Set<String> JOB_RECORDS =
      Set.of(
          JobInputs.JOB,
          JobInputs.EVENTS,
          JobInputs.CHECKPOINTS,
          JobInputs.RESULTS,
          Backup.PERMISSIONS_FILE,
          JobSource.FILE);

  private static final Set<String> EVAL_RECORDS = Set.of("eval.json", "eval.csv");

  private static final Set<String> RECORDING_RECORDS =
      Set.of(Recordings.HEADER, Recordings.ANSWERS);

  /** What a file is to the manifest. */
  enum Kind {
    RECORD,
    VIEW,
    /** The manifest and the verification status: not listed. */
    STATUS
  }

  private BackupRecords() {}

  /**
   * @param rel a path relative to the archive root, {@code /}-separated
   */
  static Kind kind(String rel) {
    String[] parts = rel.split("/");
    String name = parts[parts.length - 1];
    if (parts.length == 1) {
      if (name.equals(BackupManifest.FILE) || name.equals(VERIFIED_FILE)) {
        return Kind.STATUS;
      }
      return Backup.isModelsFile(name) ? Kind.RECORD : Kind.VIEW;
    }
    String top = parts[0];
    if (top.equals(Backup.FILES_DIR)) {
      return Kind.RECORD;
    }
    if (top.equals(Recordings.FOLDER)) {
      return RECORDING_RECORDS.contains(name) ? Kind.RECORD : Kind.VIEW;
    }
    if (isEvaluation(parts)) {
      return EVAL_RECORDS.contains(name) ? Kind.RECORD : Kind.VIEW;
    }
    if (parts.length == 2 && JOB_RECORDS.contains(name)) {
      return Kind.RECORD;
    }
    if (parts.length == 3 && parts[1].equals(Backup.RESULT_FILES_DIR)) {
      return Kind.RECORD;
    }
    return Kind.VIEW;
  }

  /** Whether the path lies in an evaluation's folder ({@code evals/N/} or {@code JOB/evals/N/}). */
  static boolean isEvaluation(String rel) {
    return isEvaluation(rel.split("/"));
  }

  private static boolean isEvaluation(String[] parts) {
    return (parts.length == 3 && parts[0].equals(EVALS_DIR))
        || (parts.length == 4 && parts[1].equals(EVALS_DIR));
  }

  /**
   * Whether the record only ever grows by lines appended at its end (a recording's answers, a job's
   * events): a longer file whose first bytes are the backed-up file is grown, not damaged.
   */
  static boolean appendOnly(String rel) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    return (rel.startsWith(Recordings.FOLDER + "/") && name.equals(Recordings.ANSWERS))
        || (!rel.startsWith(Backup.FILES_DIR + "/")
            && rel.indexOf('/') == rel.lastIndexOf('/')
            && name.equals(JobInputs.EVENTS));
  }
}
