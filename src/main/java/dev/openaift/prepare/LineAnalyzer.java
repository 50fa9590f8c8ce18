package dev.openaift.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.models.DatasetFormat;
import dev.openaift.models.TokenCounter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Validates and measures one line on its own: parse, shape, message rules, tokens, duplicate key.
 * One instance per thread (it holds a token counter with its cache); the rules are documented on
 * {@link DatasetChecker}.
 */
final class LineAnalyzer {
  static final String CHAT_KEYS_DOC = "messages, tools, functions, parallel_tool_calls, metadata";
  static final String DPO_KEYS_DOC = "input, preferred_output, non_preferred_output, metadata";
  static final String COMPLETION_KEYS_DOC = "prompt, completion";
  static final String MESSAGE_KEYS_DOC =
      "role, content, name, weight, tool_calls, function_call, tool_call_id, refusal";
  static final String ROLES_DOC = "system, developer, user, assistant, tool, function";

  private static final Set<String> CHAT_KEYS = setOf(CHAT_KEYS_DOC);
  private static final Set<String> DPO_KEYS = setOf(DPO_KEYS_DOC);
  private static final Set<String> COMPLETION_KEYS = setOf(COMPLETION_KEYS_DOC);
  private static final Set<String> DPO_INPUT_KEYS =
      setOf("messages, tools, functions, parallel_tool_calls");
  private static final Set<String> MESSAGE_KEYS = setOf(MESSAGE_KEYS_DOC);
  private static final Set<String> ROLES = setOf(ROLES_DOC);

  private static final ObjectMapper JSON = Json.standard();

  private final TokenCounter tokens;
  private final ExampleHasher hasher = new ExampleHasher();

  LineAnalyzer(String encoding) {
    this.tokens = new TokenCounter(encoding);
  }

  LineCheck analyze(long lineNo, String line) {
    LineCheck c = new LineCheck(lineNo);
    if (line.isBlank()) {
      c.blank = true;
      return c;
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      c.add(IssueKind.NOT_JSON);
      return c;
    }
    if (!node.isObject()) {
      c.add(IssueKind.NOT_OBJECT);
      return c;
    }
    c.object = true;
    c.key = hasher.key(node);
    c.shape = shapeOf(node);
    if (c.shape == DatasetFormat.CHAT) {
      chat(node, c);
    } else if (c.shape == DatasetFormat.DPO) {
      dpo(node, c);
    } else if (c.shape == DatasetFormat.COMPLETION) {
      completion(node, c);
    }
    return c;
  }

  private static DatasetFormat shapeOf(JsonNode node) {
    if (node.has("input") || node.has("preferred_output") || node.has("non_preferred_output")) {
      return DatasetFormat.DPO;
    }
    if (node.has("messages")) {
      return DatasetFormat.CHAT;
    }
    if (node.has("prompt") || node.has("completion")) {
      return DatasetFormat.COMPLETION;
    }
    return DatasetFormat.UNKNOWN;
  }

  /**
   * Legacy pairs: tokens = prompt + completion (no chat overhead); the completion is trained on.
   */
  private void completion(JsonNode node, LineCheck c) {
    unknownKeys(node, COMPLETION_KEYS, "", IssueKind.UNKNOWN_TOP_LEVEL_KEY, c);
    JsonNode prompt = node.get("prompt");
    JsonNode completion = node.get("completion");
    if (prompt == null || !prompt.isTextual()) {
      c.add(IssueKind.BAD_COMPLETION, "prompt is missing or not text");
    }
    if (completion == null || !completion.isTextual()) {
      c.add(IssueKind.BAD_COMPLETION, "completion is missing or not text");
    } else if (completion.asText().isEmpty()) {
      c.add(IssueKind.MISSING_CONTENT);
    }
    if (c.hasError()) {
      return;
    }
    c.assistantTokens = tokens.count(completion.asText());
    c.messages = 2;
    c.tokens = tokens.count(prompt.asText()) + c.assistantTokens;
    c.sequenceTokens = c.tokens;
  }

  private void chat(JsonNode node, LineCheck c) {
    unknownKeys(node, CHAT_KEYS, "", IssueKind.UNKNOWN_TOP_LEVEL_KEY, c);
    JsonNode messages = node.get("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      c.add(IssueKind.NO_MESSAGES);
      return;
    }
    boolean assistant = false;
    boolean system = false;
    for (JsonNode m : messages) {
      String role = message(m, c);
      assistant |= "assistant".equals(role);
      system |= "system".equals(role) || "developer".equals(role);
    }
    if (!assistant) {
      c.add(IssueKind.NO_ASSISTANT);
    }
    if (!system) {
      c.add(IssueKind.NO_SYSTEM);
    }
    if (c.hasError()) {
      return;
    }
    int n = TokenCounter.REPLY_PRIMING + definitions(node);
    for (JsonNode m : messages) {
      n += tokens.message(m);
      if ("assistant".equals(m.get("role").asText())) {
        c.assistantTokens += trained(m);
      }
    }
    c.messages = messages.size();
    c.tokens = n;
    c.sequenceTokens = n;
  }

