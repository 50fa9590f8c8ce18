package dev.openaift.retirement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The dated table of known retirement dates: the built-in resource {@code retirement-dates.json},
 * optionally with a user's file of the same schema merged over it (like the price table). Used only
 * where the models API gives no {@code shutdown_date}.
 *
 * <pre>{@code
 * {"as_of": "2026-11-29", "source": "...", "new_jobs_stop": "2027-01-06",
 *  "models": {"gpt-4o-mini-2024-07-18": "2027-01-14", "gpt-4o": "2027-01-14"}}
 * }</pre>
 *
 * <p>A model is looked up exactly, then by its family (the id without its {@code -YYYY-MM-DD}
 * snapshot suffix: an entry {@code gpt-4o} covers every gpt-4o snapshot), then as an alias (the
 * newest listed snapshot of that name).
 *
 * <p>Another provider that serves fine-tunes of these models on its own schedule has its own table
 * under {@code providers} (same lookup; its {@code label} names it where a date is shown):
 *
 * <pre>{@code
 * "providers": {"azure": {"as_of": "2026-12-07", "source": "...",
 *   "label": "azure table (October 2027)", "models": {"gpt-4o-2024-08-06": "2027-10-01"}}}
 * }</pre>
 */
public final class RetirementTable {
  private static final String RESOURCE = "retirement-dates.json";
  private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  private static final ObjectMapper JSON = Json.mapper();

  private final String asOf;
  private final String source;
  private final LocalDate newJobsStop;
  private final SortedMap<String, LocalDate> models;
  private final Path override;

  /** How a date of this table is named where it is shown; null for the OpenAI table. */
  private final String label;

  /** Other providers' tables, by provider id ({@code azure}). */
  private final SortedMap<String, RetirementTable> providers;

  private RetirementTable(
      String asOf,
      String source,
      LocalDate newJobsStop,
      SortedMap<String, LocalDate> models,
      Path override,
      String label,
      SortedMap<String, RetirementTable> providers) {
    this.asOf = asOf;
    this.source = source;
    this.newJobsStop = newJobsStop;
    this.models = Collections.unmodifiableSortedMap(models);
    this.override = override;
    this.label = label;
    this.providers = Collections.unmodifiableSortedMap(providers);
  }

