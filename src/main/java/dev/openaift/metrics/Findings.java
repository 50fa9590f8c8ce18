package dev.openaift.metrics;

import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.metrics.ShutdownDates.ShutdownDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Plain-language findings about one job, most important first. */
final class Findings {

  /**
   * Whose settings the advice names: an OpenAI job's hyperparameters ({@code n_epochs}) or a
   * Hugging Face Trainer run's arguments ({@code num_train_epochs}, {@code
   * load_best_model_at_end}). The rules that decide a finding are the same for both.
   */
  enum Vocabulary {
    OPENAI("n_epochs"),
    TRAINER("num_train_epochs");

    final String epochs;

    Vocabulary(String epochs) {
      this.epochs = epochs;
    }

    /** The vocabulary of a result table's format ({@code trainer} for a Trainer run). */
    static Vocabulary ofFormat(String format) {
      return "trainer".equals(format) ? TRAINER : OPENAI;
    }
  }

  /**
   * Weight of the EMA the detectors smooth with (to place a minimum within a run of points, and for
   * the training loss): stronger than the display default (0.6) because per-step values are noisy,
   * and fixed so findings do not change with {@code --smoothing}.
   */
  static final double DETECTION_WEIGHT = 0.8;

  /**
   * Overfitting needs the validation loss at the end to be this much (relative) above its minimum,
   * whatever the job's source (an OpenAI job or a Trainer run): below it, the best and the last
   * checkpoints serve about as well. The noise test below is what guards noisy minibatch points.
   */
  static final double OVERFIT_MIN_RISE = 0.03;

  /**
   * ... and the rise must exceed this many standard deviations of the noise of a difference of two
   * run means, so a flat but noisy curve whose lowest run happens to fall early is not called
   * overfitting.
   */
  static final double OVERFIT_NOISE_MULTIPLE = 3.0;

  /**
   * ... while the smoothed training loss at the end is at least this much (relative) below its
   * value at the validation minimum: training still improving while validation worsens is what
   * overfitting looks like, as opposed to both getting worse (a learning-rate problem).
   */
  static final double OVERFIT_TRAIN_DROP = 0.01;

  /**
   * Runs of consecutive minibatch validation points whose means are compared (ten: each run is a
   * tenth of the curve, long enough to average the noise out, short enough to place the minimum).
   */
  static final int TREND_BINS = 10;

  /**
   * Full-validation points needed to judge from them alone (at least a minimum and a rise after
   * it).
   */
  static final int MIN_FULL_VALID_POINTS = 3;

  /**
   * Fraction of the training points compared at the end: the mean of the last tenth against the
   * mean of the tenth before it (means, not single points, so step-to-step noise cancels out).
   */
  static final double TAIL_FRACTION = 0.10;

  /**
   * A drop larger than this between those two means means the loss was still falling meaningfully.
   */
  static final double UNDERTRAINED_MIN_DROP = 0.03;

  /**
   * Training points needed before judging the end of the curve (two windows of at least two
   * points).
   */
  static final int UNDERTRAINED_MIN_POINTS = 20;

  /**
   * Fewer minibatch validation points than this (and too few full-validation points) cannot show a
   * trend.
   */
  static final int SPARSE_MIN_POINTS = 5;

  private static final List<String> SEVERITY_ORDER = List.of("error", "warning", "info");

  private Findings() {}

