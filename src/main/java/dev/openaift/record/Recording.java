package dev.openaift.record;

import dev.openaift.api.ChatRequest;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A recording read back (what {@code eval} uses): the header and the answers by example index.
 * Reading takes no lock and changes nothing: a last line without its line break (a run being
 * written or killed) is ignored unless it is a whole answer; a complete line that is not an answer
 * is an error naming it.
 *
 * <pre>{@code
 * Path dir = Recordings.dir(Path.of("reports"), model, data.sha256());
 * Optional<Recording> rec = Recording.find(dir);
 * rec.ifPresent(r -> r.answer(3).ifPresent(a -> System.out.println(a.answer())));
 * }</pre>
 *
 * @param dir the recording's folder
 * @param header its {@code header.json}
 * @param answers its answers, sorted by example index, one per index (the first line wins)
 */
public record Recording(Path dir, RecordingHeader header, List<RecordedAnswer> answers) {
  public Recording {
    answers = List.copyOf(answers);
  }

  /** The recording in {@code dir}, or empty when there is no {@code header.json} there. */
  public static Optional<Recording> find(Path dir) {
    return Files.isRegularFile(dir.resolve(Recordings.HEADER))
        ? Optional.of(read(dir))
        : Optional.empty();
  }

  /**
   * Reads the recording in {@code dir}.
   *
   * @throws InputFileException when the header is missing or unreadable, or a complete answer line
   *     is not an answer
   */
  public static Recording read(Path dir) {
    Path headerFile = dir.resolve(Recordings.HEADER);
    Path answersFile = dir.resolve(Recordings.ANSWERS);
    RecordingHeader header;
    try {
      header = RecordingJson.parseHeader(Files.readAllBytes(headerFile));
    } catch (NoSuchFileException e) {
      throw new InputFileException(headerFile, "no such file: not a recording");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + headerFile + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InputFileException(headerFile, e.getMessage());
    }
    Map<Integer, RecordedAnswer> answers = new TreeMap<>();
    String text;
    try {
      text = Files.exists(answersFile) ? Files.readString(answersFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + answersFile + ": " + e.getMessage(), e);
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      boolean last = i == lines.length - 1;
      try {
        RecordedAnswer a = RecordingJson.parseAnswer(line);
        answers.putIfAbsent(a.index(), a);
      } catch (IllegalArgumentException e) {
        if (!last) {
          throw new InputFileException(
              answersFile, i + 1, 0, "not a recorded answer (" + e.getMessage() + ")");
        }
      }
    }
    return new Recording(dir, header, new ArrayList<>(answers.values()));
  }

  /**
   * The answers by the hash of their prompt ({@link ChatExample#promptHash}), each asked exactly as
   * the header says (same model, temperature, seed and token limit); the first answer to a prompt
   * wins, as in the data file.
   */
  public Map<String, RecordedAnswer> byPrompt() {
    Map<String, RecordedAnswer> out = new HashMap<>();
    for (RecordedAnswer a : answers) {
      ChatRequest r = a.request();
      if (r.model().equals(header.model())
          && Objects.equals(r.temperature(), header.temperature())
          && Objects.equals(r.seed(), header.seed())
          && Objects.equals(r.maxTokens(), header.maxTokens())) {
        out.putIfAbsent(a.promptHash(), a);
      }
    }
    return out;
  }

  /** The answer to the example with this index, if recorded. */
  public Optional<RecordedAnswer> answer(int index) {
    int lo = 0;
    int hi = answers.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int at = answers.get(mid).index();
      if (at == index) {
        return Optional.of(answers.get(mid));
      }
      if (at < index) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }
}
