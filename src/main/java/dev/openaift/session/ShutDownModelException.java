package dev.openaift.session;

/**
 * An evaluation that would have to ask a model whose shutdown date has passed: refused before
 * anything is priced or sent, since the first request would get a 404 after the spending was
 * agreed. The message is one line naming the model and its date. The command line maps it to bad
 * usage (exit 2), as it does a judge model that has shut down.
 */
public class ShutDownModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShutDownModelException(String message) {
    super(message);
  }
}
