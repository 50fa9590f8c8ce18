package dev.openaift.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.InputFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The log entries of a Trainer run taken one by one (an entry is one object of {@code log_history},
 * or one line of a line-per-entry log), kept as one sorted series of (step, value) per key: memory
 * follows the values kept, not the document they came in. {@link TrainerState} feeds it from a
 * streamed {@code trainer_state.json} or a JSON-lines log; the mapping onto the canonical table and
 * the rules for messy entries are described there.
 *
 * <p>A front end calls {@link #begin}, then one of {@link #number}, {@link #text}, {@link #empty},
 * {@link #other} or {@link #node} per field, then {@link #end}; {@link #notAnObject} for an entry
 * that is not an object. The fields of an entry are buffered until its end, as {@code step} and
 * {@code train_runtime} may come after the metrics. Then {@link #table} builds the table.
 *
 * <p>Not thread-safe: one per file read.
 */
final class TrainerLog {
  private static final List<String> SUMMARY_KEYS =
      List.of(
          "train_runtime",
          "train_samples_per_second",
          "train_steps_per_second",
          "total_flos",
          "train_loss");

  private static final String STEP = "step";

  /**
   * LLaMA-Factory's {@code trainer_log.jsonl} (its {@code LogCallback}) names the step {@code
   * current_steps}: the step of an entry without {@code step}.
   */
  static final String PROGRESS_STEP = "current_steps";

  /** LLaMA-Factory's planned total of steps in every entry: the Trainer state's max_steps. */
  static final String PROGRESS_TOTAL = "total_steps";

  /**
   * The fields LLaMA-Factory writes beside the metrics to show how far training has come: the step
   * and the planned total, percent done, elapsed and remaining time as text ("0:00:10"), and the
   * tokens seen so far with their rate per second (a rate, as the Trainer's {@code *_per_second}
   * are). Progress, not measurements: never a series.
   */
  private static final Set<String> PROGRESS_KEYS =
      Set.of(
          PROGRESS_STEP,
          PROGRESS_TOTAL,
          "percentage",
          "elapsed_time",
          "remaining_time",
          "throughput",
          "total_tokens");

  private static final String SUMMARY_MARK = "train_runtime";
  private static final String TRAINING_MARK = "loss";

  private static final byte NUMBER = 0;
  private static final byte TEXT = 1;
  private static final byte EMPTY = 2;
  private static final byte OTHER = 3;
  private static final byte NODE = 4;
  private static final byte WHOLE = 5;

  /** The file name shown in warnings and errors. */
  private final String shown;

  /** What the entries are called in messages: {@code log_history}, or {@code log}. */
  private final String noun;

  // the entry being read
  private Key[] keys = new Key[16];
  private byte[] kinds = new byte[16];
  private double[] numbers = new double[16];
  private long[] wholes = new long[16];
  private Object[] objects = new Object[16];
  private int fields;
  private boolean repeated;

  private final NumberRules.CellReader cells = new NumberRules.CellReader();

  /** Every metric key of every object entry (with a step or not), for {@link #names}. */
  private final Set<String> metricKeys = new HashSet<>();

  /** Every key seen, with what it is (decided once per key, not once per field). */
  private final Map<String, Key> known = new HashMap<>();

  /** Key -> its values, created at the key's first number. */
  private final Map<String, Series> series = new HashMap<>();

  /** The steps the series share while they are logged at the same steps. */
  private final StepColumn steps = new StepColumn();

  private int entries;
  private long maxStepSeen = Long.MIN_VALUE;
  private int resumed;
  private int noStep;
  private int notObject;
  private int nonFinite;
  private int relogged;
  private String firstRelogged;
  private final Map<NumberRules.Step, Integer> badSteps = new EnumMap<>(NumberRules.Step.class);
  private final Map<NumberRules.Step, String> firstBadStep = new EnumMap<>(NumberRules.Step.class);
  private int textValues;
  private final List<String> firstTextValues = new ArrayList<>();
  private boolean summary;
  private long totalSteps;

  /**
   * @param shown the file name for messages
   * @param noun what the entries are called in messages ({@code log_history})
   */
  TrainerLog(String shown, String noun) {
    this.shown = shown;
    this.noun = noun;
  }

  /** Starts an entry (an object). */
  void begin() {
    fields = 0;
    repeated = false;
  }

  /**
   * Whether a key came twice in the entry begun last (a front end whose parser does not check that
   * itself asks, and reads the file again with the check).
   */
  boolean repeated() {
    return repeated;
  }

  /** A field holding a JSON number (Python's bare {@code NaN} and {@code Infinity} included). */
  void number(String key, double value) {
    number(key(key), value);
  }

  /** {@link #number(String, double)} by the key's {@link #key}. */
  void number(Key key, double value) {
    add(key, NUMBER).numbers[fields - 1] = value;
  }

  /** A field holding a JSON string. */
  void text(String key, String value) {
    text(key(key), value);
  }

  void text(Key key, String value) {
    add(key, TEXT).objects[fields - 1] = value;
  }

  /** A field holding a JSON integer that fits in 64 bits (as a step is written). */
  void whole(String key, long value) {
    whole(key(key), value);
  }

  void whole(Key key, long value) {
    add(key, WHOLE).wholes[fields - 1] = value;
  }

  /** A field holding {@code null}. */
  void empty(String key) {
    empty(key(key));
  }

  void empty(Key key) {
    add(key, EMPTY);
  }

  /** A field holding {@code true}, {@code false}, a list or an object (never a metric). */
  void other(String key) {
    other(key(key));
  }

  void other(Key key) {
    add(key, OTHER);
  }

  /** A field given as a tree (any kind of value). */
  void node(String key, JsonNode value) {
    node(key(key), value);
  }

  void node(Key key, JsonNode value) {
    add(key, NODE).objects[fields - 1] = value;
  }

  /**
   * The key of that name, made at its first use: a front end that tells keys apart by itself passes
   * it instead of the name, and the log skips looking the name up.
   */
  Key key(String name) {
    Key k = known.get(name);
    if (k == null) {
      k = new Key(name);
      known.put(name, k);
    }
    return k;
  }

  private TrainerLog add(Key k, byte kind) {
    if (fields == keys.length) {
      int n = fields * 2;
      keys = Arrays.copyOf(keys, n);
      kinds = Arrays.copyOf(kinds, n);
      numbers = Arrays.copyOf(numbers, n);
      wholes = Arrays.copyOf(wholes, n);
      objects = Arrays.copyOf(objects, n);
    }
    for (int i = 0; i < fields; i++) {
      repeated |= keys[i] == k;
    }
    keys[fields] = k;
    kinds[fields] = kind;
    objects[fields] = null;
    fields++;
    return this;
  }

  /** An entry that is not an object: left out, with a warning. */
  void notAnObject() {
    entries++;
    notObject++;
  }

  /** Ends the entry begun last: its values join their series. */
  void end() {
    entries++;
    int s = -1;
    boolean isSummary = false;
    boolean isTraining = false;
    for (int i = 0; i < fields; i++) {
      Key k = keys[i];
      // step before current_steps, wherever each comes in the entry
      if (k.step && (s < 0 || k.stepRank >= keys[s].stepRank)) {
        s = i;
      }
      isSummary |= k.summaryMark;
      isTraining |= k.trainingMark;
      // the planned total is read as a step is: a whole number, never rounded
      if (k.totalMark && NumberRules.step(cell(i), cells.value) == NumberRules.Step.OK) {
        totalSteps = (long) cells.value;
      }
    }
    for (int i = 0; i < fields; i++) {
      Key k = keys[i];
      if (!k.listed && k.metric(isSummary)) {
        metricKeys.add(k.name);
        k.listed = true;
      }
    }
    NumberRules.Cell stepCell = s < 0 ? NumberRules.Cell.EMPTY : cell(s);
    NumberRules.Step rule = NumberRules.step(stepCell, cells.value);
    if (rule == NumberRules.Step.MISSING) {
      noStep++;
      return;
    }
    if (rule != NumberRules.Step.OK) {
      badSteps.merge(rule, 1, Integer::sum);
      firstBadStep.putIfAbsent(rule, keys[s].name + " " + written(s) + " in entry " + entries);
      return;
    }
    long step = (long) cells.value;
    summary |= isSummary;
    if (!isSummary && isTraining && step < maxStepSeen) {
      resumed++;
    }
    if (!isSummary) {
      maxStepSeen = Math.max(maxStepSeen, step);
    }
    for (int i = 0; i < fields; i++) {
      Key k = keys[i];
      String key = k.name;
      if (!k.metric(isSummary)) {
        continue;
      }
      NumberRules.Cell cell = cell(i);
      if (cell == NumberRules.Cell.EMPTY) {
        continue;
      }
      if (cell == NumberRules.Cell.BAD) {
        if (textValues < 3) {
          firstTextValues.add("'" + key + "' at step " + step);
        }
        textValues++;
        continue;
      }
      if (cell == NumberRules.Cell.NON_FINITE) {
        nonFinite++;
        continue;
      }
      double v = cells.value;
      Series values = k.series;
      if (values == null) {
        values = new Series(steps);
        k.series = values;
        series.put(key, values);
      }
      if (values.put(step, v)
          && Double.doubleToLongBits(values.before) != Double.doubleToLongBits(v)) {
        relogged++;
        if (firstRelogged == null) {
          firstRelogged = "'" + key + "' at step " + step + ": " + values.before + ", then " + v;
        }
      }
    }
  }

  /**
   * Field {@code i} by {@link NumberRules}: a JSON number as it is (NaN and Infinity are
   * non-finite), text by the cell rules (decimal only), null as empty, anything else (true, a list,
   * an object) not a number; the value is left in {@link #cells}.
   */
  private NumberRules.Cell cell(int i) {
    cells.value = Double.NaN;
    switch (kinds[i]) {
      case NUMBER:
        return number(numbers[i]);
      case WHOLE:
        return number(wholes[i]);
      case TEXT:
        return cells.read((String) objects[i]);
      case EMPTY:
        return NumberRules.Cell.EMPTY;
      case NODE:
        JsonNode n = (JsonNode) objects[i];
        if (n == null || n.isNull() || n.isMissingNode()) {
          return NumberRules.Cell.EMPTY;
        }
        if (n.isNumber()) {
          return number(n.asDouble());
        }
        if (n.isTextual()) {
          return cells.read(n.asText());
        }
        return NumberRules.Cell.BAD;
      default:
        return NumberRules.Cell.BAD;
    }
  }

  private NumberRules.Cell number(double v) {
    if (!Double.isFinite(v)) {
      return NumberRules.Cell.NON_FINITE;
    }
    cells.value = v;
    return NumberRules.Cell.NUMBER;
  }

  /**
   * Field {@code i} as JSON text, for a message. Front ends give {@code step} as a {@link #whole}
   * or a {@link #node}, so that a step that is not one is shown as written.
   */
  private String written(int i) {
    return switch (kinds[i]) {
      case WHOLE -> Long.toString(wholes[i]);
      case NODE -> objects[i].toString();
      default -> throw new IllegalStateException("the step was given without its text");
    };
  }

  /**
   * Whether a key of an entry may be a metric (not a step, a timing, a summary, LLaMA-Factory's
   * progress).
   */
  private static boolean isMetricKey(String key, boolean inSummary) {
    return !(key.equals(STEP)
        || PROGRESS_KEYS.contains(key)
        || (inSummary && SUMMARY_KEYS.contains(key))
        || key.endsWith("_runtime")
        || key.endsWith("_per_second")
        || key.equals("total_flos"));
  }

  /** A key of the entries and what it is, decided at its first field. */
  static final class Key {
    final String name;

    /**
     * Whether it may hold the entry's step ({@code step}, or {@code current_steps}); front ends
     * hand its value over as written ({@link #whole} or {@link #node}).
     */
    final boolean step;

    /** Which step key wins when an entry has both: 2 for {@code step}, 1 for current_steps. */
    final int stepRank;

    /** Whether it holds the planned total of steps (LLaMA-Factory's {@code total_steps}). */
    final boolean totalMark;

    final boolean summaryMark;
    final boolean trainingMark;
    final boolean metricInTraining;
    final boolean metricInSummary;

    /** Whether {@link #metricKeys} holds it already. */
    boolean listed;

    /** Its values, from its first number on. */
    Series series;

    private Key(String name) {
      this.name = name;
      stepRank = name.equals(STEP) ? 2 : name.equals(PROGRESS_STEP) ? 1 : 0;
      step = stepRank > 0;
      totalMark = name.equals(PROGRESS_TOTAL);
      summaryMark = name.equals(SUMMARY_MARK);
      trainingMark = name.equals(TRAINING_MARK);
      metricInTraining = isMetricKey(name, false);
      metricInSummary = isMetricKey(name, true);
    }

    boolean metric(boolean inSummary) {
      return inSummary ? metricInSummary : metricInTraining;
    }
  }

  /** Whether an entry had the final summary ({@code train_runtime}) with a step. */
  boolean sawSummary() {
    return summary;
  }

  /**
   * The planned total of steps the entries state (LLaMA-Factory's {@code total_steps}, the last one
   * given), or 0 when none does.
   */
  long totalSteps() {
    return totalSteps;
  }

  /** The highest step of an entry other than the final summary, or 0 when none had a step. */
  long lastStep() {
    return Math.max(0, maxStepSeen);
  }

  /** Entries taken so far, objects or not. */
  int entries() {
    return entries;
  }

  /**
   * The run as a table, with the warnings of the entries read (each kind of mess once), then any
   * {@code more} warnings. {@code describe} says what a key is in the Trainer's terms (for the
   * sources). An {@link InputFileException} when no metric had a step.
   */
  Table table(Path file, Function<String, String> describe, List<String> more) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> names = names(warnings);
    // column name -> its series; the names are unique
    Map<String, Series> metrics = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Map.Entry<String, Series> e : series.entrySet()) {
      String name = names.get(e.getKey());
      e.getValue().finish();
      metrics.put(name, e.getValue());
      sources.put(name, describe.apply(e.getKey()));
    }
    if (metrics.isEmpty()
        || metrics.keySet().stream().allMatch(TrainerState.EPOCH_COLUMN::equals)) {
      int bad = badSteps.values().stream().mapToInt(Integer::intValue).sum();
      throw new InputFileException(
          file,
          noun
              + " holds no metric with a step ("
              + entries
              + " entries"
              + (noStep > 0 ? ", " + noStep + " without step" : "")
              + (badSteps.isEmpty()
                  ? ""
                  : ", " + bad + " whose step is not one: " + NumberRules.STEP_RULE)
              + ")");
    }
    warnings.addAll(messWarnings());
    warnings.addAll(more);
    long[] steps = union(metrics.values());
    List<String> order = new ArrayList<>();
    for (String c : Canonical.NAMES) {
      if (metrics.containsKey(c)) {
        order.add(c);
      }
    }
    metrics.keySet().stream().filter(k -> !Canonical.isCanonical(k)).sorted().forEach(order::add);
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (String name : order) {
      columns.put(name, metrics.get(name).aligned(steps));
    }
    Map<String, String> canonicalSources = new LinkedHashMap<>();
    for (String c : Canonical.NAMES) {
      if (sources.containsKey(c)) {
        canonicalSources.put(c, sources.get(c));
      }
    }
    // extras are named by their own key; the epoch column carries its marker so it is not plotted
    canonicalSources.put(TrainerState.EPOCH_COLUMN, TrainerState.EPOCH_SOURCE);
    Map<String, String> allSources = new TreeMap<>(sources);
    allSources.remove(TrainerState.EPOCH_COLUMN);
    return new Table(
        new ResultTable("trainer", new StepTable(steps, columns), canonicalSources, warnings),
        allSources,
        metrics);
  }

  /**
   * The table of a run and what was read beside it.
   *
   * @param table the canonical table and its warnings
   * @param sources column name -> what it is in the Trainer's terms (the epoch column left out)
   * @param series column name -> its values by step
   */
  record Table(ResultTable table, Map<String, String> sources, Map<String, Series> series) {
    /** The values logged at {@code step} of the columns {@code which} accepts, by name. */
    Map<String, Double> at(long step, java.util.function.Predicate<String> which) {
      Map<String, Double> out = new TreeMap<>();
      series.forEach(
          (name, s) -> {
            if (which.test(name)) {
              Double v = s.at(step);
              if (v != null) {
                out.put(name, v);
              }
            }
          });
      return out;
    }
  }

  private List<String> messWarnings() {
    List<String> warnings = new ArrayList<>();
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
      warnings.add(shown + ": " + noStep + " " + noun + " entries without a step were left out");
    }
    for (Map.Entry<NumberRules.Step, Integer> bad : badSteps.entrySet()) {
      warnings.add(
          shown
              + ": "
              + bad.getValue()
              + " "
              + noun
              + " "
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
          shown + ": " + notObject + " " + noun + " entries that are not objects were left out");
    }
    if (nonFinite > 0) {
      warnings.add(shown + ": " + nonFinite + " NaN or Infinity values were left out");
    }
    if (textValues > 0) {
      warnings.add(
          shown
              + ": "
              + textValues
              + " text values that are not numbers were left out ("
              + String.join(", ", firstTextValues)
              + ")");
    }
    return warnings;
  }

  /** The canonical name of an entry's key. */
  static String canonical(String key) {
    switch (key) {
      case "loss":
        return Canonical.TRAIN_LOSS;
      case "eval_loss":
        return Canonical.FULL_VALID_LOSS;
      case "eval_accuracy":
        return Canonical.FULL_VALID_ACCURACY;
      case "epoch":
        return TrainerState.EPOCH_COLUMN;
      default:
        break;
    }
    if (key.startsWith("eval_")) {
      return "full_valid_" + key.substring("eval_".length());
    }
    return key;
  }

  /**
   * The column name of every metric key of the log: {@link #canonical} of it, except that two keys
   * never share a column. A key whose own name is taken by the mapping of another ({@code
   * train_loss} beside {@code loss}, {@code full_valid_loss} beside {@code eval_loss}) is kept as
   * {@code NAME_2} (then {@code _3} ...), with a warning: the mapped keys keep their names whatever
   * the order of the entries.
   */
  private Map<String, String> names(List<String> warnings) {
    TreeSet<String> sorted = new TreeSet<>(metricKeys);
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    // keys the mapping renames first (loss, eval_*), then keys kept as they are
    for (boolean renamed : new boolean[] {true, false}) {
      for (String k : sorted) {
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

  /**
   * Every step of the series, ascending, once: the steps of the longest series, merged with any
   * other series' steps that are not among them (usually none: eval steps are training steps).
   */
  private static long[] union(Collection<Series> all) {
    Series longest = null;
    for (Series s : all) {
      if (longest == null || s.n > longest.n) {
        longest = s;
      }
    }
    long[] u = longest == null ? new long[0] : longest.steps();
    for (Series s : all) {
      if (s != longest && !s.within(u)) {
        u = merge(u, s.steps());
      }
    }
    return u;
  }

  /** The sorted union of {@code a} and {@code b} (each ascending, unique). */
  private static long[] merge(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      long x = a[i];
      long y = b[j];
      if (x < y) {
        out[k++] = x;
        i++;
      } else if (y < x) {
        out[k++] = y;
        j++;
      } else {
        out[k++] = x;
        i++;
        j++;
      }
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < b.length) {
      out[k++] = b[j++];
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /**
   * The values of one key by step, in blocks of {@value #BLOCK} (no copy as it grows: a doubled
   * array left its old half as garbage, which the report's short-lived JVM keeps as resident
   * memory). Steps usually arrive in order and are appended; a step logged again replaces its value
   * in place (binary search), and a step that is new but lower than the last (rare: a log out of
   * order) waits in a tree map until {@link #finish}.
   */
  static final class Series {
    private static final int SHIFT = 12;
    private static final int BLOCK = 1 << SHIFT;
    private static final int MASK = BLOCK - 1;

    /**
     * The column of steps this series shares, while each of its steps is the column's at the same
     * index (loss, grad_norm, learning_rate and epoch come in one entry): the steps are then stored
     * once for them all. Null once a step differed; {@link #stepBlocks} holds its own then.
     */
    private StepColumn shared;

    private long[][] stepBlocks;
    private double[][] valueBlocks = new double[8][];
    private int n;
    private TreeMap<Long, Double> late;

    /** The value {@link #put} replaced, when it returned true. */
    private double before;

    Series(StepColumn shared) {
      this.shared = shared;
    }

    private long step(int i) {
      return shared != null ? shared.step(i) : stepBlocks[i >>> SHIFT][i & MASK];
    }

    private double value(int i) {
      return valueBlocks[i >>> SHIFT][i & MASK];
    }

    private void append(long step, double v) {
      int b = n >>> SHIFT;
      if (b == valueBlocks.length) {
        valueBlocks = Arrays.copyOf(valueBlocks, b * 2);
        if (stepBlocks != null) {
          stepBlocks = Arrays.copyOf(stepBlocks, b * 2);
        }
      }
      if (valueBlocks[b] == null) {
        valueBlocks[b] = new double[BLOCK];
      }
      if (shared != null) {
        if (shared.n == n) {
          shared.append(step); // the first series at this index sets the column's step
        } else if (shared.step(n) != step) {
          unshare();
        }
      }
      if (shared == null) {
        if (stepBlocks[b] == null) {
          stepBlocks[b] = new long[BLOCK];
        }
        stepBlocks[b][n & MASK] = step;
      }
      valueBlocks[b][n & MASK] = v;
      n++;
    }

    /** Copies the shared steps so far into blocks of this series' own (the column stays). */
    private void unshare() {
      stepBlocks = new long[valueBlocks.length][];
      for (int b = 0; b * BLOCK < n; b++) {
        stepBlocks[b] = Arrays.copyOf(shared.blocks[b], BLOCK);
      }
      shared = null;
    }

    /** The index of {@code step}, or a negative number when it is not here. */
    int find(long step) {
      int lo = 0;
      int hi = n - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        long m = step(mid);
        if (m < step) {
          lo = mid + 1;
        } else if (m > step) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    /** Sets the value at {@code step}; true when it replaced one (then in {@link #before}). */
    boolean put(long step, double v) {
      if (n == 0 || step > step(n - 1)) {
        append(step, v);
        return false;
      }
      int i = find(step);
      if (i >= 0) {
        before = value(i);
        valueBlocks[i >>> SHIFT][i & MASK] = v;
        return true;
      }
      if (late == null) {
        late = new TreeMap<>();
      }
      Double was = late.put(step, v);
      if (was == null) {
        return false;
      }
      before = was;
      return true;
    }

    /** The value at {@code step}, or null. */
    Double at(long step) {
      int i = find(step);
      return i < 0 ? null : value(i);
    }

    /** Merges the late steps in; afterwards the blocks hold every step in order. */
    void finish() {
      if (late == null) {
        return;
      }
      long[] s = steps();
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = value(i);
      }
      int old = n;
      shared = null;
      stepBlocks = new long[8][];
      valueBlocks = new double[8][];
      n = 0;
      int i = 0;
      for (Map.Entry<Long, Double> e : late.entrySet()) {
        long step = e.getKey();
        while (i < old && s[i] < step) {
          append(s[i], v[i]);
          i++;
        }
        append(step, e.getValue());
      }
      while (i < old) {
        append(s[i], v[i]);
        i++;
      }
      late = null;
    }

    /** The steps, ascending. */
    long[] steps() {
      long[] out = new long[n];
      long[][] blocks = shared != null ? shared.blocks : stepBlocks;
      for (int b = 0; b * BLOCK < n; b++) {
        System.arraycopy(blocks[b], 0, out, b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
      }
      return out;
    }

    /** Whether every step of this series is in {@code all} (ascending). */
    boolean within(long[] all) {
      int j = 0;
      for (int i = 0; i < n; i++) {
        long s = step(i);
        while (j < all.length && all[j] < s) {
          j++;
        }
        if (j == all.length || all[j] != s) {
          return false;
        }
      }
      return true;
    }

    /** The values at {@code all} (ascending, a superset of this series' steps), NaN where none. */
    double[] aligned(long[] all) {
      if (n == all.length) {
        // as many steps as all: they are all, so the values in order (the usual column)
        double[] out = new double[n];
        for (int b = 0; b * BLOCK < n; b++) {
          System.arraycopy(valueBlocks[b], 0, out, b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
        }
        return out;
      }
      double[] out = new double[all.length];
      int j = 0;
      for (int i = 0; i < all.length; i++) {
        if (j < n && step(j) == all[i]) {
          out[i] = value(j++);
        } else {
          out[i] = Double.NaN;
        }
      }
      return out;
    }
  }

  /**
   * Steps in blocks, only ever appended to: a value once written never changes, so a series that
   * reads index {@code i} below {@link #n} reads what it compared when it appended there.
   */
  static final class StepColumn {
    private long[][] blocks = new long[8][];
    private int n;

    long step(int i) {
      return blocks[i >>> Series.SHIFT][i & Series.MASK];
    }

    void append(long step) {
      int b = n >>> Series.SHIFT;
      if (b == blocks.length) {
        blocks = Arrays.copyOf(blocks, b * 2);
      }
      if (blocks[b] == null) {
        blocks[b] = new long[Series.BLOCK];
      }
      blocks[b][n & Series.MASK] = step;
      n++;
    }
  }
}