  /**
   * @param steps the last step with any metric
   * @param totalSteps the events' {@code total_steps}, 0 when unknown
   * @param vocabulary whose settings the advice names
   */
  static List<Finding> of(
      Vocabulary vocabulary,
      Job job,
      List<JobEvent> events,
      List<MetricSeries> series,
      List<Long> epochEnds,
      long steps,
      long totalSteps,
      List<String> warnings) {
    // "step 5 of 5" only when the total is known
    String progress =
        totalSteps > 0
            ? String.format(Locale.ROOT, "step %d of %d", steps, Math.max(steps, totalSteps))
            : String.format(Locale.ROOT, "step %d", steps);
    List<Finding> out = new ArrayList<>();
    if (job != null && "failed".equals(job.status())) {
      String why = job.errorMessage() == null ? "no error message given" : job.errorMessage();
      out.add(
          new Finding(
              "job_failed",
              "error",
              "The job failed"
                  + (job.errorCode() == null ? "" : " (" + job.errorCode() + ")")
                  + ": "
                  + why));
    }
    if (job != null && "cancelled".equals(job.status())) {
      out.add(
          new Finding(
              "job_cancelled",
              "warning",
              steps == 0
                  ? "The job was cancelled before its first training step: nothing was trained."
                  : "The job was cancelled after " + progress + "."));
    }
    eventFinding(out, events, "error", "event_errors", "error");
    Finding overfitting = overfitting(vocabulary, series, epochEnds);
    if (overfitting != null) {
      out.add(overfitting);
    }
    for (String w : warnings) {
      if (w.contains("last line is incomplete")) {
        out.add(
            new Finding(
                "truncated",
                "warning",
                "The result file ends with an incomplete line (the job"
                    + " may still have been running when it was saved); that line was ignored."));
        break;
      }
    }
    // only a job that ran all its steps can be undertrained (a running one is still learning)
    boolean finished = (job == null || "succeeded".equals(job.status())) && steps >= totalSteps;
    if (overfitting == null && finished) {
      Finding undertrained = undertrained(vocabulary, job, series, epochEnds);
      if (undertrained != null) {
        out.add(undertrained);
      }
    }
    eventFinding(out, events, "warn", "event_warnings", "warning");
    if (steps > 0 || job == null || !job.isTerminal()) {
      // a job that ended before training (failed validation, cancelled early) has nothing to
      // validate
      validationCoverage(out, job, series, epochEnds, steps);
    }
    out.sort(Comparator.comparingInt(f -> SEVERITY_ORDER.indexOf(f.severity())));
    if (out.isEmpty()) {
      MetricSeries train = GeneralisationGap.find(series, Canonical.TRAIN_LOSS);
      int trainPoints = train == null ? 0 : train.size();
      // "levelled off" only when the undertrained check could run
      String endOfTraining =
          trainPoints >= UNDERTRAINED_MIN_POINTS
              ? "Nothing stands out: no overfitting, the training loss has levelled off, and no"
                  + " warnings or errors among the events."
              : String.format(
                  Locale.ROOT,
                  "Nothing stands out: no overfitting, and no warnings or errors among the events."
                      + " Too few training points (%d) to judge whether the training loss had"
                      + " levelled off.",
                  trainPoints);
      out.add(
          new Finding(
              "healthy",
              "info",
              finished
                  ? endOfTraining
                  : "Nothing stands out so far ("
                      + progress
                      + "): no overfitting, and no warnings or errors among the"
                      + " events."));
    }
    return List.copyOf(out);
  }

  private static void eventFinding(
      List<Finding> out, List<JobEvent> events, String level, String code, String severity) {
    int count = 0;
    String first = null;
    for (JobEvent e : events) {
      String l = e.level().toLowerCase(Locale.ROOT);
      if (l.equals(level) || (level.equals("warn") && l.equals("warning"))) {
        count++;
        if (first == null) {
          first = e.message();
        }
      }
    }
    if (count > 0) {
      String noun = level.equals("warn") ? "warning" : "error";
      out.add(
          new Finding(
              code,
              severity,
              String.format(
                  Locale.ROOT,
                  "%d %s event%s; the first: \"%s\"",
                  count,
                  noun,
                  count == 1 ? "" : "s",
                  first)));
    }
  }

  /**
   * A fine-tuned model this close to its shutdown (or past it) gets a {@code model_shutdown}
   * finding.
   */
  static final int SHUTDOWN_NOTICE_DAYS = 90;

