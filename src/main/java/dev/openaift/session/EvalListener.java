package dev.openaift.session;

import dev.openaift.api.ChatGateway;
import dev.openaift.record.AnswerLog;
import dev.openaift.record.ChatExample;
import dev.openaift.record.Recorder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link EvalSession} tells and asks the person who runs it. The command line prints the
 * lines, asks the question on a terminal and draws the recorder's progress; a test collects them.
 */
public interface EvalListener {
  /** A line of the plan or of the progress, for standard output. */
  void line(String text);

  /** A warning from the archive (a folder it could not read, say), for standard error. */
  void note(String text);

  /**
   * Whether to spend on {@code requests} requests that are estimated to cost {@code cost} (empty
   * when a price is unknown); false stops the session before anything is sent.
   */
  boolean confirmSpending(Optional<BigDecimal> cost, int requests);

  /**
   * Asks {@code todo} through {@code gateway} and appends the answers to {@code log}, with the
   * recorder's progress and Ctrl-C handling.
   *
   * @param total answers the recording has when complete
   * @param whose said after "answers" in messages, e.g. {@code " of MODEL"}
   * @return false when Ctrl-C stopped it (and that was said)
   */
  boolean record(
      ChatGateway gateway,
      AnswerLog log,
      List<ChatExample> todo,
      Recorder.Options options,
      int total,
      String whose);

  /**
   * The judge is about to go through {@code total} questions (those its log holds cost nothing);
   * {@link #judgeEnded} follows, whatever happens.
   */
  default void judging(int total) {}

  /** The judge has been asked {@code questions} questions so far. */
  void judged(int questions);

  /** The judging ended: done, failed or interrupted. */
  default void judgeEnded() {}
}
