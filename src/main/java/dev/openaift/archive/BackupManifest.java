package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import dev.openaift.job.InputFileException;
import dev.openaift.job.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backup's manifest, {@code backup.json} at the archive root, and the small records it is made
 * of. Every archived file is listed by its path relative to the archive root (with {@code /}), its
 * size, its sha256 and when it was fetched; what could not be fetched is listed with the reason.
 * Written atomically, last, with sorted keys, so the manifest on disk always describes files that
 * are all in place.
 */
public final class BackupManifest {
  /** The manifest's name at the archive root. */
  public static final String FILE = "backup.json";

  /** The value of {@code format}, for readers of older or newer archives. */
  public static final String FORMAT = "openai-ft-backup-1";

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
  }

  /**
   * Something that could not be fetched, and why.
   *
   * @param what e.g. {@code content of file-abc (train.jsonl)}
   */
  public record Missing(String what, String reason) {}

  /** The sha256 of a file, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The sha256 of bytes, lower-case hex. */
  public static String sha256(byte[] content) {
    return HexFormat.of().formatHex(newDigest().digest(content));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The entry of a file as it is now on disk. */
  static Entry entry(Path root, Path file, Instant fetchedAt) {
    try {
      return new Entry(relative(root, file), Files.size(file), sha256(file), fetchedAt.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String relative(Path root, Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  static ObjectNode entries(List<Entry> entries) {
    ObjectNode n = JSON.createObjectNode();
    new TreeMap<String, Entry>(toMap(entries)).forEach((p, e) -> n.set(p, e.toJson()));
    return n;
  }

  private static Map<String, Entry> toMap(List<Entry> entries) {
    Map<String, Entry> m = new TreeMap<>();
    entries.forEach(e -> m.put(e.path(), e));
    return m;
  }

  static List<Entry> readEntries(JsonNode files) {
    List<Entry> out = new ArrayList<>();
    files.fields().forEachRemaining(f -> out.add(Entry.fromJson(f.getKey(), f.getValue())));
    return out;
  }

  /** Reads a JSON document of the archive, or null when the file does not exist. */
  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException absent) {
      return null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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

  /** {@link #read}, but null also when the manifest is unreadable. */
  static List<Entry> readQuietly(Path archiveRoot) {
    try {
      return read(archiveRoot);
    } catch (InputFileException | UncheckedIOException unreadable) {
      return null;
    }
  }

  /** Writes a JSON document atomically (sorted keys, indented, final line break). */
  static void writeJson(Path file, JsonNode document) {
    try {
      byte[] bytes =
          (Json.pretty().writeValueAsString(JSON.treeToValue(document, Object.class)) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The manifest's entries, or null when the archive has no manifest. */
  public static List<Entry> read(Path archiveRoot) {
    Path file = archiveRoot.resolve(FILE);
    JsonNode doc = readJson(file);
    if (doc == null) {
      return null;
    }
    if (!FORMAT.equals(doc.path("format").asText()) || !doc.path("files").isObject()) {
      throw new InputFileException(
          file, "not an openai-ft backup manifest (format " + FORMAT + ")");
    }
    return readEntries(doc.path("files"));
  }

  /**
   * A file of the manifest that is not as it was archived.
   *
   * @param problem {@code missing}, or {@code altered} with what differs
   */
  public record Damage(String path, String problem) {}

  /**
   * Re-hashes every file the manifest lists; returns those missing or altered, in path order (empty
   * when the archive is whole).
   *
   * @throws InputFileException when the archive has no readable manifest
   */
  public static List<Damage> verify(Path archiveRoot) {
    Path root = archiveRoot.toAbsolutePath().normalize();
    List<Entry> entries = read(root);
    if (entries == null) {
      throw new InputFileException(
          root.resolve(FILE), "no backup manifest here; run 'openai-ft backup' first");
    }
    List<Damage> out = new ArrayList<>();
    for (Entry e : entries) {
      Path file = root.resolve(e.path()).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        out.add(new Damage(e.path(), "missing"));
        continue;
      }
      try {
        long size = Files.size(file);
        String sha = sha256(file);
        if (size != e.bytes()) {
          out.add(
              new Damage(e.path(), "altered: " + size + " bytes, the manifest says " + e.bytes()));
        } else if (!sha.equals(e.sha256())) {
          out.add(
              new Damage(e.path(), "altered: sha256 " + sha + ", the manifest says " + e.sha256()));
        }
      } catch (IOException unreadable) {
        out.add(new Damage(e.path(), "unreadable: " + unreadable.getMessage()));
      }
    }
    out.sort(java.util.Comparator.comparing(Damage::path));
    return out;
  }
}
