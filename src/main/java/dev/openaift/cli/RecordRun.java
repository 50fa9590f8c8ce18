package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatGateway;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordProgress;
import dev.openaift.record.Recorder;
import dev.openaift.retirement.Shutdown;
import java.io.PrintWriter;
import java.util.List;

/**
 * Asking the missing answers of one recording, as {@code record} and {@code eval} both do: a
 * progress line, Ctrl-C stops the workers, and when the asking stops early the message says how
 * many answers are kept and that a rerun goes on.
 */
final class RecordRun {
  private RecordRun() {}

  /**
   * Asks {@code todo} and appends the answers to {@code log}.
   *
   * @param total answers the recording has when complete
   * @param whose said after "answers" in the messages: empty, or " of MODEL"
   * @param shutdown when the model shuts down (said when the API no longer serves it), or null
   * @return the recorder's result, or null when Ctrl-C stopped it; the line saying so is printed
   *     before the interrupt registration ends, since on Ctrl-C the JVM exits once it has
   * @throws CliException when the API failed past the retries: its exit code as {@link
   *     ErrorHandler} gives it, the message with what is kept
   */
  static Recorder.Result ask(
      CliContext context,
      PrintWriter out,
      PrintWriter err,
      ChatGateway gateway,
      AnswerLog log,
      List<ChatExample> todo,
      Recorder.Options options,
      int total,
      String whose,
      Shutdown shutdown) {
    RecordProgress progress = progress(context, out, total - todo.size(), total);
    Recorder recorder = recorder(context, gateway, progress);
    Thread worker = Thread.currentThread();
    try (Interrupts.Registration ignored = context.interrupts().onInterrupt(worker::interrupt)) {
      Recorder.Result result;
      try {
        result = recorder.record(todo, log, options);
      } catch (ApiException e) {
        progress.finish();
        String resume =
            "; "
                + log.size()
                + " of "
                + total
                + " answers"
                + whose
                + " are recorded, rerun the same command to go on";
        if (e.kind() == ApiException.Kind.INTERRUPTED) {
          Thread.interrupted();
          err.println("openai-ft: interrupted" + resume);
          err.flush();
          return null;
        }
        if (e.kind() == ApiException.Kind.NOT_FOUND) {
          // a rerun cannot help: say so, and what is kept
          throw CliException.withContext(
              e,
              gone(options.model(), e, shutdown)
                  + "; "
                  + log.size()
                  + " of "
                  + total
                  + " answers"
                  + whose
                  + " were recorded before");
        }
        throw CliException.withContext(e, e.getMessage() + resume);
      }
      progress.finish();
      return result;
    }
  }

  /**
   * Why a model the API answers 404 for can no longer be recorded: {@code MODEL shut down on
   * 2027-01-14 (models api) and can no longer be recorded (the API: ...)} when its date has passed,
   * else that the API does not serve it (shut down, deleted or misspelt).
   */
  /** The progress line of a recording that holds {@code already} of {@code total} answers. */
  static RecordProgress progress(CliContext context, PrintWriter out, int already, int total) {
    return new RecordProgress(
        out, context.clock(), context.terminal(), context.terminalWidth(), already, total);
  }

  /** A recorder on the context's clock and sleeper, drawing {@code progress}. */
  static Recorder recorder(CliContext context, ChatGateway gateway, RecordProgress progress) {
    return new Recorder(gateway, context.clock(), context.sleeper(), progress);
  }

  static String gone(String model, ApiException e, Shutdown shutdown) {
    String api = e.getMessage();
    if (shutdown != null && shutdown.past()) {
      return model
          + " shut down on "
          + shutdown.date()
          + " ("
          + shutdown.source().label()
          + ") and can no longer be recorded ("
          + api
          + ")";
    }
    return "the API does not serve "
        + model
        + " ("
        + api
        + "): a model that has shut down or been deleted can no longer be recorded (check the name"
        + " with openai-ft inventory)";
  }
}
