package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Function calling in the sandbox: checks {@code tools} and {@code tool_choice} like the service,
 * and when a request forces a function ({@code tool_choice} naming one, or {@code "required"})
 * answers with a deterministic call whose arguments are an instance of the function's JSON schema.
 *
 * <p>How the arguments are made (same request, same arguments): objects get every property; an
 * array gets {@code minItems} items (at most {@code maxItems}), else as many as the first whole
 * number in its {@code description}, else 3; an {@code enum} takes its values in turn along the
 * array (so a {@code role} of {@code ["user", "assistant"]} alternates); a string named {@code
 * content} is a message about the subject of the prompt, phrased by the {@code role} beside it;
 * other strings, numbers and booleans are plain values. The subject is the rest of a line starting
 * with {@code Topic:} in the last user message, else that message's first line (at most 12 words).
 *
 * <p>Under fault injection (rate r), a forced call is malformed with probability r, decided from
 * the seed and the prompt (so a repeated request gets the same answer): half of those have
 * arguments that are not valid JSON (cut in the middle), half a {@code role} outside the schema
 * ({@code narrator}).
 *
 * <p>With {@code strict: true}, the function's schema must follow the rules of strict structured
 * outputs (every object has {@code additionalProperties: false} and lists every property in {@code
 * required}), else the request is refused with a 400, like the service.
 */
final class ToolCalls {
  /** A decided call: the function's name and its arguments as sent (a JSON text, maybe broken). */
  record Call(String name, String arguments, boolean named) {}

  private static final Pattern TOPIC_LINE = Pattern.compile("(?im)^\\s*topic\\s*:\\s*(.+?)\\s*$");
  private static final Pattern NUMBER = Pattern.compile("\\b([1-9][0-9]{0,2})\\b");
  private static final String[] ASPECTS = {
    "getting started", "what it costs", "a common mistake", "the limits", "keeping it secure",
    "an error message", "best practices", "automating it", "who may do it",
        "checking that it worked",
    "moving from another provider", "undoing a change", "doing it on mobile", "doing it for a team"
  };
  private static final String[] ASKS = {
    "Hi, I need help with %s. My question is about %s: how should I go about it?",
    "Quick question on %s regarding %s. What do you recommend?",
    "I'm stuck with %s, specifically %s. Can you walk me through it?",
    "Could you explain %s to me? I mostly care about %s.",
    "Hello! Our team is looking at %s and wondering about %s. Any advice?",
    "What's the right way to handle %s when it comes to %s?"
  };
  private static final String[] FOLLOW_UPS = {
    "Thanks. And what if that does not work for %s?",
    "Got it. Is there anything else I should know about %s?",
    "Makes sense. How long does %s usually take?",
    "OK. Where do I find the setting for %s?"
  };
  private static final String[] ANSWERS = {
    "For %s and %s, start from the settings page, follow the steps in order and check the result at"
        + " the end.",
    "Regarding %s (%s): open the dashboard, choose the matching section and confirm; it applies at"
        + " once.",
    "Good question about %s. For %s, the documented procedure is the safest route; contact support"
        + " if it fails.",
    "With %s, %s mostly depends on your plan. Check the plan page first, then adjust the option"
        + " there.",
    "To handle %s, focus on %s: make one change at a time and verify each before the next."
  };

  private ToolCalls() {}

