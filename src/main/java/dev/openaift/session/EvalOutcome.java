package dev.openaift.session;

import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import java.nio.file.Path;

/**
 * How an {@link EvalSession} ended.
 *
 * @param status what happened
 * @param result the scores, null unless {@link Status#WRITTEN}
 * @param meta what was compared, null unless {@link Status#WRITTEN}
 * @param evalDir where the results go (or went)
 * @param jobDir the job's archive folder the evaluation is attached to, or null
 * @param coverage the line saying which examples the reference leaves out, or null when it covers
 *     them all
 */
public record EvalOutcome(
    Status status,
    Evaluation.Result result,
    EvalMeta meta,
    Path evalDir,
    Path jobDir,
    String coverage) {

  /** How the session ended. */
  public enum Status {
    /** {@code --dry-run}: the plan was told, nothing sent or written. */
    DRY_RUN,
    /** The spending was not confirmed: nothing sent or written. */
    NOT_CONFIRMED,
    /** Ctrl-C stopped the recording; what was recorded is kept. */
    INTERRUPTED,
    /** Scored and written (and attached to the job's report, with a job). */
    WRITTEN
  }
}
