package dev.openaift.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's generation config, {@code projects/NAME/generate.json}, validated each time it is
 * read: an unknown key, a missing required key, a value of the wrong type or range, or a template
 * placeholder without a value is one {@link InputFileException} naming the key (exit 5).
 *
 * @param system the system message: the behaviour the data should teach; prepended to every
 *     generated conversation
 * @param topics what the conversations are about; one request per topic
 * @param count conversations asked for per topic, 1 to {@value #MAX_COUNT}
 * @param turns user/assistant exchanges per conversation, 1 to {@value #MAX_TURNS}
 * @param template the generation prompt; {@code {{topic}}}, {@code {{count}}}, {@code {{turns}}},
 *     {@code {{system}}} and any {@code {{name}}} of {@code variables}
 * @param variables values of the template's own placeholders
 * @param model the model that writes the conversations
 * @param temperature 0 to 2, or null for the API's default
 * @param maxTokens {@code max_completion_tokens} of each request, or null for none
 * @param seed the {@code seed} parameter, or null
 * @param strict whether to ask for strict structured outputs; null: when the model supports them
 * @param baseModel the model the data is meant to fine-tune (checks and training cost), or null for
 *     {@code prepare}'s default
 * @param epochs fine-tuning epochs for the data, or null for the service's choice
 * @param suffix fine-tuned model suffix, or null
 * @param provider where the data will be trained: {@code openai}, {@code azure} or {@code
 *     huggingface}
 */
public record GenerateConfig(
    String system,
    List<String> topics,
    int count,
    int turns,
    String template,
    SortedMap<String, String> variables,
    String model,
    Double temperature,
    Integer maxTokens,
    Long seed,
    Boolean strict,
    String baseModel,
    Integer epochs,
    String suffix,
    String provider) {

  public static final int MAX_COUNT = 50;
  public static final int MAX_TURNS = 10;
  public static final int MAX_EPOCHS = 50;
  public static final String FILE_NAME = "generate.json";
  public static final Set<String> PROVIDERS = Set.of("openai", "azure", "huggingface");

  /** Placeholders every template may use without declaring them. */
  public static final Set<String> BUILT_IN = Set.of("topic", "count", "turns", "system");

  static final Set<String> REQUIRED =
      Set.of("system", "topics", "count", "turns", "template", "model");
  static final Set<String> OPTIONAL =
      Set.of(
          "$comment",
          "variables",
          "temperature",
          "max_tokens",
          "seed",
          "strict",
          "base_model",
          "epochs",
          "suffix",
          "provider");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final JsonMapper JSON = Json.mapper();

  public GenerateConfig {
    topics = List.copyOf(topics);
    variables = new TreeMap<>(variables);
  }

  /** The prompt for one topic: every placeholder replaced by its value. */
  public String prompt(String topic) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), topic)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String value(String name, String topic) {
    return switch (name) {
      case "topic" -> topic;
      case "count" -> Integer.toString(count);
      case "turns" -> Integer.toString(turns);
      case "system" -> system;
      default -> variables.get(name);
    };
  }

  /** Reads and validates {@code file}. */
  public static GenerateConfig read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputFileException(
          file, "no such file (create a project with: openai-ft init NAME)");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new InputFileException(
          file,
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(),
          JsonErrors.describe(e),
          e);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InputFileException(file, "expected a JSON object of generation settings");
    }
    return parse(file, (ObjectNode) root);
  }

  static GenerateConfig parse(Path file, ObjectNode root) {
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
        Set<String> known = new TreeSet<>(REQUIRED);
        known.addAll(OPTIONAL);
        known.remove("$comment");
        throw bad(file, key, "unknown key (known: " + String.join(", ", known) + ")");
      }
    }
    for (String key : new TreeSet<>(REQUIRED)) {
      if (!root.has(key) || root.get(key).isNull()) {
        throw bad(file, key, "missing required key");
      }
    }
    String system = text(file, root, "system");
    List<String> topics = topics(file, root.get("topics"));
    int count = integer(file, root, "count", 1, MAX_COUNT);
    int turns = integer(file, root, "turns", 1, MAX_TURNS);
    String template = text(file, root, "template");
    SortedMap<String, String> variables = variables(file, root.get("variables"));
    String model = text(file, root, "model");
    Double temperature = null;
    if (present(root, "temperature")) {
      JsonNode t = root.get("temperature");
      if (!t.isNumber() || !(t.asDouble() >= 0 && t.asDouble() <= 2)) {
        throw bad(file, "temperature", "must be a number from 0 to 2, got " + t);
      }
      temperature = t.asDouble();
    }
    Integer maxTokens =
        present(root, "max_tokens") ? integer(file, root, "max_tokens", 1, 1_000_000) : null;
    Long seed = null;
    if (present(root, "seed")) {
      JsonNode s = root.get("seed");
      if (!s.isIntegralNumber() || !s.canConvertToLong()) {
        throw bad(file, "seed", "must be an integer, got " + s);
      }
      seed = s.asLong();
    }
    Boolean strict = null;
    if (present(root, "strict")) {
      if (!root.get("strict").isBoolean()) {
        throw bad(file, "strict", "must be true or false, got " + root.get("strict"));
      }
      strict = root.get("strict").asBoolean();
    }
    String baseModel = present(root, "base_model") ? text(file, root, "base_model") : null;
    Integer epochs = present(root, "epochs") ? integer(file, root, "epochs", 1, MAX_EPOCHS) : null;
    String suffix = present(root, "suffix") ? text(file, root, "suffix") : null;
    String provider = present(root, "provider") ? text(file, root, "provider") : "openai";
    if (!PROVIDERS.contains(provider)) {
      throw bad(
          file, "provider", "must be one of azure, huggingface, openai, got \"" + provider + "\"");
    }
    for (String name : variables.keySet()) {
      if (BUILT_IN.contains(name)) {
        throw bad(
            file,
            "variables." + name,
            "\"" + name + "\" is a built-in placeholder; choose another name");
      }
    }
    Set<String> used = placeholders(template);
    for (String name : used) {
      if (!NAME.matcher(name).matches()) {
        throw bad(
            file, "template", "placeholder {{" + name + "}} is not a name (letters, digits, _)");
      }
      if (!BUILT_IN.contains(name) && !variables.containsKey(name)) {
        throw bad(
            file,
            "template",
            "placeholder {{"
                + name
                + "}} has no value (add \""
                + name
                + "\" to \"variables\", or use one of {{topic}}, {{count}}, {{turns}},"
                + " {{system}})");
      }
    }
    if (!used.contains("topic")) {
      throw bad(
          file,
          "template",
          "has no {{topic}} placeholder, so every topic would get the same prompt");
    }
    return new GenerateConfig(
        system,
        topics,
        count,
        turns,
        template,
        variables,
        model,
        temperature,
        maxTokens,
        seed,
        strict,
        baseModel,
        epochs,
        suffix,
        provider);
  }

  /** Placeholder names in order of first use. */
  static Set<String> placeholders(String template) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static boolean present(JsonNode root, String key) {
    return root.has(key) && !root.get(key).isNull();
  }

  private static String text(Path file, JsonNode root, String key) {
    JsonNode v = root.get(key);
    if (!v.isTextual()) {
      throw bad(file, key, "must be text, got " + kind(v));
    }
    if (v.asText().isBlank()) {
      throw bad(file, key, "must not be empty");
    }
    return v.asText();
  }

  private static int integer(Path file, JsonNode root, String key, int min, int max) {
    JsonNode v = root.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw bad(file, key, "must be an integer from " + min + " to " + max + ", got " + v);
    }
    return v.asInt();
  }

  private static List<String> topics(Path file, JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      throw bad(file, "topics", "must be a non-empty list of text, got " + kind(v));
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode t = v.get(i);
      if (!t.isTextual() || t.asText().isBlank()) {
        throw bad(file, "topics[" + i + "]", "must be non-empty text, got " + t);
      }
      String topic = t.asText().strip();
      if (!seen.add(topic)) {
        throw bad(file, "topics[" + i + "]", "repeats the topic \"" + topic + "\"");
      }
      out.add(topic);
    }
    return out;
  }

  private static SortedMap<String, String> variables(Path file, JsonNode v) {
    SortedMap<String, String> out = new TreeMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw bad(file, "variables", "must be an object of text values, got " + kind(v));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!NAME.matcher(e.getKey()).matches()) {
        throw bad(
            file, "variables." + e.getKey(), "is not a placeholder name (letters, digits, _)");
      }
      if (!e.getValue().isTextual()) {
        throw bad(file, "variables." + e.getKey(), "must be text, got " + kind(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static InputFileException bad(Path file, String key, String problem) {
    return new InputFileException(file, "\"" + key + "\": " + problem);
  }

  private static String kind(JsonNode v) {
    if (v.isTextual()) {
      return "text";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return v.isEmpty() ? "an empty list" : "a list";
    }
    return v.isObject() ? "an object" : "null";
  }
}
