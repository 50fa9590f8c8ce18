package dev.openaift.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import dev.openaift.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backup's manifest, {@code backup.json} at the archive root, and the small records it is made
 * of. Written atomically, last, with sorted keys, so the manifest on disk always describes files
 * that are all in place.
 *
 * <ul>
 *   <li>{@code files}: every <b>record</b> ({@link BackupRecords}) by its path relative to the
 *       archive root (with {@code /}), with its size, sha256 and when it was fetched;
 *   <li>{@code views}: the pages rebuilt from the records, the same way, as they were at the backup
 *       (for information: a rebuilt page is not damage);
 *   <li>{@code jobs}: every job of the archive and of the last listing, with {@code backup}: {@code
 *       archived} or {@code failed} (and the {@code reason});
 *   <li>{@code listing}: the ids of the jobs the last run listed (or was asked for);
 *   <li>{@code not_fetched}: what could not be fetched, and why;
 *   <li>{@code counts} and {@code seal}: the number of records, views and jobs, and the sha256 of
 *       the manifest without its seal, so that a manifest cut or edited by hand is told apart from
 *       one that lists nothing.
 * </ul>
 */
public final class BackupManifest {
  /** The manifest's name at the archive root. */
  public static final String FILE = "backup.json";

  /** The value of {@code format}, for readers of older or newer archives. */
  public static final String FORMAT = "openai-ft-backup-2";

  /** The status {@code backup --verify} writes for {@code inventory}: not part of the manifest. */
  public static final String VERIFIED_FILE = BackupRecords.VERIFIED_FILE;

  static final String ARCHIVED = "archived";
  static final String FAILED = "failed";

  static final ObjectMapper JSON = Json.mapper();

  private BackupManifest() {}

  /**
   * One archived file.
   *
   * @param path relative to the archive root, {@code /}-separated
   * @param fetchedAt when it was fetched (or written from what was fetched), ISO-8601 UTC
   */
  public record Entry(String path, long bytes, String sha256, String fetchedAt) {
    ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("bytes", bytes);
      n.put("sha256", sha256);
      n.put("fetched_at", fetchedAt);
      return n;
    }

    static Entry fromJson(String path, JsonNode n) {
      return new Entry(
          path,
          n.path("bytes").asLong(-1),
          n.path("sha256").asText(""),
          n.path("fetched_at").asText(null));
    }

