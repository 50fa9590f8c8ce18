package dev.openaift.follow;

import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state behind the one-line progress display and its text, e.g. {@code step 120/303 39% | train
 * loss 0.5321 | valid loss 0.6112 (smoothed) | elapsed 12:05 | ETA 18:20}.
 *
 * <p>Step, total and train loss come from the latest metrics event; the validation loss is the
 * debiased EMA (weight 0.6) of the {@code valid_loss} points seen; elapsed counts from the job's
 * creation (else the first event seen); the ETA is the job's {@code estimated_finish} when it has
 * one, else the remaining steps at the step rate observed so far.
 */
public final class ProgressLine {
  static final double SMOOTHING = 0.6;

  private final Clock clock;
  private final DebiasedEma validLoss = new DebiasedEma(SMOOTHING);
  private Job job;
  private long step = -1;
  private long totalSteps = -1;
  private double trainLoss = Double.NaN;
  private long firstStep = -1;
  private long firstStepAt;
  private long lastStepAt;
  private long firstEventAt = -1;
  private String note;

  public ProgressLine(Clock clock) {
    this.clock = clock;
  }

  public void accept(List<JobEvent> events) {
    note = null;
    for (JobEvent e : events) {
      if (firstEventAt < 0) {
        firstEventAt = e.createdAt();
      }
      Number s = number(e, "step");
      if (s == null) {
        continue;
      }
      if (firstStep < 0) {
        firstStep = s.longValue();
        firstStepAt = e.createdAt();
      }
      if (s.longValue() >= step) {
        step = s.longValue();
        lastStepAt = e.createdAt();
        Number total = number(e, "total_steps");
        if (total != null) {
          totalSteps = total.longValue();
        }
        Number train = number(e, "train_loss");
        if (train != null) {
          trainLoss = train.doubleValue();
        }
      }
      Number valid = number(e, "valid_loss");
      if (valid != null) {
        validLoss.add(valid.doubleValue());
      }
    }
  }

  public void accept(Job polled) {
    this.job = polled;
  }

  /** A short remark shown at the end of the line until the next events arrive (e.g. a retry). */
  public void note(String remark) {
    this.note = remark;
  }

  /** The line as of the clock's now, without line breaks. */
  public String render() {
    long now = clock.instant().getEpochSecond();
    List<String> parts = new ArrayList<>();
    if (step >= 0) {
      if (totalSteps > 0) {
        parts.add(
            String.format(
                Locale.ROOT,
                "step %d/%d %d%%",
                step,
                totalSteps,
                Math.min(100, step * 100 / totalSteps)));
      } else {
        parts.add("step " + step);
      }
      if (!Double.isNaN(trainLoss)) {
        parts.add(String.format(Locale.ROOT, "train loss %.4f", trainLoss));
      }
      if (validLoss.count() > 0) {
        parts.add(String.format(Locale.ROOT, "valid loss %.4f (smoothed)", validLoss.value()));
      }
    } else if (job != null && job.status() != null) {
      parts.add(job.status().replace('_', ' '));
    }
    long start = job != null && job.createdAt() != null ? job.createdAt() : firstEventAt;
    if (start >= 0) {
      parts.add("elapsed " + clockTime(Math.max(0, now - start)));
    }
    long eta = etaSeconds(now);
    if (eta >= 0) {
      parts.add("ETA " + clockTime(eta));
    }
    if (note != null) {
      parts.add(note);
    }
    return String.join(" | ", parts);
  }

  private long etaSeconds(long now) {
    if (job != null && job.isTerminal()) {
      return -1;
    }
    if (job != null && job.estimatedFinish() != null) {
      return Math.max(0, job.estimatedFinish() - now);
    }
    if (totalSteps > 0 && step > firstStep && lastStepAt > firstStepAt) {
      double stepsPerSecond = (double) (step - firstStep) / (lastStepAt - firstStepAt);
      long finish = lastStepAt + Math.round((totalSteps - step) / stepsPerSecond);
      return Math.max(0, finish - now);
    }
    return -1;
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  public static String clockTime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() > 0) {
      return String.format(
          Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
    return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }

  private static Number number(JobEvent e, String key) {
    return e.data().get(key) instanceof Number n ? n : null;
  }
}
