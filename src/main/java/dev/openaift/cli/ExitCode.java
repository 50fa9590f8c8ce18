package dev.openaift.cli;

/** The documented exit codes of every command. */
public enum ExitCode {
  /** Everything worked. */
  OK(0, "success"),
  /** An unexpected internal error (a bug: rerun with --verbose and report it). */
  INTERNAL(1, "internal error"),
  /** The command line is wrong: unknown option, bad value, missing argument, missing API key. */
  USAGE(2, "bad usage"),
  /** The fine-tuning job failed or was cancelled. */
  JOB_FAILED(3, "job failed or cancelled"),
  /** The API refused or failed: bad key, unknown id, server error after retries. */
  API(4, "API error"),
  /** A local file is missing, unreadable or malformed. */
  FILE(5, "file problem"),
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

  public String meaning() {
    return meaning;
  }
}
