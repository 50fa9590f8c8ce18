package dev.openaift.metrics;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Trainer run ({@code trainer_state.json}, written by transformers, TRL, axolotl,
 * Unsloth, LLaMA-Factory ...) mapped onto the canonical table, honestly:
 *
 * <ul>
 *   <li>{@code loss} is the training loss averaged over each logging interval: {@code train_loss};
 *   <li>{@code eval_loss} comes from a full pass over the eval set: {@code full_valid_loss} (never
 *       the minibatch {@code valid_loss}); every other {@code eval_X} likewise becomes {@code
 *       full_valid_X} ({@code eval_accuracy} is {@code full_valid_accuracy}); {@code eval_runtime}
 *       and the per-second rates are timings, not metrics, and are left out;
 *   <li>{@code learning_rate}, {@code grad_norm} and any other numeric key (TRL's {@code
 *       rewards/...}, {@code kl} ...) stay extras under their own names;
 *   <li>the final summary entry ({@code train_runtime}, and its {@code train_loss}: the mean over
 *       the whole run, not a point of the curve) is not a series;
 *   <li>{@code epoch} places the epoch ends ({@link #EPOCH_COLUMN}).
 * </ul>
 *
 * <p>Numbers and steps are read by {@link NumberRules}, as result files are. Messy files: Python's
 * bare {@code NaN}/{@code Infinity} are read (and such values left out, with a warning); a value
 * logged again for a step with another value (a run resumed from a checkpoint logs its steps again)
 * replaces the earlier one, with a warning naming both; entries without {@code step}, with a step
 * that is not one (fractional, zero, too large: never rounded or clamped), non-object entries and
 * text values that are not decimal numbers are left out with a warning per kind; a key whose own
 * name another key maps to ({@code train_loss} beside {@code loss}) gets a name of its own ({@link
 * #names}); CRLF and a BOM are fine. What cannot be read at all is an {@link InputFileException}
 * (exit 5): a Git LFS pointer, broken JSON, no {@code log_history}, an empty one, no entry with a
 * step.
 */
public final class TrainerState {
  /** The file name the Trainer writes. */
  public static final String FILE = "trainer_state.json";

  /**
   * The merged column of the {@code epoch} values; epochs are placed from it, it is not plotted.
   */
  static final String EPOCH_COLUMN = "epoch";

  /** Its source name, which marks a Trainer run's epoch column. */
  static final String EPOCH_SOURCE = "epoch (trainer_state.json)";

  private static final ObjectMapper JSON = Json.mapper();

  /** Files beside the state whose hyperparameters are read (and kept with an archived run). */
  public static final List<String> SIDE_FILES =
      List.of("adapter_config.json", "config.json", "trainer_config.json");

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("checkpoint-(\\d+)");
  private static final List<String> SUMMARY_KEYS =
      List.of(
          "train_runtime",
          "train_samples_per_second",
          "train_steps_per_second",
          "total_flos",
          "train_loss");

  /**
   * A run read from disk.
   *
   * @param name the run's name: its folder's name
   * @param stateFile the {@code trainer_state.json} read
   * @param data what the analyser takes (a job built from what the run says, the table, the
   *     checkpoints)
   * @param sources canonical or extra metric name -> what it is in the Trainer's terms
   * @param hyperparameterFiles file name -> whether it was found beside the state
   * @param bestCheckpoint the Trainer's own {@code best_model_checkpoint} (its last path element)
   *     and {@code best_metric}, or null
   */
  public record Run(
      String name,
      Path stateFile,
      JobData data,
      Map<String, String> sources,
      Map<String, Boolean> hyperparameterFiles,
      String bestCheckpoint) {}

  private TrainerState() {}

  /**
   * Whether {@code path} is a Trainer run: a {@code trainer_state.json} file, or a folder holding
   * one (or checkpoints with one).
   */
  public static boolean isRun(Path path) {
    if (Files.isRegularFile(path)) {
      return path.getFileName().toString().endsWith(".json")
          && !path.getFileName().toString().equals("job.json");
    }
    return Files.isDirectory(path)
        && locate(path) != null
        && !Files.exists(path.resolve(JobInputs.RESULTS))
        && !Files.exists(path.resolve(JobInputs.EVENTS));
  }

  /** Reads a run from a folder or from its {@code trainer_state.json}. */
  public static Run read(Path path) {
    Path state;
    Path runDir;
    if (Files.isDirectory(path)) {
      state = locate(path);
      if (state == null) {
        throw new InputFileException(path, "no " + FILE + " here nor in a checkpoint-N folder");
      }
      runDir = path;
    } else if (Files.isRegularFile(path)) {
      state = path;
      Path parent = path.toAbsolutePath().normalize().getParent();
      runDir = parent;
      // a checkpoint's own state: the run is the folder above it
      if (parent != null
          && CHECKPOINT_DIR.matcher(parent.getFileName().toString()).matches()
          && parent.getParent() != null) {
        runDir = parent.getParent();
      }
    } else {
      throw new InputFileException(path, "no such file or directory");
    }
    JsonNode root = parse(state);
    return build(root, state, runDir == null ? Path.of(".") : runDir);
  }

  /** The run folder's state, else the one of its highest checkpoint-N folder, else null. */
  private static Path locate(Path dir) {
    Path direct = dir.resolve(FILE);
    if (Files.isRegularFile(direct)) {
      return direct;
    }
    Path best = null;
    long bestStep = -1;
    for (Map.Entry<Long, Path> c : checkpointDirs(dir).entrySet()) {
      if (c.getKey() > bestStep && Files.isRegularFile(c.getValue().resolve(FILE))) {
        best = c.getValue().resolve(FILE);
        bestStep = c.getKey();
      }
    }
    return best;
  }

  private static TreeMap<Long, Path> checkpointDirs(Path dir) {
    TreeMap<Long, Path> out = new TreeMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        Matcher m = CHECKPOINT_DIR.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p)) {
          try {
            out.put(Long.parseLong(m.group(1)), p);
          } catch (NumberFormatException tooLong) {
            // not a step number
          }
        }
      }
    } catch (IOException e) {
      throw new InputFileException(dir, "cannot list: " + e.getMessage(), e);
    }
    return out;
  }

  static JsonNode parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.startsWith("version https://git-lfs.github.com/spec/")) {
      throw new InputFileException(
          file, "is a Git LFS pointer, not the file itself: run 'git lfs pull' first");
    }
    if (text.isBlank()) {
      throw new InputFileException(file, "is empty");
    }
    JsonNode root = json(file, text);
    if (root == null || !root.isObject()) {
      throw new InputFileException(
          file, "not a Trainer state: expected a JSON object with log_history");
    }
    JsonNode history = root.get("log_history");
    if (history == null || !history.isArray()) {
      throw new InputFileException(file, "not a Trainer state: no log_history list");
    }
    if (history.isEmpty()) {
      throw new InputFileException(file, "log_history is empty: the run has logged nothing yet");
    }
    return root;
  }

  private static Run build(JsonNode root, Path stateFile, Path runDir) {
    String shown = stateFile.getFileName().toString();
    List<String> warnings = new ArrayList<>();
    JsonNode history = root.get("log_history");
    Map<String, String> names = names(history, shown, warnings);
    // metric -> step -> value; a value logged again for a step replaces the earlier one (a resumed
    // run logs its steps again), with a warning
    Map<String, TreeMap<Long, Double>> metrics = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    NumberRules.CellReader cells = new NumberRules.CellReader();
    long maxStepSeen = Long.MIN_VALUE;
    int resumed = 0;
    int noStep = 0;
    int notObject = 0;
    int nonFinite = 0;
    int relogged = 0;
    String firstRelogged = null;
    Map<NumberRules.Step, Integer> badSteps = new java.util.EnumMap<>(NumberRules.Step.class);
    Map<NumberRules.Step, String> firstBadStep = new java.util.EnumMap<>(NumberRules.Step.class);
    List<String> textValues = new ArrayList<>();
    boolean summary = false;
    for (int i = 0; i < history.size(); i++) {
      JsonNode e = history.get(i);
      if (e == null || !e.isObject()) {
        notObject++;
        continue;
      }
      NumberRules.Cell stepCell = read(e.get("step"), cells);
      NumberRules.Step rule = NumberRules.step(stepCell, cells.value);
      if (rule == NumberRules.Step.MISSING) {
        noStep++;
        continue;
      }
      if (rule != NumberRules.Step.OK) {
        badSteps.merge(rule, 1, Integer::sum);
        firstBadStep.putIfAbsent(rule, "step " + e.get("step").toString() + " in entry " + (i + 1));
        continue;
      }
      long step = (long) cells.value;
      boolean isSummary = e.has("train_runtime");
      summary |= isSummary;
      if (!isSummary && e.has("loss") && step < maxStepSeen) {
        resumed++;
      }
      if (!isSummary) {
        maxStepSeen = Math.max(maxStepSeen, step);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String key = f.getKey();
        if (!isMetricKey(key, isSummary)) {
          continue;
        }
        String name = names.get(key);
        NumberRules.Cell cell = read(f.getValue(), cells);
        if (cell == NumberRules.Cell.EMPTY) {
          continue;
        }
        if (cell == NumberRules.Cell.BAD) {
          if (textValues.size() < 3) {
            textValues.add("'" + key + "' at step " + step);
          } else {
            textValues.add("");
          }
          continue;
        }
        if (cell == NumberRules.Cell.NON_FINITE) {
          nonFinite++;
          continue;
        }
        double v = cells.value;
        Double before = metrics.computeIfAbsent(name, k -> new TreeMap<>()).put(step, v);
        if (before != null && Double.doubleToLongBits(before) != Double.doubleToLongBits(v)) {
          relogged++;
          if (firstRelogged == null) {
            firstRelogged = "'" + key + "' at step " + step + ": " + before + ", then " + v;
          }
        }
        sources.putIfAbsent(name, describe(key, root));
      }
    }
    if (metrics.isEmpty() || metrics.keySet().stream().allMatch(EPOCH_COLUMN::equals)) {
      throw new InputFileException(
          stateFile,
          "log_history holds no metric with a step ("
              + history.size()
              + " entries"
              + (noStep > 0 ? ", " + noStep + " without step" : "")
              + (badSteps.isEmpty()
                  ? ""
                  : ", "
                      + badSteps.values().stream().mapToInt(Integer::intValue).sum()
                      + " whose step is not one: "
                      + NumberRules.STEP_RULE)
              + ")");
    }
    if (relogged > 0) {
      warnings.add(
          shown
              + ": "
              + relogged
              + " value"
              + (relogged == 1 ? " was" : "s were")
              + " logged twice for one step with another value; the later one is kept"
              + (resumed > 0
                  ? ", as a run resumed from a checkpoint logs its steps again ("
                      + resumed
                      + " training entries went back)"
                  : "")
              + " (first: "
              + firstRelogged
              + ")");
    } else if (resumed > 0) {
      warnings.add(
          shown
              + ": the run was resumed from a checkpoint: "
              + resumed
              + " training entries logged steps again with the same values");
    }
    if (noStep > 0) {
      warnings.add(shown + ": " + noStep + " log_history entries without a step were left out");
    }
    for (Map.Entry<NumberRules.Step, Integer> bad : badSteps.entrySet()) {
      warnings.add(
          shown
              + ": "
              + bad.getValue()
              + " log_history "
              + (bad.getValue() == 1 ? "entry" : "entries")
              + " left out: "
              + (bad.getKey() == NumberRules.Step.ZERO
                  ? "step 0 (logged before the first training step)"
                  : "step " + bad.getKey().words)
              + "; "
              + NumberRules.STEP_RULE
              + ", never rounded (first: "
              + firstBadStep.get(bad.getKey())
              + ")");
    }
    if (notObject > 0) {
      warnings.add(
          shown + ": " + notObject + " log_history entries that are not objects were left out");
    }
    if (nonFinite > 0) {
      warnings.add(shown + ": " + nonFinite + " NaN or Infinity values were left out");
    }
    if (!textValues.isEmpty()) {
      warnings.add(
          shown
              + ": "
              + textValues.size()
              + " text values that are not numbers were left out ("
              + String.join(", ", textValues.stream().filter(s -> !s.isEmpty()).toList())
              + ")");
    }
    long globalStep = root.path("global_step").asLong(0);
    long maxSteps = root.path("max_steps").asLong(0);
    boolean reachedMax = maxSteps > 0 && globalStep >= maxSteps;
    boolean finished = summary || reachedMax;
    if (!summary) {
      warnings.add(
          shown
              + ": no final summary entry (train_runtime): "
              + (reachedMax
                  ? "global_step reached max_steps ("
                      + maxSteps
                      + "), so training is read as finished"
                  : "the run had not finished when this was written"));
    }

    ResultTable table = table(metrics, sources, warnings);
    Map<String, Boolean> found = new LinkedHashMap<>();
    Map<String, String> hyper = hyperparameters(root, runDir, found);
    String name =
        runDir.toAbsolutePath().normalize().getFileName() == null
            ? "run"
            : runDir.toAbsolutePath().normalize().getFileName().toString();
    String base = baseModel(runDir);
    Job job =
        new Job(
            name,
            finished ? "succeeded" : "running",
            base,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            "supervised",
            hyper,
            null,
            hyper.containsKey("seed") ? parseLong(hyper.get("seed")) : null,
            null,
            null,
            Map.of());
    String best = bestCheckpoint(root);
    long lastStep = table.rows() == 0 ? 0 : table.table().lastStep();
    // a checkpoint's own state is read in the run folder: later checkpoints were not there yet
    List<Checkpoint> checkpoints =
        checkpoints(runDir, name, metrics).stream()
            .filter(c -> c.stepNumber() <= lastStep)
            .toList();
    JobData data = new JobData(job, List.of(), checkpoints, table, name);
    Map<String, String> allSources = new TreeMap<>(sources);
    allSources.remove(EPOCH_COLUMN);
    return new Run(name, stateFile, data, allSources, found, best);
  }

  /** The canonical name of a log_history key, or null for a key that is not a metric. */
  static String canonical(String key) {
    switch (key) {
      case "loss":
        return Canonical.TRAIN_LOSS;
      case "eval_loss":
        return Canonical.FULL_VALID_LOSS;
      case "eval_accuracy":
        return Canonical.FULL_VALID_ACCURACY;
      case "epoch":
        return EPOCH_COLUMN;
      default:
        break;
    }
    if (key.startsWith("eval_")) {
      return "full_valid_" + key.substring("eval_".length());
    }
    return key;
  }

  private static String describe(String key, JsonNode root) {
    if (key.equals("loss")) {
      JsonNode ls = root.get("logging_steps");
      return "loss: training loss averaged over each logging interval"
          + (ls != null && ls.isNumber() ? " (logging_steps " + ls.asText() + ")" : "");
    }
    if (key.equals("epoch")) {
      return EPOCH_SOURCE;
    }
    if (key.startsWith("eval_")) {
      return key + ": full pass over the eval set";
    }
    return key;
  }

  private static ResultTable table(
      Map<String, TreeMap<Long, Double>> metrics,
      Map<String, String> sources,
      List<String> warnings) {
    java.util.TreeSet<Long> steps = new java.util.TreeSet<>();
    metrics.values().forEach(m -> steps.addAll(m.keySet()));
    long[] s = steps.stream().mapToLong(Long::longValue).toArray();
    List<String> order = new ArrayList<>();
    for (String c : Canonical.NAMES) {
      if (metrics.containsKey(c)) {
        order.add(c);
      }
    }
    metrics.keySet().stream().filter(k -> !Canonical.isCanonical(k)).sorted().forEach(order::add);
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (String name : order) {
      TreeMap<Long, Double> m = metrics.get(name);
      double[] v = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        Double x = m.get(s[i]);
        v[i] = x == null ? Double.NaN : x;
      }
      columns.put(name, v);
    }
    Map<String, String> canonicalSources = new LinkedHashMap<>();
    for (String c : Canonical.NAMES) {
      if (sources.containsKey(c)) {
        canonicalSources.put(c, sources.get(c));
      }
    }
    // extras are named by their own key; the epoch column carries its marker so it is not plotted
    canonicalSources.put(EPOCH_COLUMN, EPOCH_SOURCE);
    return new ResultTable("trainer", new StepTable(s, columns), canonicalSources, warnings);
  }

  /**
   * The hyperparameters the run states: from {@code trainer_state.json} itself, then from {@code
   * adapter_config.json} (PEFT/LoRA), {@code config.json} (the model) and a {@code trainer_config}
   * ({@code .json}) beside it when present; {@code found} tells which files were there.
   */
  private static Map<String, String> hyperparameters(
      JsonNode root, Path runDir, Map<String, Boolean> found) {
    Map<String, String> h = new TreeMap<>();
    for (String k :
        List.of(
            "num_train_epochs",
            "max_steps",
            "train_batch_size",
            "logging_steps",
            "eval_steps",
            "save_steps",
            "gradient_accumulation_steps")) {
      JsonNode v = root.get(k);
      if (v != null && v.isValueNode() && !v.isNull()) {
        h.put(k, v.asText());
      }
    }
    found.put(FILE, true);
    JsonNode adapter = optionalJson(runDir.resolve("adapter_config.json"));
    found.put("adapter_config.json", adapter != null);
    if (adapter != null) {
      for (String k :
          List.of("peft_type", "r", "lora_alpha", "lora_dropout", "base_model_name_or_path")) {
        JsonNode v = adapter.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k.equals("r") ? "lora_r" : k, v.asText());
        }
      }
      JsonNode targets = adapter.get("target_modules");
      if (targets != null && targets.isArray()) {
        List<String> t = new ArrayList<>();
        targets.forEach(x -> t.add(x.asText()));
        h.put("target_modules", String.join(",", t.stream().sorted().toList()));
      }
    }
    JsonNode config = optionalJson(runDir.resolve("config.json"));
    found.put("config.json", config != null);
    if (config != null) {
      for (String k : List.of("model_type", "torch_dtype", "_name_or_path")) {
        JsonNode v = config.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k.equals("_name_or_path") ? "model_name_or_path" : k, v.asText());
        }
      }
    }
    JsonNode trainer = optionalJson(runDir.resolve("trainer_config.json"));
    found.put("trainer_config.json", trainer != null);
    if (trainer != null) {
      for (String k :
          List.of(
              "learning_rate",
              "lr_scheduler_type",
              "warmup_ratio",
              "warmup_steps",
              "weight_decay",
              "per_device_train_batch_size",
              "num_train_epochs",
              "seed",
              "optim")) {
        JsonNode v = trainer.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k, v.asText());
        }
      }
    }
    return h;
  }

  private static String baseModel(Path runDir) {
    JsonNode adapter = optionalJson(runDir.resolve("adapter_config.json"));
    if (adapter != null && adapter.path("base_model_name_or_path").isTextual()) {
      return adapter.path("base_model_name_or_path").asText();
    }
    JsonNode config = optionalJson(runDir.resolve("config.json"));
    if (config != null && config.path("_name_or_path").isTextual()) {
      return config.path("_name_or_path").asText();
    }
    return null;
  }

  /** A JSON file beside the state, or null when it is absent; a broken one is an error (exit 5). */
  private static JsonNode optionalJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    JsonNode n = json(file, text);
    return n != null && n.isObject() ? n : null;
  }

  /**
   * {@code text} (the content of {@code file}) parsed leniently; broken JSON names its line and
   * column.
   */
  private static JsonNode json(Path file, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonParseException e) {
      var loc = e.getLocation();
      throw new InputFileException(
          file,
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(),
          "not JSON: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new InputFileException(file, "not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * {@code best_model_checkpoint}'s last element (a path from any machine, Windows too) and the
   * best metric.
   */
  private static String bestCheckpoint(JsonNode root) {
    JsonNode b = root.get("best_model_checkpoint");
    if (b == null || !b.isTextual() || b.asText().isBlank()) {
      return null;
    }
    String p = b.asText().replace('\\', '/');
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String last = p.substring(p.lastIndexOf('/') + 1);
    JsonNode metric = root.get("best_metric");
    return last
        + (metric != null && metric.isNumber() ? " (best_metric " + metric.asText() + ")" : "");
  }

  /** One checkpoint per {@code checkpoint-N} folder, with the eval metrics logged at step N. */
  private static List<Checkpoint> checkpoints(
      Path runDir, String runName, Map<String, TreeMap<Long, Double>> metrics) {
    List<Checkpoint> out = new ArrayList<>();
    Path archived = runDir.resolve(JobInputs.CHECKPOINTS);
    if (checkpointDirs(runDir).isEmpty() && Files.isRegularFile(archived)) {
      // a run in the archive keeps the checkpoints its folders showed
      return dev.openaift.job.JobFiles.readCheckpoints(archived);
    }
    for (Map.Entry<Long, Path> c : checkpointDirs(runDir).entrySet()) {
      Map<String, Double> m = new TreeMap<>();
      for (Map.Entry<String, TreeMap<Long, Double>> e : metrics.entrySet()) {
        Double v = e.getValue().get(c.getKey());
        if (v != null
            && (e.getKey().startsWith("full_valid_") || e.getKey().equals(Canonical.TRAIN_LOSS))) {
          m.put(e.getKey(), v);
        }
      }
      String id = c.getValue().getFileName().toString();
      out.add(new Checkpoint(id, 0, id, runName, c.getKey(), m));
    }
    return out;
  }

  /**
   * A log_history value by {@link NumberRules}: a JSON number as it is (Python's bare {@code NaN}
   * and {@code Infinity} are non-finite), text by the cell rules (decimal only), null or absent as
   * empty, anything else (true, a list, an object) not a number.
   */
  private static NumberRules.Cell read(JsonNode n, NumberRules.CellReader cells) {
    cells.value = Double.NaN;
    if (n == null || n.isNull() || n.isMissingNode()) {
      return NumberRules.Cell.EMPTY;
    }
    if (n.isNumber()) {
      double v = n.asDouble();
      if (!Double.isFinite(v)) {
        return NumberRules.Cell.NON_FINITE;
      }
      cells.value = v;
      return NumberRules.Cell.NUMBER;
    }
    if (n.isTextual()) {
      return cells.read(n.asText());
    }
    return NumberRules.Cell.BAD;
  }

  /** Whether a key of a log_history entry may be a metric (not a step, a timing, a summary). */
  private static boolean isMetricKey(String key, boolean inSummary) {
    return !(key.equals("step")
        || (inSummary && SUMMARY_KEYS.contains(key))
        || key.endsWith("_runtime")
        || key.endsWith("_per_second")
        || key.equals("total_flos"));
  }

  /**
   * The column name of every metric key in the history: {@link #canonical} of it, except that two
   * keys never share a column. A key whose own name is taken by the mapping of another ({@code
   * train_loss} beside {@code loss}, {@code full_valid_loss} beside {@code eval_loss}) is kept as
   * {@code NAME_2} (then {@code _3} ...), with a warning: the mapped keys keep their names whatever
   * the order of the entries.
   */
  private static Map<String, String> names(JsonNode history, String shown, List<String> warnings) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    for (JsonNode e : history) {
      if (e != null && e.isObject()) {
        boolean isSummary = e.has("train_runtime");
        e.fieldNames()
            .forEachRemaining(
                k -> {
                  if (isMetricKey(k, isSummary)) {
                    keys.add(k);
                  }
                });
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    // keys the mapping renames first (loss, eval_*, epoch), then keys kept as they are
    for (boolean renamed : new boolean[] {true, false}) {
      for (String k : keys) {
        String name = canonical(k);
        if (name.equals(k) == renamed) {
          continue;
        }
        String unique = name;
        for (int n = 2; taken.contains(unique); n++) {
          unique = name + "_" + n;
        }
        if (!unique.equals(name)) {
          warnings.add(
              shown
                  + ": key '"
                  + k
                  + "' would share the column "
                  + name
                  + " with another key; kept as "
                  + unique);
        }
        taken.add(unique);
        out.put(k, unique);
      }
    }
    return out;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