  private void dpo(JsonNode node, LineCheck c) {
    unknownKeys(node, DPO_KEYS, "", IssueKind.UNKNOWN_TOP_LEVEL_KEY, c);
    JsonNode input = node.get("input");
    JsonNode inputMessages = input == null ? null : input.get("messages");
    boolean system = false;
    if (input == null || !input.isObject()) {
      c.add(IssueKind.BAD_DPO, "input is not an object");
    } else if (inputMessages == null || !inputMessages.isArray() || inputMessages.isEmpty()) {
      c.add(IssueKind.BAD_DPO, "input.messages is not a non-empty list");
    } else {
      unknownKeys(input, DPO_INPUT_KEYS, "input.", IssueKind.UNKNOWN_TOP_LEVEL_KEY, c);
      for (JsonNode m : inputMessages) {
        String role = message(m, c);
        system |= "system".equals(role) || "developer".equals(role);
      }
      if (!system) {
        c.add(IssueKind.NO_SYSTEM);
      }
    }
    JsonNode preferred = output(node, "preferred_output", c);
    JsonNode rejected = output(node, "non_preferred_output", c);
    if (c.hasError()) {
      return;
    }
    int in = TokenCounter.REPLY_PRIMING + definitions(input);
    for (JsonNode m : inputMessages) {
      in += tokens.message(m);
    }
    int good = 0;
    for (JsonNode m : preferred) {
      good += tokens.message(m);
      c.assistantTokens += trained(m);
    }
    int bad = 0;
    for (JsonNode m : rejected) {
      bad += tokens.message(m);
      c.assistantTokens += trained(m);
    }
    c.messages = inputMessages.size() + preferred.size() + rejected.size();
    c.tokens = in + good + bad;
    c.sequenceTokens = in + Math.max(good, bad);
  }

  private JsonNode output(JsonNode node, String field, LineCheck c) {
    JsonNode out = node.get(field);
    if (out == null || !out.isArray() || out.isEmpty()) {
      c.add(IssueKind.BAD_DPO, field + " is not a non-empty list");
      return out;
    }
    for (JsonNode m : out) {
      String role = message(m, c);
      if (role != null && !"assistant".equals(role)) {
        c.add(IssueKind.BAD_DPO, field + " has a " + role + " message");
      }
    }
    return out;
  }

  /** Validates one message; returns its role, or null when it has no text role. */
  private static String message(JsonNode m, LineCheck c) {
    if (!m.isObject()) {
      c.add(IssueKind.MALFORMED_MESSAGE, "message is " + typeName(m));
      return null;
    }
    unknownKeys(m, MESSAGE_KEYS, "", IssueKind.UNKNOWN_MESSAGE_KEY, c);
    JsonNode roleNode = m.get("role");
    String role = null;
    if (roleNode == null || !roleNode.isTextual()) {
      c.add(IssueKind.MALFORMED_MESSAGE, "no text role");
    } else {
      role = roleNode.asText();
      if (!ROLES.contains(role)) {
        c.add(IssueKind.UNKNOWN_ROLE, role);
      }
    }
    JsonNode content = m.get("content");
    boolean empty =
        content == null
            || content.isNull()
            || (content.isTextual() && content.asText().isEmpty())
            || (content.isArray() && content.isEmpty());
    if (empty) {
      if (!present(m, "tool_calls") && !present(m, "function_call") && !present(m, "refusal")) {
        c.add(IssueKind.MISSING_CONTENT);
      }
    } else if (content.isArray()) {
      for (JsonNode part : content) {
        boolean text = part.isObject() && "text".equals(part.path("type").asText());
        if (!part.isObject() || (text && !part.path("text").isTextual())) {
          c.add(IssueKind.MALFORMED_MESSAGE, "bad content part");
        }
      }
    } else if (!content.isTextual()) {
      c.add(IssueKind.MALFORMED_MESSAGE, "content is " + typeName(content));
    }
    JsonNode weight = m.get("weight");
    boolean binary =
        weight != null
            && weight.isNumber()
            && (weight.asDouble() == 0.0 || weight.asDouble() == 1.0);
    if (weight != null && !binary) {
      c.add(IssueKind.BAD_WEIGHT, weight.toString());
    }
    return role;
  }

  private static void unknownKeys(
      JsonNode node, Set<String> allowed, String prefix, IssueKind kind, LineCheck c) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        c.add(kind, prefix + name);
      }
    }
  }

  /** Tokens of the tool or function definitions an example carries. */
  private int definitions(JsonNode holder) {
    return tokens.textOf(holder.get("tools")) + tokens.textOf(holder.get("functions"));
  }

  /** Tokens trained on in an assistant message: 0 when its weight is 0. */
  private int trained(JsonNode m) {
    JsonNode weight = m.get("weight");
    if (weight != null && weight.asDouble() == 0.0) {
      return 0;
    }
    return tokens.content(m.get("content"))
        + tokens.textOf(m.get("tool_calls"))
        + tokens.textOf(m.get("function_call"));
  }

  private static String typeName(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static boolean present(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v != null && !v.isNull();
  }

  private static Set<String> setOf(String commaSeparated) {
    return Set.copyOf(new HashSet<>(Arrays.asList(commaSeparated.split(",\\s*"))));
  }
}
