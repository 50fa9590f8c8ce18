package dev.openaift.retirement;

import dev.openaift.api.ModelEntry;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.ModelIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every fine-tuned model and checkpoint model an account holds, each with its shutdown: built from
 * the models list, the jobs list and each job's checkpoints, sorted soonest shutdown first.
 */
public final class Inventory {
  /** What a row is. */
  public enum Kind {
    MODEL,
    CHECKPOINT,
    BASE;

    /** How tables and JSON name it: the constant's name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One model.
   *
   * @param baseModel the snapshot it was trained from (itself for a base model)
   * @param jobId the job that made it, or null when no listed job did
   * @param created unix seconds, or null
   * @param archived whether the job is archived locally ({@code reports/<job-id>/job.json})
   * @param deleted a fine-tuned model a job made that the models list no longer holds: deleted
   *     ({@code models delete}), so it answers no more, whatever its shutdown date says
   *     (checkpoints are never held to this: the models list need not carry them)
   */
  public record Row(
      String model,
      Kind kind,
      String baseModel,
      String jobId,
      Long created,
      Shutdown shutdown,
      boolean archived,
      boolean deleted) {

    /**
     * Whether it can still be asked, so recorded: neither shut down nor deleted. What a model that
     * can no longer answer lacks is out of reach, so no check holds it against anyone.
     */
    public boolean answers() {
      return !shutdown.past() && !deleted;
    }
  }

  /** Soonest shutdown first, models without a date last; then by model id. */
  public static final Comparator<Row> SOONEST_FIRST =
      Comparator.comparing(
              (Row r) -> r.shutdown().daysLeft() == null ? Long.MAX_VALUE : r.shutdown().daysLeft())
          .thenComparing(Row::model);

  private Inventory() {}

  /**
   * The rows for an account.
   *
   * @param models the models list (a job's fine-tuned model missing from it is {@link Row#deleted})
   * @param jobs every job
   * @param checkpoints a job's checkpoints (called for every job that got as far as training)
   * @param archived whether a job id is archived locally
   * @param withBaseModels also list the base models (a row each)
   */
  public static List<Row> build(
      List<ModelEntry> models,
      List<Job> jobs,
      Function<String, List<Checkpoint>> checkpoints,
      Predicate<String> archived,
      Shutdowns shutdowns,
      boolean withBaseModels) {
    Map<String, Row> rows = new LinkedHashMap<>();
    Map<String, Long> created = new LinkedHashMap<>();
    models.forEach(m -> created.put(m.id(), m.created()));
    // the models list is what still answers: a job's model missing from it was deleted
    Set<String> listed = created.keySet();
    for (Job j : jobs) {
      boolean isArchived = archived.test(j.id());
      if (j.fineTunedModel() != null) {
        Long at = created.getOrDefault(j.fineTunedModel(), j.finishedAt());
        put(
            rows,
            row(
                j.fineTunedModel(),
                Kind.MODEL,
                j.id(),
                at != null ? at : j.finishedAt(),
                isArchived,
                !listed.contains(j.fineTunedModel()),
                shutdowns));
      }
      if (trained(j)) {
        for (Checkpoint c : checkpoints.apply(j.id())) {
          if (c.fineTunedModelCheckpoint() != null) {
            put(
                rows,
                row(
                    c.fineTunedModelCheckpoint(),
                    Kind.CHECKPOINT,
                    j.id(),
                    c.createdAt(),
                    isArchived,
                    false,
                    shutdowns));
          }
        }
      }
    }
    for (ModelEntry m : models) {
      if (m.id() == null || rows.containsKey(m.id())) {
        continue;
      }
      if (m.fineTuned()) {
        Kind kind = ModelIds.isCheckpoint(m.id()) ? Kind.CHECKPOINT : Kind.MODEL;
        put(rows, row(m.id(), kind, null, m.created(), false, false, shutdowns));
      } else if (withBaseModels) {
        put(rows, row(m.id(), Kind.BASE, null, m.created(), false, false, shutdowns));
      }
    }
    List<Row> out = new ArrayList<>(rows.values());
    out.sort(SOONEST_FIRST);
    return out;
  }

  private static boolean trained(Job j) {
    String s = j.status();
    return s == null || !Job.waiting(s);
  }

  private static Row row(
      String model,
      Kind kind,
      String jobId,
      Long created,
      boolean archived,
      boolean deleted,
      Shutdowns s) {
    return new Row(
        model, kind, ModelIds.base(model), jobId, created, s.of(model), archived, deleted);
  }

  private static void put(Map<String, Row> rows, Row r) {
    rows.putIfAbsent(r.model(), r);
  }
}
