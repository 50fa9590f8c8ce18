package dev.openaift.record;

/**
 * A recording cannot be continued by this run: another run is writing it, or it was made with other
 * parameters. The message says which and what to do; commands map it to bad usage (exit 2).
 */
public class RecordingConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordingConflictException(String message) {
    super(message);
  }
}
