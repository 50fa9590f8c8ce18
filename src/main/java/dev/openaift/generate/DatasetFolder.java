package dev.openaift.generate;

import dev.openaift.io.InputFileException;
import dev.openaift.io.JsonLinesLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One generated dataset, {@code projects/NAME/datasets/N/}: {@value #ANSWERS} (every answer,
 * appended and synced as it arrives), then {@value #TRAINING_SET} or {@value #PROMPTS}, and last
 * {@value #REPORT}. A folder with the report is complete; one without it is a run to continue.
 */
public final class DatasetFolder {
  public static final String ANSWERS = "chat_completions.jsonl";
  public static final String REPORT = "generated_report.json";
  public static final String TRAINING_SET = "training_set.jsonl";
  public static final String PROMPTS = "prompts.jsonl";

  /** What the folder holds now. */
  public enum State {
    NONE,
    PARTIAL,
    COMPLETE
  }

  private final Path dir;

  public DatasetFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path answers() {
    return dir.resolve(ANSWERS);
  }

  public Path report() {
    return dir.resolve(REPORT);
  }

  public Path output(boolean promptsOnly) {
    return dir.resolve(promptsOnly ? PROMPTS : TRAINING_SET);
  }

  public State state() {
    if (Files.isRegularFile(report())) {
      return State.COMPLETE;
    }
    return Files.exists(answers()) ? State.PARTIAL : State.NONE;
  }

  /** Removes what a run wrote (for {@code --force}); the folder itself stays. */
  public void discard() {
    try {
      for (String f : new String[] {REPORT, TRAINING_SET, PROMPTS, ANSWERS}) {
        Files.deleteIfExists(dir.resolve(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove the old dataset in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the answer log, locked for this run.
   *
   * @throws InputFileException when another run holds it, or a complete line is not an answer
   */
  public JsonLinesLog<Integer, GeneratedAnswer> openAnswers() {
    return JsonLinesLog.open(
        answers(),
        new JsonLinesLog.Codec<Integer, GeneratedAnswer>() {
          @Override
          public GeneratedAnswer parse(String line) {
            return GenerateJson.parseAnswer(line);
          }

          @Override
          public String line(GeneratedAnswer entry) {
            return GenerateJson.answerLine(entry);
          }

          @Override
          public Integer key(GeneratedAnswer entry) {
            return entry.topicIndex();
          }
        },
        () ->
            new InputFileException(
                answers(),
                "another openai-ft generate is writing this dataset right now;"
                    + " wait for it to end (a rerun afterwards continues where it stopped)"),
        null,
        why ->
            "not a generated answer ("
                + why
                + "); delete this line and run again to ask that topic anew");
  }

  /** The answers already in the log, without locking it (for the plan of a run without --apply). */
  public java.util.List<GeneratedAnswer> readAnswers() {
    if (!Files.exists(answers())) {
      return java.util.List.of();
    }
    try (JsonLinesLog<Integer, GeneratedAnswer> log = openAnswers()) {
      return log.entries();
    }
  }
}