  /**
   * The forced call the request asks for, or null when it forces none (no tools, {@code auto},
   * {@code none}). Invalid {@code tools} or {@code tool_choice} are 400s.
   */
  static Call decide(ObjectNode body, String prompt, double faultRate, long seed) {
    JsonNode tools = body.get("tools");
    JsonNode choice = body.get("tool_choice");
    if (tools == null || tools.isNull()) {
      if (choice != null && !choice.isNull() && !"none".equals(choice.asText(""))) {
        throw ApiError.badRequest(
            "tool_choice",
            "invalid_value",
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are"
                + " specified.");
      }
      return null;
    }
    if (!tools.isArray()) {
      throw Json.typeError("tools", tools, "an array");
    }
    List<ObjectNode> functions = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      functions.add(function(tools.get(i), i));
    }
    ObjectNode chosen;
    boolean named;
    if (choice == null || choice.isNull() || choice.isTextual()) {
      String mode = choice == null || choice.isNull() ? "auto" : choice.asText();
      switch (mode) {
        case "auto", "none" -> {
          return null;
        }
        case "required" -> {
          if (functions.isEmpty()) {
            throw ApiError.badRequest(
                "tool_choice",
                "invalid_value",
                "Invalid value for 'tool_choice': 'required' needs at least one tool.");
          }
          chosen = functions.get(0);
          named = false;
        }
        default ->
            throw ApiError.badRequest(
                "tool_choice",
                "invalid_value",
                "Invalid value: '"
                    + mode
                    + "'. Supported values are: 'none', 'auto', and 'required'.");
      }
    } else if (choice.isObject()) {
      String name = choice.path("function").path("name").asText(null);
      if (!"function".equals(choice.path("type").asText()) || name == null) {
        throw ApiError.badRequest(
            "tool_choice",
            "invalid_value",
            "Invalid value for 'tool_choice': expected {\"type\": \"function\", \"function\":"
                + " {\"name\": ...}}.");
      }
      chosen =
          functions.stream()
              .filter(f -> f.path("name").asText().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiError.badRequest(
                          "tool_choice",
                          "invalid_value",
                          "Invalid value for 'tool_choice': function '"
                              + name
                              + "' is not among 'tools'."));
      named = true;
    } else {
      throw Json.typeError("tool_choice", choice, "a string or an object");
    }
    JsonNode schema = chosen.path("parameters");
    String subject = subject(prompt);
    JsonNode args = new Maker(subject, schema).make(schema, "", new ArrayList<>(), null);
    String arguments = args.toString();
    long h = hash(seed + "\n" + prompt);
    double u = (h % 10_000) / 10_000.0;
    if (u < faultRate) {
      boolean brokenJson = (h / 10_000) % 2 == 0;
      if (!brokenJson && replaceFirstRole(args)) {
        arguments = args.toString();
      } else {
        arguments = arguments.substring(0, Math.max(1, arguments.length() / 2));
      }
    }
    return new Call(chosen.path("name").asText(), arguments, named);
  }

  /** Validates one entry of {@code tools}; returns its {@code function} object. */
  private static ObjectNode function(JsonNode tool, int i) {
    String at = "tools[" + i + "]";
    if (tool == null || !tool.isObject()) {
      throw Json.typeError(
          at, tool == null ? JsonNodeFactory.instance.nullNode() : tool, "an object");
    }
    if (!"function".equals(tool.path("type").asText())) {
      throw ApiError.badRequest(
          at + ".type",
          "invalid_value",
          "Invalid value for '"
              + at
              + ".type': only 'function' tools are supported by the sandbox.");
    }
    JsonNode f = tool.get("function");
    if (f == null || !f.isObject()) {
      throw ApiError.missing(at + ".function");
    }
    String name = Json.requiredString(f, "name", at + ".function.name");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiError.badRequest(
          at + ".function.name",
          "invalid_value",
          "Invalid '"
              + at
              + ".function.name': string does not match pattern. Expected a string that matches the"
              + " pattern '^[a-zA-Z0-9_-]+$'.");
    }
    JsonNode params = f.get("parameters");
    if (params != null && !params.isNull() && !params.isObject()) {
      throw Json.typeError(at + ".function.parameters", params, "an object");
    }
    if (f.path("strict").asBoolean(false) && params != null && params.isObject()) {
      strictCheck(name, params, "()");
    }
    return (ObjectNode) f;
  }

  /** The rules of strict mode the service enforces on every object of the schema. */
  private static void strictCheck(String function, JsonNode schema, String context) {
    if (schema.has("properties") || "object".equals(schema.path("type").asText())) {
      if (!schema.path("additionalProperties").isBoolean()
          || schema.path("additionalProperties").asBoolean()) {
        throw invalidSchema(
            function,
            context,
            "'additionalProperties' is required to be supplied and to be false.");
      }
      List<String> required = new ArrayList<>();
      schema.path("required").forEach(r -> required.add(r.asText()));
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (!required.contains(p.getKey())) {
          throw invalidSchema(
              function,
              context,
              "'required' is required to be supplied and to be an array including every key in"
                  + " properties. Missing '"
                  + p.getKey()
                  + "'.");
        }
        strictCheck(
            function,
            p.getValue(),
            context.replace(")", "") + ", 'properties', '" + p.getKey() + "')");
      }
    }
    if (schema.has("items")) {
      strictCheck(function, schema.get("items"), context.replace(")", "") + ", 'items')");
    }
    for (JsonNode alt : schema.path("anyOf")) {
      strictCheck(function, alt, context.replace(")", "") + ", 'anyOf')");
    }
  }

  private static ApiError invalidSchema(String function, String context, String what) {
    return ApiError.badRequest(
        "tools",
        "invalid_function_parameters",
        "Invalid schema for function '"
            + function
            + "': In context="
            + context.replace("(, ", "(")
            + ", "
            + what);
  }

  /** What the conversations are about (see the class comment). */
  static String subject(String prompt) {
    Matcher m = TOPIC_LINE.matcher(prompt);
    String s = m.find() ? m.group(1) : prompt.strip().lines().findFirst().orElse("");
    String[] words = s.strip().split("\\s+");
    if (words.length > 12) {
      s = String.join(" ", java.util.Arrays.copyOf(words, 12));
    }
    s = s.strip().replaceAll("[.?!:;,]+$", "");
    return s.isEmpty() ? "your question" : s;
  }

  private static boolean replaceFirstRole(JsonNode node) {
    if (node.isObject()) {
      if (node.path("role").isTextual()) {
        ((ObjectNode) node).put("role", "narrator");
        return true;
      }
      for (JsonNode child : node) {
        if (replaceFirstRole(child)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        if (replaceFirstRole(child)) {
          return true;
        }
      }
    }
    return false;
  }

  static long hash(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** Builds one instance of a schema. */
  private static final class Maker {
    private final String subject;
    private final JsonNode root;

    Maker(String subject, JsonNode root) {
      this.subject = subject;
      this.root = root;
    }

    /**
     * @param indices the item index in each enclosing array, outermost first
     * @param role the {@code role} of the enclosing object, when made already
     */
    JsonNode make(JsonNode schema, String name, List<Integer> indices, String role) {
      schema = resolve(schema);
      int index = indices.isEmpty() ? 0 : indices.get(indices.size() - 1);
      JsonNode enumeration = schema.get("enum");
      if (enumeration != null && enumeration.isArray() && !enumeration.isEmpty()) {
        return enumeration.get(index % enumeration.size()).deepCopy();
      }
      if (schema.has("const")) {
        return schema.get("const").deepCopy();
      }
      if (schema.path("anyOf").isArray() && !schema.path("anyOf").isEmpty()) {
        for (JsonNode alt : schema.get("anyOf")) {
          if (!"null".equals(resolve(alt).path("type").asText())) {
            return make(alt, name, indices, role);
          }
        }
      }
      String type = type(schema);
      switch (type) {
        case "object" -> {
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          JsonNode props = schema.path("properties");
          String myRole = null;
          JsonNode roleSchema = props.get("role");
          if (roleSchema != null) {
            JsonNode r = make(roleSchema, "role", indices, null);
            myRole = r.isTextual() ? r.asText() : null;
          }
          for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getKey().equals("role") && myRole != null) {
              out.put("role", myRole);
            } else {
              out.set(p.getKey(), make(p.getValue(), p.getKey(), indices, myRole));
            }
          }
          return out;
        }
        case "array" -> {
          ArrayNode out = JsonNodeFactory.instance.arrayNode();
          int n = items(schema);
          for (int i = 0; i < n; i++) {
            List<Integer> inner = new ArrayList<>(indices);
            inner.add(i);
            out.add(make(schema.path("items"), name, inner, null));
          }
          return out;
        }
        case "integer" -> {
          return JsonNodeFactory.instance.numberNode(index + 1);
        }
        case "number" -> {
          return JsonNodeFactory.instance.numberNode(index + 0.5);
        }
        case "boolean" -> {
          return JsonNodeFactory.instance.booleanNode(index % 2 == 0);
        }
        case "null" -> {
          return JsonNodeFactory.instance.nullNode();
        }
        default -> {
          return JsonNodeFactory.instance.textNode(text(name, indices, role));
        }
      }
    }

    private JsonNode resolve(JsonNode schema) {
      JsonNode ref = schema.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
        JsonNode target = root;
        for (String part : ref.asText().substring(2).split("/")) {
          target = target.path(part);
        }
        return target.isMissingNode() ? schema : resolve(target);
      }
      return schema;
    }

    private static String type(JsonNode schema) {
      JsonNode t = schema.get("type");
      if (t != null && t.isArray()) {
        for (JsonNode each : t) {
          if (!"null".equals(each.asText())) {
            return each.asText();
          }
        }
        return "null";
      }
      if (t != null && t.isTextual()) {
        return t.asText();
      }
      return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static int items(JsonNode schema) {
      int max = schema.path("maxItems").canConvertToInt() ? schema.path("maxItems").asInt() : 100;
      if (schema.path("minItems").canConvertToInt() && schema.path("minItems").asInt() > 0) {
        return Math.min(schema.path("minItems").asInt(), max);
      }
      Matcher m = NUMBER.matcher(schema.path("description").asText(""));
      int n = m.find() ? Integer.parseInt(m.group(1)) : 3;
      return Math.max(1, Math.min(n, max));
    }

    private String text(String name, List<Integer> indices, String role) {
      if (!name.equals("content")) {
        return name.isEmpty()
            ? subject
            : name + " " + (indices.isEmpty() ? 1 : indices.get(indices.size() - 1) + 1);
      }
      int conversation = indices.isEmpty() ? 0 : indices.get(0);
      int message = indices.isEmpty() ? 0 : indices.get(indices.size() - 1);
      String key = subject.toLowerCase(Locale.ROOT);
      long h = hash(key + "#" + conversation + "#" + message);
      String aspect = ASPECTS[(int) ((hash(key) + conversation) % ASPECTS.length)];
      String topic = subject.toLowerCase(Locale.ROOT);
      if ("assistant".equals(role)) {
        return String.format(Locale.ROOT, ANSWERS[(int) (h % ANSWERS.length)], topic, aspect);
      }
      if (message < 2) {
        return String.format(Locale.ROOT, ASKS[(int) (h % ASKS.length)], topic, aspect);
      }
      return String.format(Locale.ROOT, FOLLOW_UPS[(int) (h % FOLLOW_UPS.length)], topic);
    }
  }
}
