package dev.openaift.metrics;

import dev.openaift.io.InputFileException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one job on disk. Any may be null, but there must be a result file or events. Every
 * given file must exist and be a regular file.
 */
public record JobInputs(Path results, Path events, Path job, Path checkpoints) {

  /** The archive's file names. */
  public static final String RESULTS = "results.csv";

  public static final String EVENTS = "events.jsonl";
  public static final String JOB = "job.json";
  public static final String CHECKPOINTS = "checkpoints.json";

  public JobInputs {
    checkFile(results);
    checkFile(events);
    checkFile(job);
    checkFile(checkpoints);
    if (results == null && events == null) {
      Path named = job != null ? job : checkpoints != null ? checkpoints : Path.of(".");
      throw new InputFileException(
          named, "nothing usable: expected a result file or events as well");
    }
  }

  /**
   * The inputs of an archived job folder: {@code results.csv}, {@code events.jsonl}, {@code
   * job.json}, {@code checkpoints.json}, each optional but one of the first two needed.
   */
  public static JobInputs fromDirectory(Path dir) {
    if (!Files.exists(dir)) {
      throw new InputFileException(dir, "no such directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new InputFileException(dir, "not a directory");
    }
    Path results = present(dir.resolve(RESULTS));
    Path events = present(dir.resolve(EVENTS));
    if (results == null && events == null) {
      // the archive's other folders, given where a job's is wanted
      String other =
          Files.isRegularFile(dir.resolve("eval.json"))
              ? "an evaluation's folder (eval.json; its page is eval.html), not a job's: "
              : Files.isRegularFile(dir.resolve("compare.json"))
                  ? "a comparison's folder (compare.json; its page is index.html), not a job's: "
                  : "nothing usable: ";
      throw new InputFileException(dir, other + "expected results.csv or events.jsonl");
    }
    return new JobInputs(
        results, events, present(dir.resolve(JOB)), present(dir.resolve(CHECKPOINTS)));
  }

  /**
   * The name to use as job id when no file names the job. For an archived folder (the archive's
   * file names) it is the folder's name; for loose files it is the result file's (else the events
   * file's) own name without its extension: a {@code step_metrics.csv} downloaded to {@code
   * ~/Downloads} is "step_metrics", not "Downloads".
   */
  String fallbackName() {
    Path any = results != null ? results : events;
    Path abs = any.toAbsolutePath().normalize();
    String name = abs.getFileName().toString();
    boolean archived = results != null ? name.equals(RESULTS) : name.equals(EVENTS);
    if (archived && abs.getParent() != null && abs.getParent().getFileName() != null) {
      return abs.getParent().getFileName().toString();
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static Path present(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  private static void checkFile(Path p) {
    if (p == null) {
      return;
    }
    if (!Files.exists(p)) {
      throw new InputFileException(p, "no such file");
    }
    if (Files.isDirectory(p)) {
      throw new InputFileException(p, "is a directory, expected a file");
    }
    if (!Files.isReadable(p)) {
      throw new InputFileException(p, "not readable");
    }
  }
}
