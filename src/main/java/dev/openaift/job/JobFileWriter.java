package dev.openaift.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the archive's job files in the API's wire layout ({@link JobJson}), each atomically:
 * {@code job.json} and {@code checkpoints.json} pretty-printed ({@code events.jsonl} is appended by
 * {@code archive/FileEventStore}). {@link JobFiles} reads them back.
 */
public final class JobFileWriter {
  private JobFileWriter() {}

  /** Writes {@code job.json} (pretty, wire layout) atomically. */
  public static void writeJob(Path path, Job job) {
    writeAtomically(path, pretty(JobJson.jobToJson(job)));
  }

  /** Writes checkpoints as a saved list page (pretty), atomically. */
  public static void writeCheckpoints(Path path, List<Checkpoint> checkpoints) {
    ObjectNode page = Json.mapper().createObjectNode();
    page.put("object", "list");
    ArrayNode data = page.putArray("data");
    for (Checkpoint c : checkpoints) {
      data.add(JobJson.checkpointToJson(c));
    }
    page.put("has_more", false);
    writeAtomically(path, pretty(page));
  }

  private static String pretty(JsonNode node) {
    try {
      return Json.pretty().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write JSON", ex);
    }
  }

  /**
   * Writes text as UTF-8 to a temporary file beside {@code path}, then moves it into place, so a
   * reader never sees half a file.
   */
  static void writeAtomically(Path path, String text) {
    try {
      AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + path + ": " + ex.getMessage(), ex);
    }
  }
}
