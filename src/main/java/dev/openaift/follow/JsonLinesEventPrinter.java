package dev.openaift.follow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints each event as one JSON object per line, with the API's field names ({@code created_at},
 * {@code data}, {@code id}, {@code level}, {@code message}, {@code object}, {@code type}) and keys
 * sorted at every level. For standard output (piping into {@code jq}), not for the archive.
 */
public final class JsonLinesEventPrinter implements FollowListener {
  private static final ObjectMapper JSON = Json.mapper();

  private final PrintWriter out;

  public JsonLinesEventPrinter(PrintWriter out) {
    this.out = Echo.raw(out); // data for programs (jq): as it is
  }

  /** One event as a JSON line, without the line break. */
  public static String line(JobEvent event) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", event.id());
    m.put("object", "fine_tuning.job.event");
    m.put("created_at", event.createdAt());
    m.put("level", event.level());
    m.put("message", event.message());
    m.put("type", event.type());
    m.put("data", event.data());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "event " + event.id() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void onEvents(List<JobEvent> events) {
    for (JobEvent e : events) {
      out.println(line(e));
    }
    out.flush();
  }
}
