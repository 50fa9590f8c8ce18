package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates and reads a fine-tuning JSONL file the way the service does before a job starts.
 *
 * <p>Supervised lines are {@code {"messages":[...]}} with roles system, user, assistant, tool or
 * developer, content a string or a list of parts, and at least one assistant message. DPO lines are
 * {@code
 * {"input":{"messages":[...]},"preferred_output":[assistant],"non_preferred_output":[assistant]}}.
 * Blank lines are skipped. A problem is reported as {@link Problem} naming the 1-based line.
 */
final class TrainingData {
  static final int MIN_TRAINING_EXAMPLES = 10;
  private static final Set<String> ROLES =
      Set.of("system", "user", "assistant", "tool", "developer");
  private static final ObjectMapper MAPPER = dev.openaift.io.Json.standard();

  private TrainingData() {}

  /** One example as the simulator needs it: what was asked, what should be answered, its size. */
  record Example(String prompt, String answer, long tokens) {}

  /** A file problem; {@code line} is 0 when it concerns the whole file. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    Problem(int line, String message) {
      super(line > 0 ? "Line " + line + ": " + message : message);
      this.line = line;
    }
  }

  /**
   * Reads every example of {@code content}.
   *
   * @param dpo whether lines are in the DPO preference format
   * @param minExamples the fewest examples accepted (10 for training files, 1 for validation files)
   */
  static List<Example> read(byte[] content, boolean dpo, int minExamples) throws Problem {
    return read(content, dpo ? "dpo" : "supervised", minExamples);
  }

  /**
   * Reads every example of {@code content} in the format of {@code method}: {@code supervised},
   * {@code dpo}, or {@code reinforcement} ({@code {"messages":[...], ...}}: no assistant message at
   * the end, any other fields are for the grader; the first string among them is the reference
   * answer).
   */
  static List<Example> read(byte[] content, String method, int minExamples) throws Problem {
    String text = new String(content, StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n", -1);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int no = i + 1;
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (Exception e) {
        throw new Problem(no, "not valid JSON");
      }
      if (node == null || !node.isObject()) {
        throw new Problem(no, "expected a JSON object");
      }
      out.add(
          switch (method) {
            case "dpo" -> dpoExample(node, no);
            case "reinforcement" -> reinforcementExample(node, no);
            default -> supervisedExample(node, no);
          });
    }
    if (out.size() < minExamples) {
      throw new Problem(
          0,
          String.format(
              Locale.ROOT,
              "The file has %d example(s), but at least %d are required.",
              out.size(),
              minExamples));
    }
    return out;
  }

