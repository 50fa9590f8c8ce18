package dev.openaift.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented exit codes of every command. Each one's {@link #meaning()} is the line that {@code
 * openai-ft --help} lists under "Exit codes" and the README's table repeats (a test keeps the two
 * equal).
 */
public enum ExitCode {
  /** Everything worked. */
  OK(0, "success"),
  /** An unexpected internal error (a bug: rerun with --verbose and report it). */
  INTERNAL(1, "internal error (rerun with --verbose and report it)"),
  /** The command line is wrong: unknown option, bad value, missing argument, missing API key. */
  USAGE(2, "bad usage: unknown option, bad value, missing argument or API key"),
  /** The fine-tuning job failed or was cancelled. */
  JOB_FAILED(3, "the fine-tuning job failed or was cancelled"),
  /** The API refused or failed: bad key, unknown id, server error after retries. */
  API(4, "API error: bad key, unknown id, server error after retries"),
  /** A local file is missing, unreadable or malformed. */
  FILE(
      5,
      "a local file is missing, unreadable or malformed (the message names file, line and column)"),
  /**
   * A check the user asked for did not pass (everything was written; the code is for scripts and
   * CI): {@code eval --fail-on} met a FAIL (or an INCONCLUSIVE) verdict, or {@code inventory
   * --check-within DAYS} found a model shutting down within DAYS without a verified backup or a
   * complete recording.
   */
  CHECK_FAILED(
      6,
      "a check did not pass: eval --fail-on met a FAIL (or INCONCLUSIVE) verdict, or inventory"
          + " --check-within found a model due within DAYS without a verified backup or a complete"
          + " recording"),
  /** Interrupted (Ctrl-C). */
  INTERRUPTED(130, "interrupted");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** What the code means, as {@code --help} and the README say it. */
  public String meaning() {
    return meaning;
  }

  /**
   * Every code and its meaning in the order of the enum, as picocli's exit code list takes them.
   */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      list.put(String.valueOf(c.code), c.meaning);
    }
    return list;
  }
}
