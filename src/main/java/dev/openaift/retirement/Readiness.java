package dev.openaift.retirement;

import dev.openaift.retirement.ArchiveEvidence.Outcome;
import dev.openaift.retirement.ArchiveEvidence.Recorded;
import dev.openaift.retirement.ArchiveEvidence.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Am I safe? Per fine-tuned model and checkpoint of an {@link Inventory}: whether its job's backup
 * verified, how completely it is recorded, and the latest verdict on a replacement. A model is
 * <b>safe</b> when its job is archived and "ok" in the last {@code backup --verify}, and it has a
 * complete recording (answers for every example of its data file): then the archive holds both how
 * it was made and how it behaves, whatever happens to the service.
 */
public final class Readiness {
  /** The backup of a model's job. */
  public enum BackupState {
    /** Archived, and "ok" in the last verification. */
    VERIFIED("verified"),
    /** Archived, but not in a verification (none run since, or never). */
    UNVERIFIED("not verified"),
    /** The last verification found its files changed. */
    ALTERED("altered"),
    /** The last verification found its files missing. */
    MISSING("missing"),
    /** The last verification lists it as failed to back up. */
    FAILED("failed"),
    /** Not in the archive. */
    NONE("no");

    private final String label;

    BackupState(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * A replacement's latest judgement against this model.
   *
   * @param outcome the best candidate's outcome (a candidate's outcome is its worst over the
   *     metrics)
   * @param candidate that candidate
   * @param created when the evaluation was made
   * @param verdicts every verdict of that evaluation against this model
   */
  public record Replacement(
      Outcome outcome, String candidate, Instant created, List<Verdict> verdicts) {
    public Replacement {
      verdicts = List.copyOf(verdicts);
    }
  }

  /**
   * One row's readiness.
   *
   * @param jobId the job that made the model (from the API or the archive), or null
   * @param backup its job's backup
   * @param verifiedAt when the verification that said "ok" ran, or null
   * @param recordings its recordings, most complete first
   * @param replacement the latest verdict on a replacement, or null
   * @param missing what it lacks to be safe, in words ({@code a verified backup}, {@code a complete
   *     recording (5 of 12 answers)}); empty when safe
   */
  public record Status(
      Inventory.Row row,
      String jobId,
      BackupState backup,
      Instant verifiedAt,
      List<Recorded> recordings,
      Replacement replacement,
      List<String> missing) {
    public Status {
      recordings = List.copyOf(recordings);
      missing = List.copyOf(missing);
    }

    public boolean safe() {
      return missing.isEmpty();
    }

    /** The most complete recording, if any. */
    public Optional<Recorded> best() {
      return recordings.isEmpty() ? Optional.empty() : Optional.of(recordings.get(0));
    }

    /** A fine-tuned model or checkpoint (not a base model). */
    public boolean fineTuned() {
      return row.kind() != Inventory.Kind.BASE;
    }

    /**
     * Whether it counts against {@code --check-within days}: not safe, shutting down within that
     * many days and still answering (nothing can record a model that has shut down or was deleted).
     */
    public boolean atRisk(long days) {
      return fineTuned() && !safe() && row.answers() && row.shutdown().within(days);
    }
  }

  private Readiness() {}

  /**
   * The readiness of every row (base models get no verdict on backup and recording: they are not
   * yours to keep).
   */
  public static List<Status> of(
      List<Inventory.Row> rows, ArchivedJobs archive, ArchiveEvidence evidence) {
    List<Status> out = new ArrayList<>();
    Optional<ArchiveEvidence.Verification> v = evidence.verification();
    for (Inventory.Row r : rows) {
      List<Recorded> recs = evidence.recordings(r.model());
      Replacement replacement = replacement(evidence.latestVerdicts(r.model()));
      if (r.kind() == Inventory.Kind.BASE) {
        out.add(new Status(r, null, BackupState.NONE, null, recs, replacement, List.of()));
        continue;
      }
      String jobId = r.jobId() != null ? r.jobId() : archive.jobOf(r.model()).orElse(null);
      BackupState backup;
      Instant at = null;
      boolean archived = (r.jobId() != null && r.archived()) || archive.archived(jobId);
      if (jobId == null || !archived) {
        backup = BackupState.NONE;
      } else {
        String said = v.map(x -> x.jobs().get(jobId)).orElse(null);
        backup =
            said == null
                ? BackupState.UNVERIFIED
                : switch (said) {
                  case "ok" -> BackupState.VERIFIED;
                  case "altered" -> BackupState.ALTERED;
                  case "missing" -> BackupState.MISSING;
                  case "failed" -> BackupState.FAILED;
                  default -> BackupState.UNVERIFIED;
                };
        if (backup == BackupState.VERIFIED) {
          at = v.get().verifiedAt();
        }
      }
      List<String> missing = new ArrayList<>();
      switch (backup) {
        case VERIFIED -> {}
        case NONE -> missing.add(jobId == null ? "a backup (no job of it is known)" : "a backup");
        case UNVERIFIED -> missing.add("a verified backup");
        default -> missing.add("a verified backup (the last verify says " + backup.label() + ")");
      }
      Optional<Recorded> best = recs.stream().findFirst();
      if (best.isEmpty()) {
        missing.add("a recording");
      } else if (!best.get().complete()) {
        missing.add(
            "a complete recording ("
                + best.get().answers()
                + " of "
                + (best.get().examples() > 0 ? best.get().examples() : "?")
                + " answers)");
      }
      out.add(new Status(r, jobId, backup, at, recs, replacement, missing));
    }
    return out;
  }

  /** The best candidate of the latest evaluation against a model, or null without one. */
  static Replacement replacement(List<Verdict> verdicts) {
    if (verdicts.isEmpty()) {
      return null;
    }
    Map<String, Outcome> worst = new TreeMap<>();
    for (Verdict v : verdicts) {
      String c = v.candidate() == null ? "?" : v.candidate();
      worst.merge(c, v.verdict(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    Map.Entry<String, Outcome> best =
        worst.entrySet().stream()
            .max(
                Comparator.comparing((Map.Entry<String, Outcome> e) -> e.getValue())
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
            .orElseThrow();
    return new Replacement(best.getValue(), best.getKey(), verdicts.get(0).created(), verdicts);
  }
}
