package dev.openaift.models;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import dev.openaift.job.ModelIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fine-tuning price and context-limit table: the dated built-in resource {@code models.json},
 * optionally with a user's file of the same schema merged over it.
 *
 * <pre>{@code
 * {"as_of": "2025-06-01", "source": "...",
 *  "models": {"gpt-4o-mini-2024-07-18": {"encoding": "o200k_base", "context": 65536,
 *                                         "training_per_1m": 3.00, "formats": ["chat", "dpo"]}}}
 * }</pre>
 *
 * <p>Model names are matched exactly, then as a prefix followed by a date or version suffix ({@code
 * gpt-4o-mini} finds {@code gpt-4o-mini-2024-07-18}; when several match, the greatest name wins,
 * which is the newest snapshot for {@code yyyy-mm-dd} suffixes). A fine-tuned model {@code
 * ft:BASE:org:suffix:id} is looked up by its {@code BASE}.
 */
public final class ModelCatalog {
  /** The model {@code prepare} assumes when none is given. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";

  private static final String RESOURCE = "models.json";
  private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-[0-9][0-9-]*");
  private static final ObjectMapper JSON = Json.mapper();

  private final String asOf;
  private final String source;
  private final SortedMap<String, ModelInfo> models;
  private final String inferenceAsOf;

  /** By model name: {input, output, fine-tuned input, fine-tuned output} per 1M tokens. */
  private final SortedMap<String, BigDecimal[]> inference;

  private ModelCatalog(String asOf, String source, SortedMap<String, ModelInfo> models) {
    this(asOf, source, models, "", new TreeMap<>());
  }

  private ModelCatalog(
      String asOf,
      String source,
      SortedMap<String, ModelInfo> models,
      String inferenceAsOf,
      SortedMap<String, BigDecimal[]> inference) {
    this.asOf = asOf;
    this.source = source;
    this.models = Collections.unmodifiableSortedMap(models);
    this.inferenceAsOf = inferenceAsOf;
    this.inference = Collections.unmodifiableSortedMap(inference);
  }

  /** The table shipped in the jar. */
  public static ModelCatalog builtIn() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = JSON.readTree(in);
      return new ModelCatalog(
          Objects.requireNonNullElse(Json.text(root, "as_of"), ""),
          Objects.requireNonNullElse(Json.text(root, "source"), ""),
          parseModels(root, null),
          Objects.requireNonNullElse(Json.text(root, "inference_as_of"), ""),
          parseInference(root, null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in " + RESOURCE, e);
    }
  }