    boolean sameContent(Entry other) {
      return other != null && bytes == other.bytes && sha256.equals(other.sha256);
    }
  }

  /**
   * Something that could not be fetched, and why.
   *
   * @param what e.g. {@code content of file-abc (train.jsonl)}
   */
  public record Missing(String what, String reason) {}

  /** The entry of a file as it is now on disk. */
  static Entry entry(Path root, Path file, Instant fetchedAt) {
    try {
      return new Entry(
          relative(root, file), Files.size(file), Sha256.of(file), fetchedAt.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The entry of an append-only log's whole lines: a line being appended while the backup reads the
   * file (a {@code record} running beside it) is left out, so the next run, which finds it whole or
   * cut back, sees the file as grown, not altered.
   */
  static Entry wholeLines(Path root, Path file, Instant fetchedAt) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      return new Entry(
          relative(root, file),
          end,
          Sha256.hex(java.util.Arrays.copyOf(bytes, end)),
          fetchedAt.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String relative(Path root, Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  static ObjectNode entries(Iterable<Entry> entries) {
    ObjectNode n = JSON.createObjectNode();
    Map<String, Entry> sorted = new TreeMap<>();
    entries.forEach(e -> sorted.put(e.path(), e));
    sorted.forEach((p, e) -> n.set(p, e.toJson()));
    return n;
  }

  static List<Entry> readEntries(JsonNode files) {
    List<Entry> out = new ArrayList<>();
    files.fields().forEachRemaining(f -> out.add(Entry.fromJson(f.getKey(), f.getValue())));
    return out;
  }

  /** Reads a JSON document of the archive, or null when the file does not exist. */
  static JsonNode readJson(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw JsonErrors.inFile(file, e);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #readJson}, but null also when the file is not readable JSON (it is then written anew).
   */
  static JsonNode readJsonQuietly(Path file) {
    try {
      return readJson(file);
    } catch (InputFileException | UncheckedIOException unreadable) {
      return null;
    }
  }

  /** A document as the archive writes it: sorted keys, indented, final line break. */
  static byte[] canonical(JsonNode document) {
    try {
      return (Json.pretty().writeValueAsString(JSON.treeToValue(document, Object.class)) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  /** Writes a JSON document atomically (sorted keys, indented, final line break). */
  static void writeJson(Path file, JsonNode document) {
    try {
      AtomicFiles.write(file, canonical(document));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  // ---- the manifest as a whole

  /**
   * A manifest being made by a backup run: a line per job ({@code jobs}) and per data file ({@code
   * data_files}) as the run finds them, then the whole document with the records, views, listing
   * and what was not fetched, counted and sealed ({@link #sealed}).
   */
  static final class Draft {
    private final ObjectNode jobs = JSON.createObjectNode();
    private final ObjectNode files = JSON.createObjectNode();

    boolean hasJob(String jobId) {
      return jobs.has(jobId);
    }

    /**
     * The line of a job from its {@code job.json}-shaped object and its {@code data} (the training
     * and validation file ids): {@code archived}, or {@code failed} with {@code failure} as reason.
     */
    void job(String jobId, JsonNode job, JsonNode data, String failure) {
      ObjectNode j = jobs.putObject(jobId);
      j.set("status", present(job.path("status")));
      j.put("method", job.path("method").path("type").asText("supervised"));
      j.set("model", present(job.path("model")));
      j.set("fine_tuned_model", present(job.path("fine_tuned_model")));
      j.set("training_file", present(data.path("training_file")));
      j.set("validation_file", present(data.path("validation_file")));
      j.put("backup", failure == null ? ARCHIVED : FAILED);
      if (failure != null) {
        j.put("reason", failure);
      }
    }

    /** An earlier manifest's line of a job, kept as it was. */
    void keepJob(String jobId, JsonNode line) {
      jobs.set(jobId, line.deepCopy());
    }

    /** The line of a data file from its {@code file.json} (metadata, path, source, refusal). */
    void dataFile(String fileId, JsonNode meta) {
      ObjectNode f = files.putObject(fileId);
      f.set("filename", present(meta.path("metadata").path("filename")));
      f.set("path", present(meta.path("path")));
      f.set("source", present(meta.path("source")));
      if (meta.hasNonNull("refused")) {
        f.set("refused", present(meta.path("refused")));
      }
    }

    int dataFiles() {
      return files.size();
    }

    /**
     * The manifest: these lines with the {@code records} and {@code views} entries, the listing
     * ({@code scope} in words and the {@code listed} job ids) and {@code missing} as {@code
     * not_fetched}, in that order; counted and sealed ({@link #seal}).
     */
    ObjectNode sealed(
        List<Entry> records,
        List<Entry> views,
        String scope,
        Iterable<String> listed,
        List<Missing> missing) {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("format", FORMAT);
      doc.set("files", entries(records));
      doc.set("views", entries(views));
      doc.set("jobs", jobs);
      doc.set("data_files", files);
      ObjectNode listing = doc.putObject("listing");
      listing.put("scope", scope);
      ArrayNode ids = listing.putArray("job_ids");
      listed.forEach(ids::add);
      ArrayNode notFetched = doc.putArray("not_fetched");
      for (Missing m : missing) {
        notFetched.addObject().put("what", m.what()).put("reason", m.reason());
      }
      seal(doc);
      return doc;
    }

    private static JsonNode present(JsonNode n) {
      return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
    }
  }

  /** Sets {@code counts} and {@code seal} on a manifest about to be written. */
  static void seal(ObjectNode doc) {
    doc.remove("seal");
    ObjectNode counts = doc.putObject("counts");
    counts.put("records", doc.path("files").size());
    counts.put("views", doc.path("views").size());
    counts.put("jobs", doc.path("jobs").size());
    counts.put("listed", doc.path("listing").path("job_ids").size());
    doc.put("seal", Sha256.hex(canonical(doc)));
  }

  /**
   * A manifest read and checked against its seal.
   *
   * @param records path -> entry of every record
   * @param views path -> entry of every view, as at the backup
   * @param jobs job id -> its line in {@code jobs}
   * @param listed the job ids of the last listing
   */
  public record Contents(
      Map<String, Entry> records,
      Map<String, Entry> views,
      Map<String, JsonNode> jobs,
      List<String> listed,
      JsonNode document) {}

  /**
   * The manifest of the archive, or null when it has none.
   *
   * @throws InputFileException in one line, when it cannot be read, is of another format, or does
   *     not match its seal (cut or edited)
   */
  public static Contents read(Path archiveRoot) {
    Path file = archiveRoot.resolve(FILE);
    JsonNode doc;
    try {
      doc = readJson(file);
    } catch (InputFileException e) {
      throw new InputFileException(
          e.file(),
          e.line(),
          e.column(),
          e.problem() + "; the manifest was cut or edited" + SET_ASIDE);
    }
    if (doc == null) {
      return null;
    }
    String format = doc.path("format").asText("");
    if (!doc.isObject() || !format.startsWith("openai-ft-backup-")) {
      throw new InputFileException(
          file, "not an openai-ft backup manifest (format " + FORMAT + ")");
    }
    if (!FORMAT.equals(format)) {
      throw new OtherVersion(
          file,
          "written by another version of openai-ft (format "
              + dev.openaift.io.Echo.cut(format)
              + ", this one reads "
              + FORMAT
              + "): run openai-ft backup to write it anew");
    }
    ObjectNode copy = ((ObjectNode) doc).deepCopy();
    String seal = copy.path("seal").asText("");
    copy.remove("seal");
    if (!seal.equals(Sha256.hex(canonical(copy)))
        || !doc.path("files").isObject()
        || !doc.path("views").isObject()
        || !doc.path("jobs").isObject()) {
      throw new InputFileException(
          file,
          "does not match its own seal (the sha256 the backup wrote in it): it was cut or edited"
              + " after the backup"
              + SET_ASIDE);
    }
    Map<String, Entry> records = new TreeMap<>();
    readEntries(doc.path("files")).forEach(e -> records.put(e.path(), e));
    Map<String, Entry> views = new TreeMap<>();
    readEntries(doc.path("views")).forEach(e -> views.put(e.path(), e));
    Map<String, JsonNode> jobs = new TreeMap<>();
    doc.path("jobs").fields().forEachRemaining(f -> jobs.put(f.getKey(), f.getValue()));
    List<String> listed = new ArrayList<>();
    doc.path("listing").path("job_ids").forEach(n -> listed.add(n.asText()));
    return new Contents(records, views, jobs, listed, doc);
  }

  /**
   * The manifest a new backup builds on: null when there is none, or when another version of
   * openai-ft wrote it (its entries are not of this format: the backup writes it anew). One that
   * was cut or edited is refused (exit 5): its entries are all that says which records were flagged
   * before (a recording cut after its model shut down, a job's file altered), and writing it anew
   * would vouch for the damage as if it were the record.
   */
  static Contents readForBackup(Path archiveRoot) {
    try {
      return read(archiveRoot);
    } catch (OtherVersion older) {
      return null;
    }
  }

  /** What to do with a manifest that cannot be trusted, said once for every way it breaks. */
  private static final String SET_ASIDE =
      ": compare it with a copy you trust, or move it aside (the backup then writes a new one,"
          + " which vouches for the files as they are now)";

  /** A manifest of another format: a backup writes it anew, a verification cannot use it. */
  private static final class OtherVersion extends InputFileException {
    private static final long serialVersionUID = 1L;

    OtherVersion(Path file, String problem) {
      super(file, problem);
    }
  }

  // ---- verification

  /** How a file compares with its entry. */
  enum State {
    SAME,
    /** Longer, and its first bytes are the file as backed up (an append-only record). */
    GROWN,
    MISSING,
    ALTERED,
    UNREADABLE
  }

  /**
   * A file compared with its entry.
   *
   * @param detail what differs ({@code 1200 bytes, the manifest says 1300}), or null
   */
  record Comparison(State state, String detail, long bytes) {}

  /** Compares the file on disk with its entry. */
  static Comparison compare(Path root, Entry e) {
    Path file = root.resolve(e.path()).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return new Comparison(State.MISSING, null, -1);
    }
    try {
      long size = Files.size(file);
      if (size > e.bytes() && e.bytes() >= 0 && BackupRecords.appendOnly(e.path())) {
        return e.sha256().equals(Sha256.of(file, e.bytes()))
            ? new Comparison(State.GROWN, null, size)
            : new Comparison(
                State.ALTERED,
                "the first "
                    + e.bytes()
                    + " bytes differ from the backed-up file (now "
                    + size
                    + " bytes)",
                size);
      }
      if (size != e.bytes()) {
        return new Comparison(State.ALTERED, size + " bytes, the manifest says " + e.bytes(), size);
      }
      String sha = Sha256.of(file);
      return sha.equals(e.sha256())
          ? new Comparison(State.SAME, null, size)
          : new Comparison(
              State.ALTERED, "sha256 " + sha + ", the manifest says " + e.sha256(), size);
    } catch (IOException unreadable) {
      return new Comparison(State.UNREADABLE, unreadable.getMessage(), -1);
    }
  }

  /**
   * A record that is not as it was archived.
   *
   * @param problem {@code missing}, {@code altered: ...} with what differs, or {@code unreadable:
   *     ...}
   */
  public record Damage(String path, String problem) {}

  /** An append-only record with answers or events appended since the backup. */
  public record Grown(String path, long bytesBefore, long bytesNow) {}

  /** A job that the manifest says is not backed up, or that the last listing has and it lacks. */
  public record JobProblem(String jobId, String problem) {}

  /**
   * What {@code backup --verify} found.
   *
   * @param records how many records were checked
   * @param damaged records missing, altered or unreadable (path order)
   * @param grown append-only records grown since the backup (not damage)
   * @param viewsRebuilt views whose content changed since the backup (not damage)
   * @param viewsMissing views gone since the backup (not damage: rebuilt by {@code report})
   * @param jobs job id -> {@code ok}, {@code altered}, {@code missing} or {@code failed}
   * @param jobProblems jobs failed at the last backup or missing from the archive
   */
  public record Verification(
      int records,
      List<Damage> damaged,
      List<Grown> grown,
      List<String> viewsRebuilt,
      List<String> viewsMissing,
      Map<String, String> jobs,
      List<JobProblem> jobProblems) {
    /** Whether every record matches and every job of the last listing is backed up. */
    public boolean ok() {
      return damaged.isEmpty() && jobProblems.isEmpty();
    }
  }

  /**
   * Re-hashes every record the manifest lists and looks at every view and job.
   *
   * @throws InputFileException when the archive has no manifest, or one that cannot be trusted
   */
  public static Verification verify(Path archiveRoot) {
    Path root = archiveRoot.toAbsolutePath().normalize();
    Contents m = read(root);
    if (m == null) {
      throw new InputFileException(
          root.resolve(FILE), "no backup manifest here; run 'openai-ft backup' first");
    }
    List<Damage> damaged = new ArrayList<>();
    List<Grown> grown = new ArrayList<>();
    for (Entry e : m.records().values()) {
      Comparison c = compare(root, e);
      switch (c.state()) {
        case SAME -> {}
        case GROWN -> grown.add(new Grown(e.path(), e.bytes(), c.bytes()));
        case MISSING -> damaged.add(new Damage(e.path(), "missing"));
        case ALTERED -> damaged.add(new Damage(e.path(), "altered: " + c.detail()));
        case UNREADABLE -> damaged.add(new Damage(e.path(), "unreadable: " + c.detail()));
      }
    }
    List<String> rebuilt = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (Entry e : m.views().values()) {
      Comparison c = compare(root, e);
      if (c.state() == State.MISSING) {
        gone.add(e.path());
      } else if (c.state() != State.SAME) {
        rebuilt.add(e.path());
      }
    }
    damaged.sort(Comparator.comparing(Damage::path));
    Map<String, String> jobs = new TreeMap<>();
    List<JobProblem> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> j : m.jobs().entrySet()) {
      String id = j.getKey();
      JsonNode line = j.getValue();
      if (FAILED.equals(line.path("backup").asText())) {
        jobs.put(id, "failed");
        problems.add(
            new JobProblem(
                id,
                "not backed up: the last backup failed ("
                    + line.path("reason").asText("no reason recorded")
                    + "); run openai-ft backup again"));
        continue;
      }
      List<String> prefixes = new ArrayList<>(List.of(id + "/"));
      for (String data : List.of("training_file", "validation_file")) {
        if (line.path(data).isTextual()) {
          prefixes.add(Backup.FILES_DIR + "/" + line.path(data).asText() + "/");
        }
      }
      String state = "ok";
      for (Damage d : damaged) {
        if (prefixes.stream().anyMatch(d.path()::startsWith)) {
          state = d.problem().equals("missing") || state.equals("missing") ? "missing" : "altered";
        }
      }
      if (m.records().keySet().stream().noneMatch(p -> p.startsWith(id + "/"))) {
        state = "missing";
        problems.add(new JobProblem(id, "no archived file of this job in the manifest"));
      }
      jobs.put(id, state);
    }
    for (String id : m.listed()) {
      if (!m.jobs().containsKey(id)) {
        jobs.put(id, "missing");
        problems.add(
            new JobProblem(id, "listed at the last backup but not archived; run openai-ft backup"));
      }
    }
    problems.sort(Comparator.comparing(JobProblem::jobId));
    return new Verification(
        m.records().size(),
        List.copyOf(damaged),
        List.copyOf(grown),
        List.copyOf(rebuilt),
        List.copyOf(gone),
        jobs,
        List.copyOf(problems));
  }

  /**
   * Writes {@code backup-verified.json} atomically: when, whether the archive verified, and each
   * job's state ({@code ok}, {@code altered}, {@code missing}, {@code failed}); with {@code
   * problem} when the manifest itself could not be used (then {@code jobs} is empty). A status for
   * {@code inventory}, never listed in the manifest. Nothing is written when the archive folder
   * does not exist.
   */
  public static void writeVerified(
      Path archiveRoot, Instant at, Verification v, String manifestProblem) {
    if (!Files.isDirectory(archiveRoot)) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("verified_at", at.toString());
    n.put("ok", v != null && v.ok() && manifestProblem == null);
    ObjectNode jobs = n.putObject("jobs");
    if (v != null) {
      v.jobs().forEach(jobs::put);
      n.put("records", v.records());
      n.put("records_damaged", v.damaged().size());
      n.put("views_rebuilt", v.viewsRebuilt().size() + v.viewsMissing().size());
    }
    if (manifestProblem != null) {
      n.put("problem", manifestProblem);
    }
    writeJson(archiveRoot.resolve(VERIFIED_FILE), n);
  }
}