  /**
   * {@code findings} plus, when the job's fine-tuned model shuts down within {@link
   * #SHUTDOWN_NOTICE_DAYS} days or already has, a {@code model_shutdown} finding (a warning before
   * the date, an error after it) with the date and what to do; most important first. A null {@code
   * s} (no date known) adds nothing.
   */
  static List<Finding> withShutdown(List<Finding> findings, Job job, ShutdownDate s) {
    if (s == null || s.daysLeft() > SHUTDOWN_NOTICE_DAYS) {
      return findings;
    }
    String model = job.fineTunedModel();
    String from = " (date from the " + s.from() + ")";
    Finding f;
    if (s.daysLeft() <= 0) {
      f =
          new Finding(
              "model_shutdown",
              "error",
              "The fine-tuned model "
                  + model
                  + " and its checkpoints "
                  + (s.daysLeft() == 0 ? "shut down today, " : "shut down on ")
                  + s.date()
                  + from
                  + (s.daysLeft() == 0
                      ? ""
                      : ", " + (-s.daysLeft()) + " day" + (s.daysLeft() == -1 ? "" : "s") + " ago")
                  + ": they no longer answer. Keep this archive: with the job's files it is now the"
                  + " only record of it.");
    } else {
      f =
          new Finding(
              "model_shutdown",
              "warning",
              "The fine-tuned model "
                  + model
                  + " and its checkpoints shut down"
                  + " on "
                  + s.date()
                  + ", in "
                  + s.daysLeft()
                  + " day"
                  + (s.daysLeft() == 1 ? "" : "s")
                  + from
                  + ". Before then: back the job up (openai-ft report "
                  + (job.id() == null ? "JOB_ID" : job.id())
                  + " archives it with its events, checkpoints and results; keep your training"
                  + " files) and record the model's answers to your prompts with openai-ft"
                  + " record.");
    }
    List<Finding> out = new ArrayList<>(findings);
    out.add(f);
    out.sort(Comparator.comparingInt(x -> SEVERITY_ORDER.indexOf(x.severity())));
    return List.copyOf(out);
  }