  /**
   * This table with the entries of {@code file} (same schema) added or replacing same-named ones.
   * The file's {@code as_of} and {@code source}, when present, replace this table's.
   *
   * @throws InputFileException when the file is missing, not JSON or not in the schema
   */
  public ModelCatalog withOverrides(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InputFileException(file, "no such price file");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InputFileException(
          file,
          at == null ? 0 : Math.max(at.getLineNr(), 0),
          at == null ? 0 : Math.max(at.getColumnNr(), 0),
          "price file: " + JsonErrors.describe(e),
          e);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read price file: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("models").isObject()) {
      throw new InputFileException(
          file, "price file must be a JSON object with a \"models\" object");
    }
    SortedMap<String, ModelInfo> merged = new TreeMap<>(models);
    merged.putAll(parseModels(root, file));
    String overAsOf = Objects.requireNonNullElse(Json.text(root, "as_of"), "");
    String overSource = Objects.requireNonNullElse(Json.text(root, "source"), "");
    SortedMap<String, BigDecimal[]> prices = new TreeMap<>(inference);
    prices.putAll(parseInference(root, file));
    String overInferenceAsOf = Objects.requireNonNullElse(Json.text(root, "inference_as_of"), "");
    return new ModelCatalog(
        overAsOf.isEmpty() ? asOf : overAsOf,
        overSource.isEmpty() ? source : overSource,
        merged,
        overInferenceAsOf.isEmpty() ? inferenceAsOf : overInferenceAsOf,
        prices);
  }

  /**
   * What asking {@code model} costs: the {@code inference} prices of its entry (found like {@link
   * #resolve}); a fine-tuned model or checkpoint ({@code ft:BASE:...}) gets its base's fine-tuned
   * prices. Empty when the table has no price for it.
   */
  public Optional<InferencePrice> inferencePrice(String model) {
    String requested = model.strip();
    if (ModelIds.isAzureFineTune(requested)) {
      return Optional.empty(); // Azure's prices (and its hosting fee) are not in this table
    }
    ModelMatch match = resolve(requested);
    if (match.info().isEmpty()) {
      return Optional.empty();
    }
    BigDecimal[] p = inference.get(match.info().get().name());
    if (p == null) {
      return Optional.empty();
    }
    boolean fineTuned = ModelIds.isFineTuned(requested);
    return Optional.of(
        new InferencePrice(
            model, fineTuned ? p[2] : p[0], fineTuned ? p[3] : p[1], fineTuned, inferenceAsOf));
  }

  /** The optional {@code inference} object of each model: four prices, each a number >= 0. */
  private static SortedMap<String, BigDecimal[]> parseInference(JsonNode root, Path file) {
    SortedMap<String, BigDecimal[]> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("models").fields();
    String[] keys = {
      "input_per_1m", "output_per_1m", "fine_tuned_input_per_1m", "fine_tuned_output_per_1m"
    };
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode inf = e.getValue().get("inference");
      if (inf == null || inf.isNull()) {
        continue;
      }
      BigDecimal[] prices = new BigDecimal[4];
      for (int i = 0; i < 4; i++) {
        JsonNode v = inf.path(keys[i]);
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
          String problem =
              "model \""
                  + e.getKey()
                  + "\": \"inference\" needs "
                  + String.join(", ", keys)
                  + " (numbers >= 0)";
          if (file == null) {
            throw new IllegalStateException("built-in " + RESOURCE + ": " + problem);
          }
          throw new InputFileException(file, problem);
        }
        prices[i] = v.decimalValue();
      }
      out.put(e.getKey(), prices);
    }
    return out;
  }

  /** The date the prices were taken, as written in the table ({@code yyyy-mm-dd}). */
  public String asOf() {
    return asOf;
  }

  public String source() {
    return source;
  }

  /** Every entry, sorted by name. */
  public SortedMap<String, ModelInfo> models() {
    return models;
  }

  /** Finds the entry for a model name; an unknown model gets the fallback encoding. */
  public ModelMatch resolve(String requested) {
    String name = baseModel(requested.strip());
    ModelInfo exact = models.get(name);
    if (exact != null) {
      return new ModelMatch(requested, Optional.of(exact), exact.encoding());
    }
    ModelInfo best = null;
    for (Map.Entry<String, ModelInfo> e : models.tailMap(name).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(name)) {
        break;
      }
      if (SNAPSHOT_SUFFIX.matcher(key.substring(name.length())).matches()) {
        best = e.getValue(); // sorted ascending: the last match is the newest snapshot
      }
    }
    return best == null
        ? new ModelMatch(requested, Optional.empty(), fallbackEncoding(name))
        : new ModelMatch(requested, Optional.of(best), best.encoding());
  }

  /**
   * The encoding of a model the table does not list: {@code cl100k_base} for the GPT-3.5 and GPT-4
   * (not 4o, not 4.1) families and the legacy base models, {@code o200k_base} for everything else
   * (gpt-4o, gpt-4.1, o-series and newer).
   */
  static String fallbackEncoding(String model) {
    boolean cl100k =
        model.startsWith("gpt-3.5")
            || model.equals("gpt-4")
            || model.startsWith("gpt-4-")
            || model.startsWith("davinci")
            || model.startsWith("babbage");
    return cl100k ? "cl100k_base" : ModelMatch.FALLBACK_ENCODING;
  }

  /**
   * {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} (and Azure's {@code
   * gpt-4o-mini-2024-07-18.ft-HEX}) -> {@code gpt-4o-mini-2024-07-18}.
   */
  static String baseModel(String model) {
    return ModelIds.base(model);
  }

  private static SortedMap<String, ModelInfo> parseModels(JsonNode root, Path file) {
    SortedMap<String, ModelInfo> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("models").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode m = e.getValue();
      JsonNode encoding = m.path("encoding");
      JsonNode context = m.path("context");
      JsonNode price = m.path("training_per_1m");
      if (!encoding.isTextual()
          || !context.canConvertToInt()
          || !context.isIntegralNumber()
          || context.intValue() <= 0
          || !price.isNumber()
          || price.decimalValue().signum() < 0) {
        String problem =
            "model \""
                + name
                + "\" needs \"encoding\" (text), \"context\" (positive integer) and"
                + " \"training_per_1m\" (number >= 0)";
        if (file == null) {
          throw new IllegalStateException("built-in " + RESOURCE + ": " + problem);
        }
        throw new InputFileException(file, problem);
      }
      if (!TokenCounter.supports(encoding.asText())) {
        String problem = "model \"" + name + "\": unknown encoding \"" + encoding.asText() + "\"";
        if (file == null) {
          throw new IllegalStateException("built-in " + RESOURCE + ": " + problem);
        }
        throw new InputFileException(file, problem);
      }
      out.put(
          name,
          new ModelInfo(
              name,
              encoding.asText(),
              context.intValue(),
              price.decimalValue(),
              formats(name, m.get("formats"), file)));
    }
    return out;
  }

  /** The optional {@code formats} list ({@code ["chat", "dpo"]}); absent means every format. */
  private static Set<DatasetFormat> formats(String name, JsonNode list, Path file) {
    Set<DatasetFormat> out =
        EnumSet.of(DatasetFormat.CHAT, DatasetFormat.DPO, DatasetFormat.COMPLETION);
    if (list == null) {
      return out;
    }
    out.clear();
    boolean ok = list.isArray() && !list.isEmpty();
    for (JsonNode f : list) {
      DatasetFormat format = null;
      for (DatasetFormat candidate : DatasetFormat.values()) {
        if (candidate != DatasetFormat.UNKNOWN && candidate.id().equals(f.asText())) {
          format = candidate;
        }
      }
      ok &= f.isTextual() && format != null;
      if (format != null) {
        out.add(format);
      }
    }
    if (!ok) {
      String problem =
          "model \"" + name + "\": \"formats\" must be a non-empty list of chat, dpo, completion";
      if (file == null) {
        throw new IllegalStateException("built-in " + RESOURCE + ": " + problem);
      }
      throw new InputFileException(file, problem);
    }
    return out;
  }
}
