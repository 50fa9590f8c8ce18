package dev.openaift.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import dev.openaift.models.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Turns labelled rows into chat-format training and validation files for a classifier.
 *
 * <p>Each row becomes {@code {"messages": [system, user = text, assistant = label]}}. The split is
 * stratified: within each label the rows are shuffled with {@code new Random(seed)} (labels visited
 * in sorted order) and {@code round(n * validationShare)} of them go to validation, but a label
 * always keeps at least one training row, so a label with a single row is never validated. Both
 * files keep the CSV's row order. The same rows, share and seed always give the same files.
 */
public final class ClassificationSplit {
  /** Fewer rows than this for a label is warned about. */
  public static final int FEW_EXAMPLES = 10;

  /** The service refuses a training or validation file with fewer examples. */
  public static final int MIN_FILE_EXAMPLES = 10;

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * One label's counts.
   *
   * @param tokens the label's tokens as the assistant's whole answer, in the model's encoding
   */
  public record LabelCount(String label, int rows, int training, int validation, int tokens) {}

  /**
   * The result.
   *
   * @param training JSONL bytes
   * @param validation JSONL bytes (empty when the share is 0)
   * @param labels sorted by label
   * @param warnings one line each
   */
  public record Result(
      byte[] training,
      byte[] validation,
      int trainingRows,
      int validationRows,
      String system,
      List<LabelCount> labels,
      List<String> warnings,
      String encoding) {}

  private ClassificationSplit() {}

  /** The system message used when none is given: the task and the list of labels. */
  public static String defaultSystem(List<String> labels) {
    return "Classify the text. Answer with exactly one of these labels and nothing else: "
        + String.join(", ", labels)
        + ".";
  }

  /**
   * @param system null for {@link #defaultSystem}
   * @param tokens counts label tokens in the target model's encoding
   */
  public static Result split(
      List<LabelledCsv.Row> rows,
      double validationShare,
      long seed,
      String system,
      TokenCounter tokens) {
    if (!(validationShare >= 0 && validationShare < 1)) {
      throw new IllegalArgumentException(
          "validation share must be at least 0 and below 1: " + validationShare);
    }
    Map<String, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byLabel.computeIfAbsent(rows.get(i).label(), k -> new ArrayList<>()).add(i);
    }
    String sys = system == null ? defaultSystem(new ArrayList<>(byLabel.keySet())) : system;
    boolean[] validation = new boolean[rows.size()];
    Random random = new Random(seed);
    List<LabelCount> counts = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
      List<Integer> idx = new ArrayList<>(e.getValue());
      Collections.shuffle(idx, random);
      int n = idx.size();
      int v = (int) Math.min(Math.round(n * validationShare), n - 1L);
      for (int i = 0; i < v; i++) {
        validation[idx.get(i)] = true;
      }
      int t = tokens.count(e.getKey());
      counts.add(new LabelCount(e.getKey(), n, n - v, v, t));
      if (t > 1) {
        warnings.add(
            "label '"
                + Echo.cut(e.getKey())
                + "' is "
                + t
                + " tokens in "
                + tokens.encodingName()
                + ": the model must produce all of them (a one-token label is cheaper to answer and"
                + " to score)");
      }
      if (n < FEW_EXAMPLES) {
        warnings.add(
            "label '"
                + Echo.cut(e.getKey())
                + "' has only "
                + n
                + " row"
                + (n == 1 ? "" : "s")
                + " (fewer than "
                + FEW_EXAMPLES
                + "): the model will see too few examples of it to learn it"
                + (v == 0 && validationShare > 0 ? ", and none is left for validation" : ""));
      }
    }
    if (byLabel.size() < 2) {
      warnings.add(
          "only one label ("
              + Echo.cut(byLabel.keySet().iterator().next())
              + "): nothing to tell apart");
    }
    int held = 0;
    for (boolean v : validation) {
      held += v ? 1 : 0;
    }
    if (held > 0 && held < MIN_FILE_EXAMPLES) {
      warnings.add(
          "the validation file gets "
              + held
              + " example"
              + (held == 1 ? "" : "s")
              + ": the service refuses a file"
              + " with fewer than "
              + MIN_FILE_EXAMPLES
              + " (raise --validation-split, or add rows)");
    }
    if (rows.size() - held < MIN_FILE_EXAMPLES) {
      warnings.add(
          "the training file gets "
              + (rows.size() - held)
              + " examples: the service refuses a file with fewer than "
              + MIN_FILE_EXAMPLES);
    }
    StringBuilder train = new StringBuilder();
    StringBuilder valid = new StringBuilder();
    int trainRows = 0;
    int validRows = 0;
    for (int i = 0; i < rows.size(); i++) {
      String line = line(sys, rows.get(i)) + "\n";
      if (validation[i]) {
        valid.append(line);
        validRows++;
      } else {
        train.append(line);
        trainRows++;
      }
    }
    return new Result(
        train.toString().getBytes(StandardCharsets.UTF_8),
        valid.toString().getBytes(StandardCharsets.UTF_8),
        trainRows,
        validRows,
        sys,
        List.copyOf(counts),
        List.copyOf(warnings),
        tokens.encodingName());
  }

  private static String line(String system, LabelledCsv.Row row) {
    List<Map<String, String>> messages = new ArrayList<>();
    if (!system.isEmpty()) {
      messages.add(message("system", system));
    }
    messages.add(message("user", row.text()));
    messages.add(message("assistant", row.label()));
    try {
      return Json.insertionOrder().writeValueAsString(Map.of("messages", messages));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static Map<String, String> message(String role, String content) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
