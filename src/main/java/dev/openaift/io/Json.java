package dev.openaift.io;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the project's JSON mappers are configured.
 *
 * <p><b>Writing</b> (every mapper): map entries in key order, so output does not depend on a {@code
 * HashMap}'s order; objects with no properties written as {@code {}}; non-finite doubles as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (Jackson's default), which the
 * reading policy reads back as numbers. {@link #pretty()} indents. A writer whose key order is
 * meaningful (insertion order) says so with {@link #insertionOrder()}.
 *
 * <p><b>Reading API objects and our own files</b> ({@link #mapper()}): what a real API answer, a
 * file written by Python (the API's result files, Hugging Face's {@code trainer_state.json}) or a
 * hand-edited archive file may hold, read the same way everywhere:
 *
 * <ul>
 *   <li>unknown fields are ignored (real answers carry fields no schema lists);
 *   <li>{@code NaN}, {@code Infinity} and {@code -Infinity} are numbers (Python's {@code json}
 *       writes them); code that needs a finite value treats them as missing;
 *   <li>a trailing comma before {@code ]} or {@code }} is accepted (a hand edit's usual slip, and
 *       unambiguous);
 *   <li>a key given twice in one object is an error (which one was meant is a guess), reported with
 *       its line and column;
 *   <li>anything after the document (a second value, a stray bracket) is an error;
 *   <li>numbers are kept as written: a huge integer stays exact, and a field that needs a whole
 *       number that does not fit in 64 bits treats it as a value of the wrong type; more than 1,000
 *       digits or 1,000 levels of nesting is an error ({@code io.JsonErrors} words it);
 *   <li>a field that holds a number may hold it as a string ({@code "123"}, {@code " 0.5 "}, {@code
 *       "NaN"}): {@link #wholeNumber} and {@link #number} read both; other strings are a value of
 *       the wrong type. Free-form maps (event {@code data}, {@code metadata}) keep what was sent.
 *   <li>a field that holds text may hold a number or a boolean, read as written ({@code 12} is
 *       {@code "12"}): {@link #text} reads both; null, an array or an object is no text.
 * </ul>
 *
 * <p><b>Fields</b>: {@link #text(JsonNode, String)}, {@link #wholeNumber(JsonNode, String)} and
 * {@link #number(JsonNode, String)} are the one set of field readers: every reader of our files and
 * of API objects takes its fields through them, so the same input means the same thing in every
 * command. Each returns null for a field that is missing, null or of the wrong type; the caller
 * decides whether that is an error or a default.
 *
 * <p>What the API sends is first parsed by openai-java's own mapper (not ours); the field rules
 * above apply to the objects it hands over.
 *
 * <p><b>Checking data another program will read</b> ({@link #standard()}): training files, chat
 * datasets and model answers are judged as the API judges them, so they are read as standard JSON
 * (no {@code NaN}, no trailing comma; a repeated key keeps its last value as Python's {@code json}
 * does; nothing after the document).
 *
 * <p>The mappers are shared: never reconfigure them; start from {@link #builder()} for a variant.
 */
public final class Json {
  private static final JsonMapper MAPPER = lenient(builder()).build();
  private static final JsonMapper STANDARD = builder().build();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Json() {}

  /** {@code node} with the keys of every object in it sorted (arrays keep their order). */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = MAPPER.createObjectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      node.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }

  /** The project's mapper: its writing settings and the lenient reading policy. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** The project's writing settings, reading standard JSON only (see the class comment). */
  public static JsonMapper standard() {
    return STANDARD;
  }

  /** {@link #mapper()}'s writer, indented (two spaces, Jackson's default printer). */
  public static ObjectWriter pretty() {
    return PRETTY;
  }

  /**
   * {@link #mapper()}'s writer keeping maps in their own order (for layouts whose order is fixed).
   */
  public static ObjectWriter insertionOrder() {
    return MAPPER.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  /** A builder with the writing settings and standard reading, for a mapper that needs more. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Adds the lenient reading policy to a builder (see the class comment). */
  public static JsonMapper.Builder lenient(JsonMapper.Builder b) {
    return b.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * Field {@code field} of {@code object} as text ({@link #text(JsonNode)}); null for no object.
   */
  public static String text(JsonNode object, String field) {
    return text(object == null ? null : object.get(field));
  }

  /**
   * A value that should be text: a string as it is, a number or boolean as written ({@code 12} is
   * {@code "12"}); null for a missing value, JSON null, an array or an object.
   */
  public static String text(JsonNode v) {
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }

  /** Field {@code field} of {@code object} as a whole number ({@link #wholeNumber(JsonNode)}). */
  public static Long wholeNumber(JsonNode object, String field) {
    return wholeNumber(object == null ? null : object.get(field));
  }

  /** Field {@code field} of {@code object} as a number ({@link #number(JsonNode)}). */
  public static Double number(JsonNode object, String field) {
    return number(object == null ? null : object.get(field));
  }

  /**
   * A field that should hold a whole number: its value when it is a number, or a string holding
   * one, that fits in 64 bits (a fraction is cut: {@code 12.7} is 12); null for anything else.
   */
  public static Long wholeNumber(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return isFinite(v) && v.canConvertToLong() ? v.longValue() : null;
    }
    BigDecimal d = decimal(v);
    if (d == null || d.precision() - d.scale() > 19) {
      return null;
    }
    try {
      return d.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException tooBig) {
      return null;
    }
  }

  /**
   * A field that should hold a number: its value when it is a number or a string holding one; else
   * null.
   */
  public static Double number(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (!v.isTextual()) {
      return null;
    }
    String s = v.asText().strip();
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        BigDecimal d = decimal(v);
        return d == null ? null : d.doubleValue();
    }
  }

  /** Whether {@code v} is a whole number ({@code 12}, not {@code 12.0}) or a string holding one. */
  public static boolean isWholeNumber(JsonNode v) {
    return v != null
        && (v.isIntegralNumber() || v.isTextual() && v.asText().strip().matches("-?[0-9]{1,1000}"));
  }

  /** Whether {@code v} is a number or a string that {@link #number} reads as one. */
  public static boolean isNumber(JsonNode v) {
    return number(v) != null;
  }

  private static boolean isFinite(JsonNode v) {
    return !v.isFloatingPointNumber() || v.isBigDecimal() || Double.isFinite(v.doubleValue());
  }

  /** A string holding a JSON number (surrounding blanks allowed), or null. */
  private static BigDecimal decimal(JsonNode v) {
    if (!v.isTextual()) {
      return null;
    }
    String s = v.asText().strip();
    if (s.isEmpty()
        || s.length() > 1000
        || !s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      return null;
    }
    return new BigDecimal(s);
  }
}
