package dev.openaift.retirement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import java.util.List;
import java.util.Locale;

/**
 * {@code inventory --json}: the models, their shutdown dates and readiness as one JSON document.
 */
public final class InventoryJson {
  private InventoryJson() {}

  /**
   * The document: today, when new jobs stop, the dated table used, one object per model (its
   * shutdown, backup, recordings, replacement verdict, what it lacks) and the readiness counts.
   *
   * @param atRisk the models that fail the check, empty without one
   * @param checkWithin the days of the check ({@code --check-within}), or null
   */
  public static ObjectNode of(
      List<Readiness.Status> statuses,
      Shutdowns shutdowns,
      List<Readiness.Status> atRisk,
      Integer checkWithin) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("today", shutdowns.today().toString());
    ObjectNode stop = root.putObject("new_jobs_stop");
    shutdowns
        .table()
        .newJobsStop()
        .ifPresentOrElse(
            d -> {
              stop.put("date", d.toString());
              stop.put("days_left", shutdowns.daysUntil(d));
            },
            () -> root.putNull("new_jobs_stop"));
    ObjectNode table = root.putObject("retirement_dates");
    table.put("as_of", shutdowns.table().asOf());
    table.put(
        "file",
        shutdowns.table().override() == null ? null : shutdowns.table().override().toString());
    ArrayNode list = root.putArray("models");
    for (Readiness.Status st : statuses) {
      Inventory.Row r = st.row();
      ObjectNode n = list.addObject();
      Shutdown s = r.shutdown();
      n.put("model", r.model());
      n.put("kind", r.kind().label());
      n.put("base_model", r.baseModel());
      n.put("job_id", r.jobId());
      n.put("created", r.created());
      n.put("shutdown_date", s.date() == null ? null : s.date().toString());
      n.put("days_left", s.daysLeft());
      n.put("date_source", s.source().label());
      n.put("archived", r.archived());
      if (!st.fineTuned()) {
        continue;
      }
      n.put("deleted", r.deleted());
      ObjectNode backup = n.putObject("backup");
      backup.put("job_id", st.jobId());
      backup.put("state", st.backup().name().toLowerCase(Locale.ROOT));
      backup.put("verified_at", st.verifiedAt() == null ? null : st.verifiedAt().toString());
      ArrayNode recs = n.putArray("recordings");
      for (ArchiveEvidence.Recorded rec : st.recordings()) {
        ObjectNode x = recs.addObject();
        x.put("data_file", rec.dataFile());
        x.put("data_sha256", rec.dataSha256());
        x.put("answers", rec.answers());
        x.put("examples", rec.examples());
        x.put("complete", rec.complete());
      }
      n.put("recorded_completely", st.best().map(ArchiveEvidence.Recorded::complete).orElse(false));
      Readiness.Replacement rep = st.replacement();
      if (rep == null) {
        n.putNull("replacement");
      } else {
        ObjectNode x = n.putObject("replacement");
        x.put("verdict", rep.outcome().name());
        x.put("candidate", rep.candidate());
        x.put("created", rep.created().toString());
        x.put("file", rep.verdicts().get(0).file().toString());
        ArrayNode vs = x.putArray("verdicts");
        for (ArchiveEvidence.Verdict v : rep.verdicts()) {
          ObjectNode y = vs.addObject();
          y.put("candidate", v.candidate());
          y.put("reference", v.reference());
          y.put("metric", v.metric());
          y.put("verdict", v.verdict().name());
          y.put("margin", v.margin());
          y.put("lower_bound", v.lowerBound());
          y.put("upper_bound", v.upperBound());
          y.put("examples_to_settle", v.examplesToSettle());
          y.put("n", v.n());
        }
      }
      n.put("safe", st.safe());
      ArrayNode missing = n.putArray("missing");
      st.missing().forEach(missing::add);
    }
    ObjectNode ready = root.putObject("readiness");
    ready.put(
        "models", statuses.stream().filter(st -> st.row().kind() == Inventory.Kind.MODEL).count());
    ready.put(
        "models_safe",
        statuses.stream()
            .filter(st -> st.row().kind() == Inventory.Kind.MODEL && st.safe())
            .count());
    ready.put(
        "checkpoints",
        statuses.stream().filter(st -> st.row().kind() == Inventory.Kind.CHECKPOINT).count());
    ready.put(
        "checkpoints_safe",
        statuses.stream()
            .filter(st -> st.row().kind() == Inventory.Kind.CHECKPOINT && st.safe())
            .count());
    if (checkWithin == null) {
      ready.putNull("check_within");
    } else {
      ready.put("check_within", checkWithin);
    }
    ArrayNode risk = ready.putArray("not_ready");
    atRisk.forEach(st -> risk.add(st.row().model()));
    return root;
  }
}