  /** The example's non-empty {@code messages} list. */
  private static JsonNode messages(JsonNode node, int no) throws Problem {
    JsonNode messages = node.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new Problem(
          no, "missing \"messages\": each example needs a non-empty list of messages");
    }
    return messages;
  }

  private static Example supervisedExample(JsonNode node, int no) throws Problem {
    JsonNode messages = messages(node, no);
    long tokens = 3;
    String prompt = "";
    String lastUser = "";
    String answer = null;
    for (int m = 0; m < messages.size(); m++) {
      JsonNode msg = messages.get(m);
      String role = role(msg, no, m);
      String content = content(msg, role, no, m);
      JsonNode weight = msg.get("weight");
      if (weight != null
          && !(weight.isIntegralNumber() && (weight.asInt() == 0 || weight.asInt() == 1))) {
        throw new Problem(no, "message " + (m + 1) + " has a weight other than 0 or 1");
      }
      if (weight != null && !role.equals("assistant")) {
        throw new Problem(
            no, "message " + (m + 1) + " has a weight but is not an assistant message");
      }
      tokens += Tokens.message(content);
      if (role.equals("user")) {
        lastUser = content;
      } else if (role.equals("assistant")) {
        answer = content;
        prompt = lastUser;
      }
    }
    if (answer == null) {
      throw new Problem(no, "no assistant message: each example needs at least one");
    }
    return new Example(prompt, answer, tokens);
  }

  private static Example dpoExample(JsonNode node, int no) throws Problem {
    JsonNode input = node.get("input");
    JsonNode messages = input == null ? null : input.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new Problem(
          no, "missing \"input.messages\": a DPO example needs a non-empty list of input messages");
    }
    long tokens = 3;
    String prompt = "";
    for (int m = 0; m < messages.size(); m++) {
      JsonNode msg = messages.get(m);
      String role = role(msg, no, m);
      String content = content(msg, role, no, m);
      tokens += Tokens.message(content);
      if (role.equals("user")) {
        prompt = content;
      }
    }
    String preferred = output(node, "preferred_output", no);
    String other = output(node, "non_preferred_output", no);
    tokens += Tokens.message(preferred) + Tokens.message(other);
    return new Example(prompt, preferred, tokens);
  }

  private static Example reinforcementExample(JsonNode node, int no) throws Problem {
    JsonNode messages = messages(node, no);
    long tokens = 3;
    String prompt = "";
    String last = "";
    for (int m = 0; m < messages.size(); m++) {
      JsonNode msg = messages.get(m);
      last = role(msg, no, m);
      String content = content(msg, last, no, m);
      tokens += Tokens.message(content);
      if (last.equals("user")) {
        prompt = content;
      }
    }
    if (last.equals("assistant")) {
      throw new Problem(
          no,
          "the last message is an assistant message: in a reinforcement example the model"
              + " writes the answer, so end with a user or developer message");
    }
    String reference = "";
    for (var e : node.properties()) {
      if (!e.getKey().equals("messages") && e.getValue().isTextual()) {
        reference = e.getValue().asText();
        break;
      }
    }
    return new Example(prompt, reference, tokens);
  }

  private static String output(JsonNode node, String field, int no) throws Problem {
    JsonNode list = node.get(field);
    if (list == null || !list.isArray() || list.size() != 1) {
      throw new Problem(no, "\"" + field + "\" must be a list with exactly one assistant message");
    }
    JsonNode msg = list.get(0);
    String role = role(msg, no, 0);
    if (!role.equals("assistant")) {
      throw new Problem(no, "\"" + field + "\" must hold an assistant message, not " + role);
    }
    return content(msg, role, no, 0);
  }

  private static String role(JsonNode msg, int no, int m) throws Problem {
    if (msg == null || !msg.isObject()) {
      throw new Problem(no, "message " + (m + 1) + " is not an object");
    }
    JsonNode role = msg.get("role");
    if (role == null || !role.isTextual()) {
      throw new Problem(no, "message " + (m + 1) + " has no \"role\"");
    }
    if (!ROLES.contains(role.asText())) {
      throw new Problem(
          no,
          "message "
              + (m + 1)
              + " has an invalid role \""
              + role.asText()
              + "\" (expected system, user, assistant, tool or developer)");
    }
    return role.asText();
  }

  private static String content(JsonNode msg, String role, int no, int m) throws Problem {
    JsonNode c = msg.get("content");
    if (c != null && c.isTextual()) {
      return c.asText();
    }
    if (c != null && c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        JsonNode type = part.get("type");
        if (type == null || !type.isTextual()) {
          throw new Problem(no, "message " + (m + 1) + " has a content part without a \"type\"");
        }
        if (type.asText().equals("text")) {
          JsonNode t = part.get("text");
          if (t == null || !t.isTextual()) {
            throw new Problem(no, "message " + (m + 1) + " has a text part without \"text\"");
          }
          sb.append(t.asText());
        }
      }
      return sb.toString();
    }
    boolean toolCall = msg.has("tool_calls") || msg.has("function_call");
    if (role.equals("assistant") && toolCall && (c == null || c.isNull())) {
      return "";
    }
    throw new Problem(
        no, "message " + (m + 1) + " has no \"content\" (a string or a list of parts)");
  }
}
