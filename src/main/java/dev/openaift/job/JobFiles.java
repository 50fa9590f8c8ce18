package dev.openaift.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Echo;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the archive's JSON files ({@code job.json}, {@code events.jsonl}, {@code
 * checkpoints.json}) and maps the API's wire JSON onto {@link Job}, {@link JobEvent} and {@link
 * Checkpoint}, so the API layer can reuse the same mapping. Unknown fields are ignored.
 *
 * <p>Events and checkpoints are accepted as JSON lines, as a saved list page ({@code
 * {"object":"list","data":[...]}}) or as a bare JSON array; blank lines are ignored.
 */
public final class JobFiles {

  /** Writes and builds nodes ({@link Json#mapper()}). */
  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * Reads by {@link Json}'s policy, floats as {@link BigDecimal} with their digits kept, so
   * hyperparameters stay "as written".
   */
  private static final ObjectReader READER =
      MAPPER
          .reader()
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

  /** For values read one by one from a streaming parser (the rest of the document follows). */
  private static final ObjectReader ELEMENT_READER =
      READER.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** 9999-12-31T23:59:59Z: later "unix seconds" are not a time (a garbled or millisecond value). */
  private static final long LAST_TIME = 253402300799L;

  /** Said alike whether a list page is on one line or pretty-printed. */
  private static final String LIST_DATA_NOT_ARRAY = "a list page's \"data\" must be an array";

  private static final String STEP_RULE =
      " must be a positive whole number (steps count from 1), was ";

  private JobFiles() {}

  // ---------------------------------------------------------------- reading

  /** Reads a {@code fine_tuning.job} object. */
  public static Job readJob(Path path) {
    byte[] bytes = readBytes(path);
    JsonNode node = parseDocument(path, bytes);
    if (!node.isObject()) {
      throw new InputFileException(
          path, "expected a JSON object (a fine-tuning job), found " + kind(node));
    }
    return jobFromJson(node);
  }

  /**
   * Reads events; returns them in true order, oldest first ({@link EventOrder#fromFile}: the file's
   * order within a second, reversed when the file lists them newest first as the API does), with
   * duplicate ids dropped (the first one read is kept).
   */
  public static List<JobEvent> readEvents(Path path) {
    return readEvents(path, new ArrayList<>());
  }

  /**
   * {@link #readEvents(Path)}, tolerating what the archive's own writer tolerates: a JSON-lines
   * file whose last line has no line break and is not a whole JSON value (a run killed while
   * appending) loses that line, with a warning added to {@code warnings} ({@code NAME:LINE: ...}).
   */
  public static List<JobEvent> readEvents(Path path, List<String> warnings) {
    List<JobEvent> events = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean listed = false;
    for (Located record : readRecords(path, warnings)) {
      JobEvent e = eventFromJson(path, record);
      listed |= record.listed;
      Object step = e.data().get("step");
      if (step != null && !(step instanceof Long l && l > 0)) {
        throw new InputFileException(
            path,
            record.line,
            0,
            "event " + Echo.cut(e.id()) + ": step" + STEP_RULE + Echo.cut(String.valueOf(step)));
      }
      if (seen.add(e.id())) {
        events.add(e);
      }
    }
    return EventOrder.fromFile(events, listed);
  }

