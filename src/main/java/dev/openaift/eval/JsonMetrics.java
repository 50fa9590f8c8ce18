package dev.openaift.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores for answers that should be JSON.
 *
 * <ul>
 *   <li><b>valid JSON</b>: the whole answer (white space around it allowed, a Markdown code fence
 *       {@code ```json ... ```} around it allowed, since models add one) parses as one JSON value,
 *       nothing after it.
 *   <li><b>field agreement</b>: both texts are flattened to their leaves ({@code a.b[0].c ->
 *       value}); the score is the number of paths whose values are equal in both divided by the
 *       number of paths in either (so a missing field and an invented field both cost). Numbers
 *       compare by value ({@code 1} equals {@code 1.0}); an empty object or array is a leaf. An
 *       answer that is not valid JSON scores 0; when the reference is not JSON the score is
 *       undefined ({@code NaN}) and the example is left out of the mean.
 * </ul>
 */
public final class JsonMetrics {
  /** Reading policy: one value per text, nothing after it, duplicate keys refused. */
  private static final ObjectMapper MAPPER =
      Json.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private JsonMetrics() {}

  /** The parsed answer, or null when it is not one JSON value. */
  public static JsonNode parse(String text) {
    String t = unfence(text.strip());
    if (t.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(t);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  public static boolean valid(String answer) {
    return parse(answer) != null;
  }

  /** Field-by-field agreement in [0, 1], or NaN when the reference is not JSON. */
  public static double fieldAgreement(String answer, String reference) {
    JsonNode ref = parse(reference);
    if (ref == null) {
      return Double.NaN;
    }
    JsonNode ans = parse(answer);
    if (ans == null) {
      return 0.0;
    }
    Map<String, JsonNode> r = leaves(ref);
    Map<String, JsonNode> a = leaves(ans);
    TreeSet<String> union = new TreeSet<>(r.keySet());
    union.addAll(a.keySet());
    int same = 0;
    for (String path : union) {
      JsonNode x = r.get(path);
      JsonNode y = a.get(path);
      if (x != null && y != null && sameValue(x, y)) {
        same++;
      }
    }
    return (double) same / union.size();
  }

  /** Every leaf by its path ({@code $} for a scalar document). */
  static Map<String, JsonNode> leaves(JsonNode node) {
    Map<String, JsonNode> out = new TreeMap<>();
    collect("$", node, out);
    return out;
  }

  private static void collect(String path, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject() && !node.isEmpty()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(path + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        collect(path + "[" + i + "]", node.get(i), out);
      }
    } else {
      out.put(path, node);
    }
  }

  private static boolean sameValue(JsonNode x, JsonNode y) {
    if (x.isNumber() && y.isNumber()) {
      return x.decimalValue().compareTo(y.decimalValue()) == 0;
    }
    return x.equals(y);
  }

  private static String unfence(String t) {
    if (t.startsWith("```") && t.endsWith("```") && t.length() >= 6) {
      int nl = t.indexOf('\n');
      if (nl < 0 || nl > t.length() - 3) {
        return t;
      }
      return t.substring(nl + 1, t.length() - 3).strip();
    }
    return t;
  }
}