  /** The table shipped in the jar. */
  public static RetirementTable builtIn() {
    try (InputStream in = RetirementTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = JSON.readTree(in);
      return new RetirementTable(
          Objects.requireNonNullElse(Json.text(root, "as_of"), ""),
          Objects.requireNonNullElse(Json.text(root, "source"), ""),
          date(root, "new_jobs_stop", null),
          parse(root, null),
          null,
          null,
          providers(root, null, new TreeMap<>()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in " + RESOURCE, e);
    }
  }

  /**
   * This table with the entries of {@code file} (same schema) added or replacing same-named ones;
   * its {@code as_of}, {@code source} and {@code new_jobs_stop}, when present, replace this
   * table's.
   *
   * @throws InputFileException when the file is missing, not JSON or not in the schema
   */
  public RetirementTable withOverrides(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InputFileException(file, "no such retirement-dates file");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read retirement-dates file: " + e.getMessage(), e);
    }
    // a file may date only another provider's fine-tunes: "providers" without "models"
    boolean providersOnly =
        root != null && root.path("models").isMissingNode() && root.path("providers").isObject();
    if (root == null || !root.isObject() || !(root.path("models").isObject() || providersOnly)) {
      throw new InputFileException(
          file,
          "retirement-dates file must be a JSON object with a \"models\" object (or a"
              + " \"providers\" object)");
    }
    return merged(root, file, providers(root, file, new TreeMap<>(providers)));
  }

  /** This table with {@code root}'s entries (and texts, when present) over it. */
  private RetirementTable merged(
      JsonNode root, Path file, SortedMap<String, RetirementTable> withProviders) {
    SortedMap<String, LocalDate> merged = new TreeMap<>(models);
    merged.putAll(parse(root, file));
    String a = Objects.requireNonNullElse(Json.text(root, "as_of"), "");
    String s = Objects.requireNonNullElse(Json.text(root, "source"), "");
    String l = Objects.requireNonNullElse(Json.text(root, "label"), "");
    LocalDate stop = root.has("new_jobs_stop") ? date(root, "new_jobs_stop", file) : newJobsStop;
    return new RetirementTable(
        a.isEmpty() ? asOf : a,
        s.isEmpty() ? source : s,
        stop,
        merged,
        file,
        l.isEmpty() ? label : l,
        withProviders);
  }

  private RetirementTable withLabel(String newLabel) {
    return new RetirementTable(
        asOf,
        source,
        newJobsStop,
        new TreeMap<>(models),
        override,
        newLabel,
        new TreeMap<>(providers));
  }

  /**
   * {@code known} with the tables under {@code root}'s {@code providers} merged over same-named
   * ones.
   */
  private static SortedMap<String, RetirementTable> providers(
      JsonNode root, Path file, SortedMap<String, RetirementTable> known) {
    JsonNode section = root.path("providers");
    if (section.isMissingNode() || section.isNull()) {
      return known;
    }
    if (!section.isObject()) {
      throw problem(file, "\"providers\" must be an object of provider tables, got " + section);
    }
    section
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode t = e.getValue();
              if (!t.isObject() || !t.path("models").isObject()) {
                throw problem(
                    file,
                    "\"providers\": \""
                        + e.getKey()
                        + "\" must be an object with a \"models\" object");
              }
              RetirementTable base =
                  known.getOrDefault(
                      e.getKey(),
                      new RetirementTable(
                          "",
                          "",
                          null,
                          new TreeMap<>(),
                          null,
                          e.getKey() + " table",
                          new TreeMap<>()));
              RetirementTable merged = base.merged(t, file, new TreeMap<>());
              if (Json.text(t, "label") == null && file != null && t.path("models").size() > 0) {
                // the dates shown are no longer all the built-in table's: name the file too
                merged =
                    merged.withLabel(e.getKey() + " table with " + file.getFileName() + " over it");
              }
              known.put(e.getKey(), merged);
            });
    return known;
  }

  /**
   * The table of another provider ({@code azure}) whose fine-tunes are served on its own schedule,
   * or empty when there is none (its jobs use this table).
   */
  public Optional<RetirementTable> provider(String provider) {
    return Optional.ofNullable(provider == null ? null : providers.get(provider));
  }

  /**
   * How a date of this table is named where it is shown ({@code azure table (October 2027)}), or
   * null for the OpenAI table.
   */
  public String label() {
    return label;
  }

  /** The date the table was compiled ({@code yyyy-mm-dd}, as written). */
  public String asOf() {
    return asOf;
  }

  public String source() {
    return source;
  }

  /** The file merged over the built-in table, or null. */
  public Path override() {
    return override;
  }

  /** The day new fine-tuning jobs can no longer be created, or empty when none is known. */
  public Optional<LocalDate> newJobsStop() {
    return Optional.ofNullable(newJobsStop);
  }

  /** Every entry, sorted by name. */
  public SortedMap<String, LocalDate> models() {
    return models;
  }

  /**
   * One line for people: {@code retirement dates: built-in table as of 2026-11-29} (or the file's).
   */
  public String describe() {
    return "retirement dates: "
        + (override == null ? "built-in table" : override.toString())
        + " as of "
        + asOf
        + " (used where the models API gives none; override with --retirement-dates FILE)";
  }

  /** The known shutdown date of a base model (snapshot, family or alias), or empty. */
  public Optional<LocalDate> find(String baseModel) {
    if (baseModel == null) {
      return Optional.empty();
    }
    if (models.containsKey(baseModel)) {
      return Optional.ofNullable(models.get(baseModel)); // an entry may say null: no date
    }
    String family = SNAPSHOT_SUFFIX.matcher(baseModel).replaceFirst("");
    if (!family.equals(baseModel) && models.containsKey(family)) {
      return Optional.ofNullable(models.get(family));
    }
    LocalDate alias = null;
    for (Map.Entry<String, LocalDate> e : models.tailMap(baseModel).entrySet()) {
      if (!e.getKey().startsWith(baseModel)) {
        break;
      }
      if (SNAPSHOT_SUFFIX.matcher(e.getKey()).find()
          && e.getKey().length() == baseModel.length() + 11) {
        alias = e.getValue(); // ascending: the last match is the newest snapshot
      }
    }
    return Optional.ofNullable(alias);
  }

  private static SortedMap<String, LocalDate> parse(JsonNode root, Path file) {
    SortedMap<String, LocalDate> out = new TreeMap<>();
    root.path("models")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), date(root.path("models"), e.getKey(), file)));
    return out;
  }

  private static LocalDate date(JsonNode obj, String field, Path file) {
    JsonNode v = obj.path(field);
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    try {
      if (v.isTextual()) {
        return LocalDate.parse(v.asText());
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw problem(file, "\"" + field + "\" must be a date as \"YYYY-MM-DD\" (or null), got " + v);
  }

  private static RuntimeException problem(Path file, String problem) {
    if (file == null) {
      return new IllegalStateException("built-in " + RESOURCE + ": " + problem);
    }
    return new InputFileException(file, problem);
  }
}