  /** Reads checkpoints; returns them by ascending step. */
  public static List<Checkpoint> readCheckpoints(Path path) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (Located record : readRecords(path, null)) {
      if (!record.node.isObject()) {
        throw new InputFileException(
            path, record.line, 0, "expected a checkpoint object, found " + kind(record.node));
      }
      JsonNode step = record.node.get("step_number");
      Long stepNumber = Json.isWholeNumber(step) ? Json.wholeNumber(step) : null;
      if (stepNumber == null || stepNumber <= 0) {
        throw new InputFileException(
            path,
            record.line,
            0,
            "checkpoint "
                + Echo.cut(Json.text(record.node, "id"))
                + ": step_number"
                + STEP_RULE
                + (step == null ? "missing" : Echo.cut(step.toString())));
      }
      checkpoints.add(checkpointFromJson(record.node));
    }
    checkpoints.sort(
        Comparator.comparingLong(Checkpoint::stepNumber)
            .thenComparing(c -> String.valueOf(c.id())));
    return checkpoints;
  }

  // ---------------------------------------------------------------- wire JSON -> records

  /** Maps a {@code fine_tuning.job} object; unknown fields are ignored. */
  public static Job jobFromJson(JsonNode n) {
    String methodType = Json.text(n.path("method"), "type");
    JsonNode hp = null;
    if (methodType != null) {
      JsonNode m = n.path("method").path(methodType).path("hyperparameters");
      if (m.isObject()) {
        hp = m;
      }
    }
    if (hp == null && n.path("hyperparameters").isObject()) {
      hp = n.path("hyperparameters");
    }
    if (hp == null && n.path("hyperparams").isObject()) {
      hp = n.path("hyperparams"); // a legacy /v1/fine-tunes object ("object": "fine-tune")
    }
    Map<String, String> hyperparameters = new TreeMap<>();
    if (hp != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isValueNode() && !v.isNull()) {
          hyperparameters.put(
              e.getKey(), v.isBigDecimal() ? v.decimalValue().toString() : v.asText());
        }
      }
    }
    String fineTunedModel = Json.text(n, "fine_tuned_model");
    String suffix = Json.text(n, "user_provided_suffix");
    if (suffix == null && fineTunedModel != null) {
      String[] parts = fineTunedModel.split(":", -1);
      if (parts.length == 5 && parts[0].equals("ft") && !parts[3].isEmpty()) {
        suffix = parts[3];
      }
    }
    List<String> resultFiles = new ArrayList<>();
    for (JsonNode f : n.path("result_files")) {
      if (f.isTextual()) {
        resultFiles.add(f.asText());
      }
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metadata").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        metadata.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode error = n.path("error");
    return new Job(
        Json.text(n, "id"),
        Json.text(n, "status"),
        Json.text(n, "model"),
        fineTunedModel,
        Json.text(n, "organization_id"),
        Json.wholeNumber(n, "created_at"),
        Json.wholeNumber(n, "finished_at"),
        Json.wholeNumber(n, "estimated_finish"),
        Json.wholeNumber(n, "trained_tokens"),
        Json.text(n, "training_file"),
        Json.text(n, "validation_file"),
        resultFiles,
        methodType,
        hyperparameters,
        suffix,
        Json.wholeNumber(n, "seed"),
        error.isObject() ? Json.text(error, "code") : null,
        error.isObject() ? Json.text(error, "message") : null,
        metadata);
  }

  /**
   * Maps a {@code fine_tuning.job.event} object.
   *
   * @throws IllegalArgumentException when {@code id} or {@code created_at} is missing
   */
  public static JobEvent eventFromJson(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("expected an event object, found " + kind(n));
    }
    String id = Json.text(n, "id");
    if (id == null) {
      throw new IllegalArgumentException("event has no \"id\"");
    }
    JsonNode created = n.get("created_at");
    if (!Json.isNumber(created)) {
      throw new IllegalArgumentException(
          "event " + Echo.cut(id) + " has no numeric \"created_at\"");
    }
    Long createdAt = Json.wholeNumber(n, "created_at");
    if (createdAt == null || createdAt < 0 || createdAt > LAST_TIME) {
      throw new IllegalArgumentException(
          "event "
              + Echo.cut(id)
              + ": created_at "
              + Echo.cut(created.asText())
              + " is not a time (unix seconds after 1970, before 10000)");
    }
    Map<String, Object> data = new TreeMap<>();
    JsonNode d = n.path("data");
    if (d.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        // a declared number: "step" may come as a string like any number field (Json's policy)
        boolean textStep = e.getKey().equals("step") && v.isTextual() && Json.isWholeNumber(v);
        data.put(
            e.getKey(), textStep && Json.wholeNumber(v) != null ? Json.wholeNumber(v) : plain(v));
      }
    }
    return new JobEvent(
        id, createdAt, Json.text(n, "level"), Json.text(n, "message"), Json.text(n, "type"), data);
  }

  /**
   * Maps a {@code fine_tuning.job.checkpoint} object; metrics that are not numbers ({@link
   * Json#number}) are skipped.
   */
  public static Checkpoint checkpointFromJson(JsonNode n) {
    Map<String, Double> metrics = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Double value = Json.number(e.getValue());
      if (value != null) {
        metrics.put(e.getKey(), value);
      }
    }
    Long created = Json.wholeNumber(n, "created_at");
    Long step = Json.wholeNumber(n, "step_number");
    return new Checkpoint(
        Json.text(n, "id"),
        created == null ? 0 : created,
        Json.text(n, "fine_tuned_model_checkpoint"),
        Json.text(n, "fine_tuning_job_id"),
        step == null ? 0 : step,
        metrics);
  }

  // ---------------------------------------------------------------- records -> JSON, writing

  /** The event as one line of JSON (no line break), the wire layout. */
  public static String eventToJsonLine(JobEvent e) {
    try {
      return MAPPER.writeValueAsString(eventToJson(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write event " + e.id(), ex);
    }
  }

  /** Writes {@code job.json} (pretty, wire layout) atomically. */
  public static void writeJob(Path path, Job job) {
    writeAtomically(path, pretty(jobToJson(job)));
  }

  /** Writes events as JSON lines, in the given order, atomically. */
  public static void writeEvents(Path path, List<JobEvent> events) {
    StringBuilder b = new StringBuilder();
    for (JobEvent e : events) {
      b.append(eventToJsonLine(e)).append('\n');
    }
    writeAtomically(path, b.toString());
  }

  /** Writes checkpoints as a saved list page (pretty), atomically. */
  public static void writeCheckpoints(Path path, List<Checkpoint> checkpoints) {
    ObjectNode page = MAPPER.createObjectNode();
    page.put("object", "list");
    ArrayNode data = page.putArray("data");
    for (Checkpoint c : checkpoints) {
      data.add(checkpointToJson(c));
    }
    page.put("has_more", false);
    writeAtomically(path, pretty(page));
  }

  /** The job in the wire layout (the fields this tool keeps). */
  public static ObjectNode jobToJson(Job j) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", j.id());
    n.put("object", "fine_tuning.job");
    n.put("created_at", j.createdAt());
    n.put("status", j.status());
    n.put("model", j.model());
    n.put("fine_tuned_model", j.fineTunedModel());
    n.put("organization_id", j.organizationId());
    n.put("finished_at", j.finishedAt());
    n.put("estimated_finish", j.estimatedFinish());
    n.put("trained_tokens", j.trainedTokens());
    n.put("training_file", j.trainingFile());
    n.put("validation_file", j.validationFile());
    ArrayNode files = n.putArray("result_files");
    j.resultFiles().forEach(files::add);
    ObjectNode hp = MAPPER.createObjectNode();
    for (Map.Entry<String, String> e : new TreeMap<>(j.hyperparameters()).entrySet()) {
      hp.set(e.getKey(), hyperparameterNode(e.getValue()));
    }
    n.set("hyperparameters", hp);
    if (j.methodType() != null) {
      ObjectNode method = n.putObject("method");
      method.put("type", j.methodType());
      method.putObject(j.methodType()).set("hyperparameters", hp.deepCopy());
    }
    if (j.suffix() != null) {
      n.put("user_provided_suffix", j.suffix());
    }
    if (j.seed() != null) {
      n.put("seed", j.seed());
    }
    if (j.errorCode() != null || j.errorMessage() != null) {
      ObjectNode err = n.putObject("error");
      err.put("code", j.errorCode());
      err.put("message", j.errorMessage());
    } else {
      n.putNull("error");
    }
    ObjectNode meta = n.putObject("metadata");
    new TreeMap<>(j.metadata()).forEach(meta::put);
    return n;
  }

  static ObjectNode eventToJson(JobEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", e.id());
    n.put("object", "fine_tuning.job.event");
    n.put("created_at", e.createdAt());
    n.put("level", e.level());
    n.put("message", e.message());
    if (e.type() != null) {
      n.put("type", e.type());
    }
    n.set("data", MAPPER.valueToTree(new TreeMap<>(e.data())));
    return n;
  }

  /** The checkpoint in the wire layout. */
  public static ObjectNode checkpointToJson(Checkpoint c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", c.id());
    n.put("object", "fine_tuning.job.checkpoint");
    n.put("created_at", c.createdAt());
    n.put("fine_tuned_model_checkpoint", c.fineTunedModelCheckpoint());
    n.put("fine_tuning_job_id", c.fineTuningJobId());
    n.put("step_number", c.stepNumber());
    ObjectNode m = n.putObject("metrics");
    new TreeMap<>(c.metrics()).forEach(m::put);
    return n;
  }

  private static JsonNode hyperparameterNode(String value) {
    if (value == null) {
      return MAPPER.nullNode();
    }
    try {
      BigDecimal d = new BigDecimal(value);
      return d.scale() <= 0 && d.precision() < 19
          ? MAPPER.getNodeFactory().numberNode(d.longValueExact())
          : MAPPER.getNodeFactory().numberNode(d);
    } catch (NumberFormatException | ArithmeticException notANumber) {
      return MAPPER.getNodeFactory().textNode(value);
    }
  }

  private static String pretty(JsonNode node) {
    try {
      return Json.pretty().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write JSON", ex);
    }
  }

  /**
   * Writes text as UTF-8 to a temporary file beside {@code path}, then moves it into place, so a
   * reader never sees half a file.
   */
  static void writeAtomically(Path path, String text) {
    try {
      AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + path + ": " + ex.getMessage(), ex);
    }
  }

  // ---------------------------------------------------------------- parsing helpers

  /** One JSON value of a file and the 1-based line where it starts. */
  /**
   * @param listed whether it came from a list page ({@code {"object":"list","data":[...]}})
   */
  private record Located(JsonNode node, long line, boolean listed) {
    Located(JsonNode node, long line) {
      this(node, line, false);
    }
  }

  private static byte[] readBytes(Path path) {
    try {
      if (Files.isDirectory(path)) {
        throw new InputFileException(path, "is a directory, expected a file");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException ex) {
      throw new InputFileException(path, "no such file");
    } catch (IOException ex) {
      throw new InputFileException(path, "cannot read: " + ex.getMessage(), ex);
    }
  }

  private static JsonNode parseDocument(Path path, byte[] bytes) {
    if (isBlank(bytes)) {
      throw new InputFileException(path, "empty file, expected JSON");
    }
    try (JsonParser p = READER.createParser(bytes)) {
      try {
        return READER.readTree(p);
      } catch (JsonProcessingException ex) {
        throw notJson(path, ex, 0, p);
      }
    } catch (IOException ex) {
      throw new InputFileException(path, "cannot read: " + ex.getMessage(), ex);
    }
  }

  /**
   * The records of a JSON-lines file, a saved list page or a bare array, each with its line. An
   * empty file has no records.
   */
  private static List<Located> readRecords(Path path, List<String> cutLineWarnings) {
    byte[] bytes = readBytes(path);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    if (first == lines.length) {
      return List.of();
    }
    // When the first line is a JSON value on its own, the file is JSON lines (each line an object,
    // or
    // a saved list page or array on one line); otherwise it is one multi-line document.
    int last = lines.length - 1;
    while (lines[last].isBlank()) {
      last--;
    }
    // a last line without its line break that is not whole: a run killed while appending (JSON
    // lines)
    boolean cutLast =
        cutLineWarnings != null
            && last == lines.length - 1
            && tryParse(lines[last].strip()) == null;
    if (tryParse(lines[first].strip()) != null || cutLast && first == last) {
      if (cutLast) {
        lines[last] = "";
        Path name = path.getFileName() == null ? path : path.getFileName();
        cutLineWarnings.add(
            name
                + ":"
                + (last + 1)
                + ": last line is cut off (a run killed while writing it?); ignored");
      }
      return readJsonLines(path, lines);
    }
    return readWholeDocument(path, text);
  }

  private static List<Located> readJsonLines(Path path, String[] lines) {
    List<Located> records = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = READER.readTree(lines[i]);
      } catch (JsonProcessingException ex) {
        throw notJson(path, ex, i + 1L, null);
      }
      if (node.isObject()
          && node.has("data")
          && !node.get("data").isArray()
          && ("list".equals(node.path("object").asText(null)) || !node.has("id"))) {
        throw new InputFileException(path, i + 1L, 0, LIST_DATA_NOT_ARRAY);
      }
      JsonNode elements = node.isArray() ? node : isListPage(node) ? node.path("data") : null;
      if (elements == null) {
        records.add(new Located(node, i + 1L));
      } else {
        for (JsonNode element : elements) {
          records.add(new Located(element, i + 1L, !node.isArray()));
        }
      }
    }
    return records;
  }

  private static List<Located> readWholeDocument(Path path, String text) {
    List<Located> records = new ArrayList<>();
    try (JsonParser p = READER.createParser(text)) {
      try {
        readWholeDocument(path, p, records);
      } catch (JsonProcessingException ex) {
        throw notJson(path, ex, 0, p);
      }
    } catch (IOException ex) {
      throw new InputFileException(path, "cannot read: " + ex.getMessage(), ex);
    }
    return records;
  }

  private static void readWholeDocument(Path path, JsonParser p, List<Located> records)
      throws IOException {
    {
      JsonToken t = p.nextToken();
      boolean array = t == JsonToken.START_ARRAY;
      if (!array && t == JsonToken.START_OBJECT) {
        // a list page: find "data" and stream its elements; other fields are skipped
        boolean found = false;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (name.equals("data") && p.currentToken() == JsonToken.START_ARRAY) {
            int before = records.size();
            readArrayElements(p, records);
            for (int i = before; i < records.size(); i++) {
              Located r = records.get(i);
              records.set(i, new Located(r.node, r.line, true));
            }
            found = true;
          } else if (name.equals("data")) {
            JsonLocation loc = p.currentTokenLocation();
            throw new InputFileException(
                path, loc.getLineNr(), loc.getColumnNr(), LIST_DATA_NOT_ARRAY);
          } else {
            p.skipChildren();
          }
        }
        if (!found) {
          throw new InputFileException(
              path,
              1,
              1,
              "expected JSON lines, a list page {\"object\":\"list\",\"data\":[...]} or a JSON"
                  + " array");
        }
      } else if (array) {
        readArrayElements(p, records);
      } else {
        JsonLocation loc = p.currentLocation();
        throw new InputFileException(
            path,
            loc.getLineNr(),
            loc.getColumnNr(),
            "expected JSON lines, a list page or a JSON array");
      }
      if (p.nextToken() != null) {
        JsonLocation loc = p.currentTokenLocation();
        throw new InputFileException(
            path,
            loc.getLineNr(),
            loc.getColumnNr(),
            "not valid JSON: unexpected content after the end of the document");
      }
    }
  }

  private static void readArrayElements(JsonParser p, List<Located> into) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      long line = p.currentTokenLocation().getLineNr();
      into.add(new Located(ELEMENT_READER.readTree(p), line));
    }
  }

  private static JsonNode tryParse(String s) {
    try {
      return READER.readTree(s);
    } catch (JsonProcessingException ex) {
      return null;
    }
  }

  private static boolean isListPage(JsonNode n) {
    return n.isObject()
        && n.path("data").isArray()
        && ("list".equals(n.path("object").asText(null)) || !n.has("id"));
  }

  private static JobEvent eventFromJson(Path path, Located record) {
    try {
      return eventFromJson(record.node);
    } catch (IllegalArgumentException ex) {
      throw new InputFileException(path, record.line, 0, ex.getMessage());
    }
  }

  /**
   * @param line the record's line in a JSON-lines file, or 0 to use the error's location
   * @param parser the parser that failed (its location when the error has none), or null
   */
  private static InputFileException notJson(
      Path path, JsonProcessingException ex, long line, JsonParser parser) {
    JsonLocation loc = ex.getLocation();
    if ((loc == null || loc.getLineNr() <= 0) && parser != null) {
      loc = parser.currentLocation();
    }
    long l = line > 0 ? line : loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    long c = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new InputFileException(path, l, c, JsonErrors.describe(ex), ex);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * A JSON value as plain Java: Long or Double for numbers, maps (sorted) and lists for containers.
   */
  private static Object plain(JsonNode v) {
    if (v.isNumber()) {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(x -> l.add(plain(x)));
      return l;
    }
    return null;
  }

  private static String kind(JsonNode n) {
    return n.isArray()
        ? "an array"
        : n.isObject()
            ? "an object"
            : n.isNull()
                ? "null"
                : "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