  /**
   * Validation loss reaching its minimum and then rising meaningfully while the training loss keeps
   * falling. One rule for every source (an OpenAI job, a Hugging Face Trainer run, loose files):
   * the validation loss at the end is more than {@link #OVERFIT_MIN_RISE} (relative) above its
   * minimum and by more than {@link #OVERFIT_NOISE_MULTIPLE} standard deviations of its noise,
   * while the smoothed training loss fell by more than {@link #OVERFIT_TRAIN_DROP} over the same
   * steps. Only the advice differs: {@code n_epochs} for a job, {@code num_train_epochs} and {@code
   * load_best_model_at_end} for a Trainer run.
   *
   * <p>On the full-validation points when there are at least {@link #MIN_FULL_VALID_POINTS} (a
   * job's full validation, a Trainer's {@code eval_loss}: exact losses on the whole file, taken as
   * they are, no noise). Otherwise on the minibatch validation loss, whose points are noisy: they
   * are cut into {@link #TREND_BINS} runs of consecutive points and each run averaged, so the
   * minimum and the end are compared as means; the noise of one point is estimated from the
   * differences of neighbouring points (which cancels the trend), and the rise must exceed {@link
   * #OVERFIT_NOISE_MULTIPLE} standard deviations of the difference of two run means.
   */
  static Finding overfitting(
      Vocabulary vocabulary, List<MetricSeries> series, List<Long> epochEnds) {
    MetricSeries train = GeneralisationGap.find(series, Canonical.TRAIN_LOSS);
    MetricSeries full = GeneralisationGap.find(series, Canonical.FULL_VALID_LOSS);
    MetricSeries valid = GeneralisationGap.find(series, Canonical.VALID_LOSS);
    if (train == null || train.size() < 2) {
      return null;
    }
    long[] vSteps;
    double[] v;
    double noise;
    String what;
    String bestMetric = "eval_loss";
    if (full == null) {
      // a Trainer run with several eval sets logs eval_<set>_loss and no eval_loss: each set's
      // full-validation loss is looked at, in name order, and the first that overfits is said
      for (MetricSeries set : series) {
        String n = set.name();
        if (n.startsWith(FULL_VALID_PREFIX)
            && n.endsWith(LOSS_SUFFIX)
            && n.length() > FULL_VALID_PREFIX.length() + LOSS_SUFFIX.length()
            && set.size() >= MIN_FULL_VALID_POINTS) {
          String name = n.substring(FULL_VALID_PREFIX.length(), n.length() - LOSS_SUFFIX.length());
          Finding f =
              detect(
                  vocabulary,
                  train,
                  set.steps(),
                  set.values(),
                  0,
                  "Full validation loss on " + name,
                  epochEnds,
                  "eval_" + name + "_loss");
          if (f != null) {
            return f;
          }
        }
      }
    }
    if (full != null && full.size() >= MIN_FULL_VALID_POINTS) {
      vSteps = full.steps();
      v = full.values();
      noise = 0;
      what = "Full validation loss";
    } else if (valid != null && valid.size() >= SPARSE_MIN_POINTS) {
      int bins = Math.min(TREND_BINS, valid.size());
      int n = valid.size();
      vSteps = new long[bins];
      v = new double[bins];
      double[] smoothed = Smoothing.ema(valid.values(), DETECTION_WEIGHT);
      for (int k = 0; k < bins; k++) {
        int from = k * n / bins;
        int to = (k + 1) * n / bins;
        v[k] = mean(valid.values(), from, to);
        int best = from;
        for (int i = from; i < to; i++) {
          if (smoothed[i] < smoothed[best]) {
            best = i;
          }
        }
        vSteps[k] = k == bins - 1 ? valid.steps()[n - 1] : valid.steps()[best];
      }
      noise = pointNoise(valid.values()) * Math.sqrt(2.0 / (n / bins));
      what =
          "Validation loss (averaged over runs of "
              + (n / bins)
              + " point"
              + (n / bins == 1 ? "" : "s")
              + ")";
    } else {
      return null;
    }
    return detect(vocabulary, train, vSteps, v, noise, what, epochEnds, bestMetric);
  }

  /** The names of a validation set's full-validation loss: {@code full_valid_<set>_loss}. */
  private static final String FULL_VALID_PREFIX = "full_valid_";

  private static final String LOSS_SUFFIX = "_loss";

