package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Owns the {@link SandboxState}, the id generator and the lock every reader and writer takes.
 *
 * <p>With a data directory the state lives in {@code DIR/state.json}, written atomically (temp file
 * + rename). Requests that change something write it before they answer; simulator ticks mark it
 * dirty and it is written at most every 250 ms of real time, before any answer while it is dirty
 * (so nothing served is lost in a crash), and always on close.
 */
final class Store {
  static final String STATE_FILE = "state.json";
  private static final long FLUSH_INTERVAL_NANOS = 250_000_000L;

  final Object lock = new Object();
  final SandboxConfig config;

  /** Replacement models and the real wait of chat answers, changeable while serving. */
  final ChatSettings chat = new ChatSettings();

  final SandboxState state;

  /** Chat completions answered since start (not persisted); the lock guards it. */
  long chatCompletions;

  private final Ids ids;
  private final Set<String> used = new HashSet<>();
  private final ObjectMapper mapper;
  private boolean dirty;
  private long lastFlushNanos = System.nanoTime();

  Store(SandboxConfig config) {
    this.config = config;
    this.mapper = dev.openaift.io.Json.mapper();
    this.state = load();
    this.ids = new Ids(config.seed() * 1_000_003L + state.idDraws);
    collectUsedIds();
  }

  private SandboxState load() {
    if (config.dataDir() == null) {
      return new SandboxState();
    }
    Path file = config.dataDir().resolve(STATE_FILE);
    if (!Files.exists(file)) {
      dirty = true; // so that the first write creates the file
      return new SandboxState();
    }
    try {
      return mapper.readValue(file.toFile(), SandboxState.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read sandbox state " + file + ": " + e.getMessage(), e);
    }
  }

  /** A fresh id that no file, job, event, checkpoint or model uses; caller holds the lock. */
  String newId(String prefix, int length) {
    state.idDraws++;
    return ids.next(prefix, length, this::taken);
  }

  /** An id of {@code length} lower-case hex digits after {@code prefix} (Azure's ids). */
  String newHexId(String prefix, int length) {
    state.idDraws++;
    return ids.next(prefix, length, Ids.HEX, this::taken);
  }

  long newSeed() {
    state.idDraws++;
    return ids.nextSeed();
  }

  private boolean taken(String id) {
    return !used.add(id);
  }

  private void collectUsedIds() {
    used.addAll(state.files.keySet());
    used.addAll(state.jobs.keySet());
    used.addAll(state.models.keySet());
    for (SandboxState.JobEntry j : state.jobs.values()) {
      if (j.modelTag != null) {
        used.add(j.modelTag);
      }
      j.events.forEach(e -> used.add(e.id));
      j.checkpoints.forEach(c -> used.add(c.id));
    }
  }

  long nowMs() {
    return config.clock().millis();
  }

  /**
   * Records a change; with {@code now} true it is written before returning. Caller holds the lock.
   */
  void changed(boolean now) {
    dirty = true;
    if (now) {
      flush();
    }
  }

  /** Writes the state if it changed and the last write is 250 ms old. Caller holds the lock. */
  void flushIfDue() {
    if (dirty && System.nanoTime() - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
      flush();
    }
  }

  /** Writes the state if it changed. Caller holds the lock. */
  void flush() {
    if (!dirty || config.dataDir() == null) {
      dirty = false;
      return;
    }
    Path dir = config.dataDir();
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(
          dir.resolve(STATE_FILE),
          out -> dev.openaift.io.Json.insertionOrder().writeValue(out, state));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write sandbox state to " + dir + ": " + e.getMessage(), e);
    }
    dirty = false;
    lastFlushNanos = System.nanoTime();
  }
}
