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
   */
  public record Row(
      String model,
      Kind kind,
      String baseModel,
      String jobId,
      Long created,
      Shutdown shutdown,
      boolean archived) {}

  /** Soonest shutdown first, models without a date last; then by model id. */
  public static final Comparator<Row> SOONEST_FIRST =
      Comparator.comparing(
              (Row r) -> r.shutdown().daysLeft() == null ? Long.MAX_VALUE : r.shutdown().daysLeft())
          .thenComparing(Row::model);

  private Inventory() {}

  /**
   * The rows for an account.
   *
   * @param models the models list
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
        put(rows, row(m.id(), kind, null, m.created(), false, shutdowns));
      } else if (withBaseModels) {
        put(rows, row(m.id(), Kind.BASE, null, m.created(), false, shutdowns));
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
      String model, Kind kind, String jobId, Long created, boolean archived, Shutdowns s) {
    return new Row(model, kind, ModelIds.base(model), jobId, created, s.of(model), archived);
  }

  private static void put(Map<String, Row> rows, Row r) {
    rows.putIfAbsent(r.model(), r);
  }
}