  /**
   * {@link #overfitting} on one validation loss ({@code v} at {@code vSteps}, with the noise of one
   * point): null when it does not overfit.
   *
   * @param bestMetric the Trainer's name of that loss, for its advice
   */
  private static Finding detect(
      Vocabulary vocabulary,
      MetricSeries train,
      long[] vSteps,
      double[] v,
      double noise,
      String what,
      List<Long> epochEnds,
      String bestMetric) {
    int minIndex = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[minIndex]) {
        minIndex = i;
      }
    }
    int last = v.length - 1;
    if (minIndex == last) {
      return null;
    }
    double min = v[minIndex];
    double end = v[last];
    double rise = end - min;
    if (!(rise > OVERFIT_MIN_RISE * Math.abs(min) && rise > OVERFIT_NOISE_MULTIPLE * noise)) {
      return null;
    }
    double[] t = Smoothing.ema(train.values(), DETECTION_WEIGHT);
    int atMin = GeneralisationGap.lastAtOrBefore(train.steps(), vSteps[minIndex]);
    int atEnd = GeneralisationGap.lastAtOrBefore(train.steps(), vSteps[last]);
    if (atMin < 0 || atEnd <= atMin) {
      return null;
    }
    double trainAtMin = t[atMin];
    double trainAtEnd = t[atEnd];
    if (!(trainAtEnd < trainAtMin * (1 - OVERFIT_TRAIN_DROP))) {
      return null;
    }
    long minStep = vSteps[minIndex];
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT, "%s bottomed out at %s at step %d", what, num(min), minStep));
    if (!epochEnds.isEmpty()) {
      text.append(
          String.format(
              Locale.ROOT, " (epoch %d)", Epochs.epochOf(new long[] {minStep}, epochEnds)[0]));
    }
    text.append(
        String.format(
            Locale.ROOT,
            ", then rose %.1f%% to %s by step %d while training loss kept falling (%s to %s):"
                + " overfitting",
            100 * rise / Math.abs(min),
            num(end),
            vSteps[last],
            num(trainAtMin),
            num(trainAtEnd)));
    int suggested = suggestedEpochs(minStep, epochEnds);
    if (suggested > 0) {
      // the rise begins after the minimum: in the next epoch when the minimum is an epoch end
      int started = Epochs.epochOf(new long[] {minStep + 1}, epochEnds)[0];
      text.append(
          String.format(
              Locale.ROOT, " from epoch %d on. Try %s=%d,", started, vocabulary.epochs, suggested));
    } else {
      text.append(String.format(Locale.ROOT, " from step %d on. Train for fewer steps,", minStep));
    }
    text.append(String.format(Locale.ROOT, " or use the checkpoint nearest step %d", minStep));
    if (vocabulary == Vocabulary.TRAINER) {
      // the Trainer keeps and reloads its best checkpoint when asked to
      text.append(
          " (load_best_model_at_end=True with metric_for_best_model=\""
              + bestMetric
              + "\" keeps it for you)");
    }
    text.append('.');
    return new Finding("overfitting", "warning", text.toString());
  }

  /**
   * The number of epochs to try next: the epoch end nearest the validation minimum (ties to the
   * later one), among all but the last end, so it is always fewer epochs than were run. 0 when
   * there is no such end (no epochs known, or one epoch).
   */
  static int suggestedEpochs(long minStep, List<Long> epochEnds) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int k = 0; k < epochEnds.size() - 1; k++) {
      long d = Math.abs(epochEnds.get(k) - minStep);
      if (d <= bestDistance) {
        best = k + 1;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * Standard deviation of one point's noise: from neighbour differences, {@code sqrt(mean(d^2) /
   * 2)}.
   */
  private static double pointNoise(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double sq = 0;
    for (int i = 1; i < v.length; i++) {
      double d = v[i] - v[i - 1];
      sq += d * d;
    }
    return Math.sqrt(sq / (v.length - 1) / 2);
  }

  /**
   * Training loss still falling meaningfully over the last tenth of the points: the mean of the
   * last tenth is more than {@link #UNDERTRAINED_MIN_DROP} below the tenth before, by more than
   * {@link #OVERFIT_NOISE_MULTIPLE} standard deviations of the noise of that difference.
   */
  static Finding undertrained(
      Vocabulary vocabulary, Job job, List<MetricSeries> series, List<Long> epochEnds) {
    MetricSeries train = GeneralisationGap.find(series, Canonical.TRAIN_LOSS);
    if (train == null || train.size() < UNDERTRAINED_MIN_POINTS) {
      return null;
    }
    double[] v = train.values();
    int n = v.length;
    int tail = Math.max(2, (int) Math.round(n * TAIL_FRACTION));
    double before = mean(v, n - 2 * tail, n - tail);
    double after = mean(v, n - tail, n);
    double drop = (before - after) / Math.abs(before);
    if (!(drop > UNDERTRAINED_MIN_DROP)) {
      return null;
    }
    // per-step losses are noisy: the drop must also stand out from the noise of a difference of two
    // means of tail points, or a levelled-off curve is called undertrained by chance
    if (!(before - after > OVERFIT_NOISE_MULTIPLE * pointNoise(v) * Math.sqrt(2.0 / tail))) {
      return null;
    }
    long[] st = train.steps();
    boolean onePerStep = st[n - 1] - st[n - 2 * tail] == 2L * tail - 1;
    String text0 =
        onePerStep
            ? String.format(
                Locale.ROOT,
                "Training loss was still falling at the end: the last %d steps averaged %s,"
                    + " %.1f%% below the %d before (%s).",
                tail,
                num(after),
                100 * drop,
                tail,
                num(before))
            : String.format(
                Locale.ROOT,
                "Training loss was still falling at the end: the last %d points (steps %d to %d)"
                    + " averaged %s, %.1f%% below the %d before (steps %d to %d: %s).",
                tail,
                st[n - tail],
                st[n - 1],
                num(after),
                100 * drop,
                tail,
                st[n - 2 * tail],
                st[n - tail - 1],
                num(before));
    StringBuilder text =
        new StringBuilder(text0).append(" The model may be undertrained; try more epochs");
    Integer n0 =
        job == null ? null : Epochs.wholeNumber(job.hyperparameters().get(vocabulary.epochs));
    int epochs = n0 != null ? n0 : epochEnds.size();
    if (epochs > 0) {
      text.append(String.format(Locale.ROOT, " (%s=%d)", vocabulary.epochs, epochs + 1));
    }
    text.append('.');
    return new Finding("undertrained", "info", text.toString());
  }

  /** The {@code sparse_validation} finding, its text formatted with {@link Locale#ROOT}. */
  private static Finding sparseValidation(String format, Object... args) {
    return new Finding("sparse_validation", "info", String.format(Locale.ROOT, format, args));
  }

  /** Validation too sparse or missing; only epochs that have ended by {@code steps} are judged. */
  private static void validationCoverage(
      List<Finding> out, Job job, List<MetricSeries> series, List<Long> ends, long steps) {
    MetricSeries valid = GeneralisationGap.find(series, Canonical.VALID_LOSS);
    MetricSeries full = GeneralisationGap.find(series, Canonical.FULL_VALID_LOSS);
    int vp = valid == null ? 0 : valid.size();
    int fp = full == null ? 0 : full.size();
    if (vp + fp == 0) {
      if (series.stream().anyMatch(s -> s.size() > 0 && s.name().contains("valid"))) {
        return; // validated by other measures (a reinforcement job's validation rewards)
      }
      String text =
          job != null && job.validationFile() != null
              ? "The job had a validation file but no validation metrics were found: overfitting"
                  + " cannot be judged."
              : "No validation metrics (no validation file?): overfitting cannot be judged. Give"
                  + " the job a validation file to see how it generalises.";
      out.add(new Finding("no_validation", "info", text));
      return;
    }
    if (vp < SPARSE_MIN_POINTS && fp < MIN_FULL_VALID_POINTS) {
      out.add(
          sparseValidation(
              "Only %d validation point%s and %d full-validation point%s: too sparse to judge"
                  + " overfitting.",
              vp, vp == 1 ? "" : "s", fp, fp == 1 ? "" : "s"));
      return;
    }
    if (ends.size() > 1) {
      List<Integer> empty = new ArrayList<>();
      int[] counts = new int[ends.size() + 2]; // the partial epoch after the last end too
      for (MetricSeries s : new MetricSeries[] {valid, full}) {
        if (s != null) {
          for (int e : Epochs.epochOf(s.steps(), ends)) {
            counts[e]++;
          }
        }
      }
      for (int e = 1; e <= ends.size(); e++) {
        if (counts[e] == 0 && ends.get(e - 1) <= steps) {
          empty.add(e);
        }
      }
      if (!empty.isEmpty()) {
        out.add(
            sparseValidation(
                "No validation points in epoch%s %s: too sparse to judge how those epochs"
                    + " generalised.",
                empty.size() == 1 ? "" : "s", joined(empty)));
      }
    }
  }

  private static String joined(List<Integer> xs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xs.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(xs.get(i));
    }
    return b.toString();
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }

  /** A loss or accuracy for people: three decimals, or three significant digits when tiny. */
  static String num(double v) {
    return Math.abs(v) >= 0.01 || v == 0
        ? String.format(Locale.ROOT, "%.3f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }
}
