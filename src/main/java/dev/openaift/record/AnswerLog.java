package dev.openaift.record;

import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.JsonLinesLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording opened for writing: {@code header.json} plus the append-only {@code answers.jsonl}.
 *
 * <p>Opening takes an exclusive lock on {@code answers.jsonl} for as long as the log is open (a
 * second run on the same recording is refused with {@link RecordingConflictException}), writes the
 * header when there is none (atomically), or checks that the existing one asked the same way, then
 * loads the answers already recorded. A last line without its line break (a run killed while
 * writing) is kept and completed when it is a whole answer, otherwise cut off; a complete line that
 * is not an answer stops everything ({@link InputFileException} with its line number) rather than
 * being guessed at. The log itself is a {@link JsonLinesLog} keyed by example index.
 *
 * <p>{@link #append} writes one whole line in one write and forces it to disk before returning, so
 * an answer reported as recorded survives a kill, and an index already in the log is never written
 * again.
 */
public final class AnswerLog implements AutoCloseable {
  private final Path dir;
  private final RecordingHeader header;
  private final JsonLinesLog<Integer, RecordedAnswer> log;

  /** Whether this open made the recording (its header): an empty one is removed on close. */
  private final boolean created;

  private AnswerLog(
      Path dir,
      RecordingHeader header,
      JsonLinesLog<Integer, RecordedAnswer> log,
      boolean created) {
    this.dir = dir;
    this.header = header;
    this.log = log;
    this.created = created;
  }

  /**
   * Opens (creating) the recording in {@code dir} for {@code wanted}'s model, data and parameters.
   *
   * @throws RecordingConflictException when another run holds the recording, or its header differs
   *     from {@code wanted} in model, data or parameters
   * @throws InputFileException when the header or a complete answer line cannot be read
   */
  public static AnswerLog open(Path dir, RecordingHeader wanted) {
    RecordingHeader[] header = new RecordingHeader[1];
    boolean created = !Files.exists(dir.resolve(Recordings.HEADER));
    JsonLinesLog<Integer, RecordedAnswer> log =
        JsonLinesLog.open(
            dir.resolve(Recordings.ANSWERS),
            new JsonLinesLog.Codec<Integer, RecordedAnswer>() {
              @Override
              public RecordedAnswer parse(String line) {
                RecordedAnswer answer = RecordingJson.parseAnswer(line);
                int examples = header[0].examples();
                if (answer.index() >= examples && examples > 0) {
                  throw new IllegalArgumentException(
                      "example index "
                          + answer.index()
                          + " is beyond the data's "
                          + examples
                          + " examples");
                }
                return answer;
              }

              @Override
              public String line(RecordedAnswer entry) {
                return RecordingJson.answerLine(entry);
              }

              @Override
              public Integer key(RecordedAnswer entry) {
                return entry.index();
              }
            },
            () ->
                new RecordingConflictException(
                    "another openai-ft run is recording into "
                        + dir
                        + " right now;"
                        + " wait for it to end (a rerun afterwards continues where it stopped)"),
            () -> {
              try {
                header[0] = header(dir, wanted);
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "cannot write " + dir.resolve(Recordings.HEADER) + ": " + e.getMessage(), e);
              }
            },
            why ->
                "not a recorded answer ("
                    + why
                    + "); delete this line and run again to ask that example anew");
    return new AnswerLog(dir, header[0], log, created);
  }

  private static RecordingHeader header(Path dir, RecordingHeader wanted) throws IOException {
    Path file = dir.resolve(Recordings.HEADER);
    if (!Files.exists(file)) {
      AtomicFiles.write(file, RecordingJson.headerBytes(wanted));
      return wanted;
    }
    RecordingHeader existing;
    try {
      existing = RecordingJson.parseHeader(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new InputFileException(file, e.getMessage());
    }
    if (!existing.sameRequestsAs(wanted)) {
      throw new RecordingConflictException(
          dir.resolve(Recordings.HEADER)
              + " was recorded with model "
              + existing.model()
              + " from "
              + existing.endpoint().shown()
              + ", "
              + existing.sampling().shown()
              + "; this run asks "
              + wanted.model()
              + " from "
              + wanted.endpoint().shown()
              + ", "
              + wanted.sampling().shown()
              + ": use the same parameters to continue it, or another --reports-dir");
    }
    return existing;
  }

  /** The recording's folder. */
  public Path dir() {
    return dir;
  }

  public RecordingHeader header() {
    return header;
  }

  /** Whether opening cut off or completed a last line left by a killed run. */
  public boolean repaired() {
    return log.repaired();
  }

  /** Whether the example with this index is recorded. */
  public boolean contains(int index) {
    return log.contains(index);
  }

  /** How many examples are recorded. */
  public int size() {
    return log.size();
  }

  /** The recorded answers by example index. */
  public List<RecordedAnswer> answers() {
    return log.entries();
  }

  /**
   * Appends one answer as one line and forces it to disk. An index already recorded is not written
   * again (returns false).
   *
   * @throws UncheckedIOException when writing fails (the file is cut back to its last whole line)
   */
  public boolean append(RecordedAnswer answer) {
    return log.append(answer);
  }

  @Override
  public void close() {
    boolean empty = created && log.size() == 0;
    log.close();
    if (empty) {
      // a recording this run began and got no answer for (a misspelt model, a model gone, Ctrl-C
      // before the first answer) is not left behind as an empty folder that looks like a recording
      try {
        Files.deleteIfExists(log.file());
        Files.deleteIfExists(dir.resolve(Recordings.HEADER));
        Files.deleteIfExists(dir);
        Path model = dir.getParent();
        boolean ownFolder =
            model != null
                && model.getParent() != null
                && model.getParent().getFileName() != null
                && model.getParent().getFileName().toString().equals(Recordings.FOLDER);
        if (ownFolder) {
          try (var left = Files.list(model)) {
            if (left.findAny().isEmpty()) {
              Files.deleteIfExists(model);
            }
          }
        }
      } catch (IOException | UncheckedIOException notEmpty) {
        // something else is in it: it stays
      }
    }
  }
}
