package dev.openaift.retirement;

import dev.openaift.job.ModelIds;
import java.util.ArrayList;
import java.util.List;

/**
 * The shutdown policy for starting a fine-tuning job: a base model that has shut down cannot be
 * trained (refused before anything is sent); one that shuts down within {@link #WARN_DAYS} days is
 * trained with a warning, and so is any job while the platform stops new jobs within that time.
 *
 * @param refusal why the job must not start (after the model's name: {@code gpt-x shut down on
 *     ...}), or null
 * @param warnings what to warn about, one line each, in our words
 */
public record TrainingStart(String refusal, List<String> warnings) {

  /**
   * Days before a base model's shutdown (or the end of new jobs) from which starting a job warns.
   */
  public static final int WARN_DAYS = 30;

  public TrainingStart {
    warnings = List.copyOf(warnings);
  }

  /** The policy for training {@code model} with the dates in {@code shutdowns}. */
  public static TrainingStart check(Shutdowns shutdowns, String model) {
    Shutdown s = shutdowns.of(model);
    String base = ModelIds.base(model);
    if (s.past()) {
      return new TrainingStart(
          base
              + " shut down on "
              + s.date()
              + " (date from the "
              + s.source().label()
              + "), so it can no longer be fine-tuned and nothing was sent; choose a model that is"
              + " still served ('openai-ft inventory --all' lists the dates)",
          List.of());
    }
    List<String> warnings = new ArrayList<>();
    if (s.within(WARN_DAYS)) {
      warnings.add(
          base
              + " shuts down on "
              + s.date()
              + " ("
              + Shutdowns.describeDaysLeft(s)
              + ", date from the "
              + s.source().label()
              + "): the model this job trains stops answering that day too.");
    }
    shutdowns
        .table()
        .newJobsStop()
        .filter(
            d -> {
              long days = shutdowns.daysUntil(d);
              return days > 0 && days <= WARN_DAYS;
            })
        .flatMap(d -> shutdowns.platformLine())
        .ifPresent(line -> warnings.add(line + "."));
    return new TrainingStart(null, warnings);
  }
}
