package dev.openaift.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.openaift.io.Echo;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the archive's job files ({@code job.json}, {@code events.jsonl}, {@code checkpoints.json})
 * tolerantly, whoever wrote them: events and checkpoints as JSON lines, as a saved list page
 * ({@code {"object":"list","data":[...]}}) or as a bare JSON array, blank lines ignored, a cut last
 * line warned about; anything unusable is one {@link InputFileException} naming the file, line and
 * column. The objects are mapped by {@link JobJson}; {@link JobFileWriter} writes the files.
 */
public final class JobFiles {

  /**
   * Reads by {@link Json}'s policy, floats as {@link BigDecimal} with their digits kept, so
   * hyperparameters stay "as written".
   */
  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

  /** For values read one by one from a streaming parser (the rest of the document follows). */
  private static final ObjectReader ELEMENT_READER =
      READER.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
          path, "expected a JSON object (a fine-tuning job), found " + JobJson.kind(node));
    }
    return JobJson.jobFromJson(node);
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
            path,
            record.line,
            0,
            "expected a checkpoint object, found " + JobJson.kind(record.node));
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
      checkpoints.add(JobJson.checkpointFromJson(record.node));
    }
    checkpoints.sort(
        Comparator.comparingLong(Checkpoint::stepNumber)
            .thenComparing(c -> String.valueOf(c.id())));
    return checkpoints;
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
      return JobJson.eventFromJson(record.node);
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
}
