package dev.openaift.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.FileInfo;
import dev.openaift.api.ModelEntry;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Our records back as the API's JSON objects for {@code --json}: API field names, unix seconds,
 * keys sorted at every level, one pretty-printed document per command (a list for list commands).
 */
final class ApiJson {
  private static final ObjectMapper MAPPER = Json.mapper();

  private ApiJson() {}

  static ObjectNode file(FileInfo f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", f.id());
    n.put("object", "file");
    if (f.bytes() >= 0) {
      n.put("bytes", f.bytes());
    } else {
      n.putNull("bytes");
    }
    n.put("created_at", f.createdAt());
    n.put("filename", f.filename());
    n.put("purpose", f.purpose());
    return n;
  }

  static ObjectNode job(Job j) {
    return JobJson.jobToJson(j);
  }

  static ObjectNode checkpoint(Checkpoint c) {
    return JobJson.checkpointToJson(c);
  }

  static ObjectNode model(ModelEntry m) {
    return m.toJson().put("object", "model");
  }

  /** A {@code chat.completion} with the one choice this tool asks for. */
  static ObjectNode chat(ChatCompletion a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", a.id());
    n.put("object", "chat.completion");
    n.put("model", a.model());
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", a.finishReason());
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", a.content());
    ObjectNode usage = n.putObject("usage");
    usage.put("prompt_tokens", a.promptTokens());
    usage.put("completion_tokens", a.completionTokens());
    usage.put("total_tokens", a.totalTokens());
    return n;
  }

  /** What a delete answers: {@code {"id", "object", "deleted"}}. */
  static ObjectNode deleted(String id, String object, boolean deleted) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", id);
    n.put("object", object);
    n.put("deleted", deleted);
    return n;
  }

  static ObjectNode object(Map<String, ?> map) {
    return MAPPER.valueToTree(map);
  }

  static <T> ArrayNode list(List<T> items, Function<T, ? extends JsonNode> toJson) {
    ArrayNode a = MAPPER.createArrayNode();
    items.forEach(i -> a.add(toJson.apply(i)));
    return a;
  }

  /** Prints one document, keys sorted, followed by a line break. */
  static void print(PrintWriter out, JsonNode node) {
    // data for programs (jq): as it is, not escaped for people
    PrintWriter data = Echo.raw(out);
    data.println(text(node));
    data.flush();
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
