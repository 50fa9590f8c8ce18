package dev.openaift.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;

/** The JSON documents {@code backup --json} prints: a run's summary and a verification. */
public final class BackupJson {
  private BackupJson() {}

  /** {@code backup --json}: what a run did, and what it could not fetch. */
  public static String summary(Backup.Summary s) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("jobs", s.jobs());
    n.put("archived", s.archived());
    n.put("unchanged", s.unchanged());
    n.put("failed", s.failed());
    n.put("data_files", s.dataFiles());
    n.put("bytes_written", s.bytes());
    n.put("manifest", s.manifest().toString());
    n.put("records", s.records());
    n.put("views", s.views());
    ArrayNode missing = n.putArray("not_fetched");
    s.missing().forEach(m -> missing.addObject().put("what", m.what()).put("reason", m.reason()));
    return write(n);
  }

  /** {@code backup --verify --json}: the records checked, what is damaged, grown or gone. */
  public static String verification(BackupManifest.Verification v) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("ok", v.ok());
    n.put("checked", v.records());
    ArrayNode list = n.putArray("damaged");
    v.damaged().forEach(d -> list.addObject().put("path", d.path()).put("problem", d.problem()));
    ArrayNode grown = n.putArray("grown");
    v.grown()
        .forEach(
            g ->
                grown
                    .addObject()
                    .put("path", g.path())
                    .put("bytes_before", g.bytesBefore())
                    .put("bytes_now", g.bytesNow()));
    ArrayNode rebuilt = n.putArray("views_rebuilt");
    v.viewsRebuilt().forEach(rebuilt::add);
    ArrayNode gone = n.putArray("views_missing");
    v.viewsMissing().forEach(gone::add);
    ObjectNode jobStates = n.putObject("jobs");
    v.jobs().forEach(jobStates::put);
    ArrayNode problems = n.putArray("job_problems");
    v.jobProblems()
        .forEach(p -> problems.addObject().put("job", p.jobId()).put("problem", p.problem()));
    return write(n);
  }

  private static String write(ObjectNode n) {
    try {
      return Json.pretty().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
