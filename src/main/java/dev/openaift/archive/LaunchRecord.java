package dev.openaift.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one job request already cost: the files uploaded for it and the jobs it started, kept in the
 * archive as {@code <archive>/launches/<key>.json} so that running the same {@code jobs create} (or
 * {@code retrain}) again, after a crash, a closed terminal or a Ctrl-C, resumes instead of paying
 * twice. The key is a hash of the request as it would be sent (local files by their SHA-256) and of
 * the account it goes to (base URL, organization, project); it holds no key or secret.
 *
 * <pre>
 * {
 *   "endpoint": "https://api.openai.com/v1",
 *   "files": {"training": {"file_id": "file-abc", "path": "/data/train.jsonl", "sha256": "9f86..."}},
 *   "jobs": [{"id": "ftjob-abc", "started": "2026-12-07T16:00:00Z"}],
 *   "request": {"model": "gpt-4o-mini-2024-07-18", "training_file": "sha256:9f86...", ...},
 *   "sent": "2026-12-07T16:00:00Z"
 * }
 * </pre>
 *
 * <p>{@code sent} is there only while a create has been sent and its answer is not recorded: the
 * next run looks for the job it may have started before sending it again.
 *
 * <p>An open record holds a lock of its own ({@code launches/.<key>.lock}, {@link ArchiveLock}'s
 * rules), not the archive's: an upload can take minutes, and other runs keep writing reports
 * meanwhile; a second run of the same request waits, then finds what the first one did. Each change
 * is written at once, atomically.
 */
public final class LaunchRecord implements AutoCloseable {
  /** The folder of the records in an archive. */
  public static final String FOLDER = "launches";

  private static final ObjectMapper JSON = Json.mapper();

  /** A file uploaded for the request. */
  public record Upload(String fileId, String sha256, String path) {}

  /** A job the request started, and when this tool learnt of it. */
  public record Started(String jobId, Instant at) {}

  private final Path file;
  private final ArchiveLock lock;
  private final Map<String, Object> identity;
  private final Map<String, Upload> uploads = new TreeMap<>();
  private final List<Started> jobs = new ArrayList<>();
  private Instant sent;

  private LaunchRecord(Path file, ArchiveLock lock, Map<String, Object> identity) {
    this.file = file;
    this.lock = lock;
    this.identity = identity;
  }

  /**
   * The record of the request {@code identity} (its endpoint and request, files by hash), read if
   * an earlier run left one; holds its lock until {@link #close}. Another run of the same request
   * makes this one wait, saying so in one line to the archive's notices.
   *
   * @param what what this run does, as a waiting run is told
   * @throws InputFileException when the record is there but unreadable (nothing is sent then: an
   *     unreadable record may be the only trace of a job already paid for)
   */
  public static LaunchRecord open(Archive archive, Map<String, Object> identity, String what) {
    String key = key(identity);
    Path folder = archive.root().resolve(FOLDER);
    ArchiveLock lock = ArchiveLock.at(folder, "." + key + ".lock");
    LaunchRecord r = new LaunchRecord(folder.resolve(key + ".json"), lock, identity);
    lock.acquire(r, what, true, archive.notices());
    try {
      r.read();
    } catch (RuntimeException e) {
      lock.release(r);
      throw e;
    }
    return r;
  }

  /** The file of this record. */
  public Path file() {
    return file;
  }

  /**
   * The SHA-256 the identity gives a local file of the request ({@code training_file}, {@code
   * validation_file} as {@code sha256:...}), or null when that field is a file id or absent.
   */
  public String contentHash(String field) {
    if (identity.get("request") instanceof Map<?, ?> request
        && request.get(field) instanceof String v
        && v.startsWith("sha256:")) {
      return v.substring("sha256:".length());
    }
    return null;
  }

  /** The upload of these bytes for {@code role} ({@code training}, {@code validation}), or null. */
  public Upload upload(String role, String sha256) {
    Upload u = uploads.get(role);
    return u != null && u.sha256().equals(sha256) ? u : null;
  }

  /** Records the upload of {@code local} for {@code role}. */
  public void uploaded(String role, Path local, String sha256, String fileId) {
    uploads.put(role, new Upload(fileId, sha256, local.toAbsolutePath().normalize().toString()));
    write();
  }

  /** When a create was sent whose answer was never recorded, or null. */
  public Instant sent() {
    return sent;
  }

  /** Records that the create is about to be sent (times are kept to the second). */
  public void sending(Instant at) {
    sent = at.truncatedTo(ChronoUnit.SECONDS);
    write();
  }

  /** Records that the create's answer is known and started no job (it was refused). */
  public void notStarted() {
    sent = null;
    write();
  }

  /** The last job the request started, or null. */
  public Started latest() {
    return jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
  }

  /** Every job the request started, oldest first. */
  public List<Started> jobs() {
    return List.copyOf(jobs);
  }

  /** Records the job the request started (the create's answer, or the job found for it). */
  public void started(String jobId, Instant at) {
    jobs.removeIf(j -> j.jobId().equals(jobId));
    jobs.add(new Started(jobId, at.truncatedTo(ChronoUnit.SECONDS)));
    sent = null;
    write();
  }

  @Override
  public void close() {
    lock.release(this);
  }

  /**
   * The record's name: the first 32 hex digits of the SHA-256 of the identity's JSON (the project's
   * mapper writes map entries sorted by key, at every depth, so the same request gives the same
   * name).
   */
  static String key(Map<String, Object> identity) {
    try {
      return Sha256.hex(JSON.writeValueAsBytes(identity)).substring(0, 32);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON", e);
    }
  }

  private void read() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw unreadable("not JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw unreadable("not a JSON object", null);
    }
    for (var it = n.path("files").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode u = e.getValue();
      String id = Json.text(u, "file_id");
      String sha = Json.text(u, "sha256");
      if (id == null || sha == null) {
        throw unreadable("files." + e.getKey() + " lacks file_id or sha256", null);
      }
      uploads.put(e.getKey(), new Upload(id, sha, Json.text(u, "path")));
    }
    for (JsonNode j : n.path("jobs")) {
      String id = Json.text(j, "id");
      if (id == null) {
        throw unreadable("a job without an id", null);
      }
      jobs.add(new Started(id, instant(j.path("started"), "jobs[].started")));
    }
    if (n.hasNonNull("sent")) {
      sent = instant(n.get("sent"), "sent");
    }
  }

  private Instant instant(JsonNode v, String field) {
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw unreadable(field + " is not a UTC time: '" + v.asText() + "'", e);
    }
  }

  private InputFileException unreadable(String what, Throwable cause) {
    return new InputFileException(
        file,
        "cannot read this launch record: "
            + what
            + "; it may be the only trace of a job already started, so nothing was sent (look"
            + " with 'openai-ft jobs list', then move the file away to start over)",
        cause);
  }

  /** The record as it is now: the identity, the uploads, the jobs, the pending sending. */
  private void write() {
    Map<String, Object> doc = new TreeMap<>(identity);
    Map<String, Object> files = new TreeMap<>();
    uploads.forEach(
        (role, u) -> {
          Map<String, Object> f = new TreeMap<>();
          f.put("file_id", u.fileId());
          if (u.path() != null) {
            f.put("path", u.path());
          }
          f.put("sha256", u.sha256());
          files.put(role, f);
        });
    doc.put("files", files);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Started s : jobs) {
      list.add(Map.of("id", s.jobId(), "started", s.at().toString()));
    }
    doc.put("jobs", list);
    if (sent != null) {
      doc.put("sent", sent.toString());
    }
    try {
      AtomicFiles.write(
          file, (Json.pretty().writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
