package dev.openaift.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated curves of a reinforcement job, a pure function of (job seed, plans, step) like
 * {@link LossModel}. Each grader's mean reward climbs from a seeded start (0.15 to 0.45) towards a
 * seeded ceiling (0.6 to 0.95) over the epochs, with noise that shrinks with the batch size; the
 * step's reward is the mean over graders. Parse errors fall from about 8% to under 1%, reasoning
 * tokens depend on the reasoning effort, and each step takes simulated seconds for sampling,
 * training, grading and (on evaluation steps) evaluation.
 *
 * <p>A metrics event's {@code data}: {@code step}, {@code total_steps}, the flat {@code
 * train_mean_reward} (and on evaluation steps {@code full_valid_mean_reward}, {@code
 * full_valid_mean_parse_error}), and nested objects, each grader in a list of {@code {"name": ...}}
 * objects:
 *
 * <pre>
 * scores: {train_reward_mean, valid_reward_mean?, graders: [{name, train_reward_mean, valid_reward_mean?}]}
 * usage:  {samples_reasoning_tokens_mean, samples_completion_tokens_mean,
 *          graders: [{name, input_tokens_mean, output_tokens_mean}]}
 * errors: {sample_parse_error_mean, graders: [{name, error_mean}]}
 * timing: {sampling_seconds, training_seconds, eval_seconds?, full_iteration_seconds,
 *          graders: [{name, seconds}]}
 * </pre>
 */
final class RewardModel {
  /** The columns after {@link ResultCsv#HEADER} in a reinforcement job's result file. */
  static final List<String> CSV_COLUMNS =
      List.of(
          "train_reward_mean",
          "valid_reward_mean",
          "sample_parse_error_mean",
          "samples_reasoning_tokens_mean",
          "full_iteration_seconds");

  private RewardModel() {}

  /** One step: its event data, its checkpoint metrics and its result-file cells. */
  record Step(
      int step,
      int totalSteps,
      double trainReward,
      Double validReward,
      double parseError,
      double reasoningTokens,
      double iterationSeconds,
      TreeMap<String, Object> eventData) {

    String message() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT, "Step %d/%d: training reward=%.2f", step, totalSteps, trainReward));
      if (validReward != null) {
        sb.append(String.format(Locale.ROOT, ", validation reward=%.2f", validReward));
      }
      return sb.toString();
    }

    TreeMap<String, Object> checkpointMetrics() {
      TreeMap<String, Object> m = new TreeMap<>();
      m.put("step", (double) step);
      m.put("train_mean_reward", trainReward);
      if (validReward != null) {
        m.put("full_valid_mean_reward", validReward);
        m.put("full_valid_mean_parse_error", parseError);
      }
      return m;
    }

    /** The values of {@link #CSV_COLUMNS}, null where empty. */
    List<Double> csvCells() {
      List<Double> out = new ArrayList<>();
      out.add(trainReward);
      out.add(validReward);
      out.add(parseError);
      out.add(reasoningTokens);
      out.add(iterationSeconds);
      return out;
    }
  }

  static Step at(long seed, TrainingPlan plan, ReinforcementPlan rl, int step) {
    double epochs = (double) step / plan.stepsPerEpoch();
    SplittableRandom noise = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    double sigma = 0.03 + 0.15 / Math.sqrt(plan.batchSize());
    boolean eval = rl.isEvalStep(plan, step);

    List<Map<String, Object>> scoreList = new ArrayList<>();
    List<Map<String, Object>> usageList = new ArrayList<>();
    List<Map<String, Object>> errorList = new ArrayList<>();
    List<Map<String, Object>> timingList = new ArrayList<>();
    double trainSum = 0;
    double validSum = 0;
    double graderSeconds = 0;
    for (int g = 0; g < rl.graders().size(); g++) {
      String name = rl.graders().get(g);
      SplittableRandom shape = new SplittableRandom(seed ^ (0x5DEECE66DL + 31L * g));
      double start = 0.15 + 0.3 * shape.nextDouble();
      double ceiling = 0.6 + 0.35 * shape.nextDouble();
      double rate = 0.8 + 1.2 * shape.nextDouble();
      double mean = ceiling - (ceiling - start) * Math.exp(-rate * epochs * rl.computeMultiplier());
      double train = clamp(mean + sigma * noise.nextGaussian());
      trainSum += train;
      Map<String, Object> score = new TreeMap<>();
      score.put("name", name);
      score.put("train_reward_mean", train);
      if (eval) {
        double valid = clamp(mean - 0.03 + 0.01 * noise.nextGaussian());
        validSum += valid;
        score.put("valid_reward_mean", valid);
      }
      scoreList.add(score);
      Map<String, Object> usage = new TreeMap<>();
      usage.put("name", name);
      usage.put("input_tokens_mean", Math.round(300 + 200 * shape.nextDouble()) + 0.0);
      usage.put("output_tokens_mean", Math.round(20 + 40 * shape.nextDouble()) + 0.0);
      usageList.add(usage);
      Map<String, Object> error = new TreeMap<>();
      error.put("name", name);
      error.put(
          "error_mean", clamp(0.01 * Math.exp(-epochs) + 0.002 * Math.abs(noise.nextGaussian())));
      errorList.add(error);
      double seconds = 2 + 4 * shape.nextDouble() + 0.5 * Math.abs(noise.nextGaussian());
      graderSeconds += seconds;
      Map<String, Object> timing = new TreeMap<>();
      timing.put("name", name);
      timing.put("seconds", seconds);
      timingList.add(timing);
    }
    int n = rl.graders().size();
    double trainReward = trainSum / n;
    Double validReward = eval ? validSum / n : null;
    double parseError =
        clamp(0.08 * Math.exp(-1.5 * epochs) + 0.005 * Math.abs(noise.nextGaussian()));
    double effort =
        switch (rl.reasoningEffort()) {
          case "low" -> 250;
          case "high" -> 2400;
          default -> 900;
        };
    double reasoning = Math.round(effort * (1 + 0.1 * noise.nextGaussian()));
    double sampling =
        8
            * rl.computeMultiplier()
            * Math.sqrt(plan.batchSize())
            * (1 + 0.1 * Math.abs(noise.nextGaussian()));
    double training = 3 + Math.abs(noise.nextGaussian());
    double evalSeconds =
        eval ? 6 * rl.evalSamples() * (1 + 0.1 * Math.abs(noise.nextGaussian())) : 0;
    double iteration = sampling + training + graderSeconds + evalSeconds;

    TreeMap<String, Object> data = new TreeMap<>();
    data.put("step", step);
    data.put("total_steps", plan.totalSteps());
    data.put("train_mean_reward", trainReward);
    if (eval) {
      data.put("full_valid_mean_reward", validReward);
      data.put("full_valid_mean_parse_error", parseError);
    }
    TreeMap<String, Object> scores = new TreeMap<>();
    scores.put("train_reward_mean", trainReward);
    if (eval) {
      scores.put("valid_reward_mean", validReward);
    }
    scores.put("graders", scoreList);
    data.put("scores", scores);
    TreeMap<String, Object> usage = new TreeMap<>();
    usage.put("samples_reasoning_tokens_mean", reasoning);
    usage.put("samples_completion_tokens_mean", reasoning + 60);
    usage.put("graders", usageList);
    data.put("usage", usage);
    TreeMap<String, Object> errors = new TreeMap<>();
    errors.put("sample_parse_error_mean", parseError);
    errors.put("graders", errorList);
    data.put("errors", errors);
    TreeMap<String, Object> timing = new TreeMap<>();
    timing.put("sampling_seconds", sampling);
    timing.put("training_seconds", training);
    if (eval) {
      timing.put("eval_seconds", evalSeconds);
    }
    timing.put("full_iteration_seconds", iteration);
    timing.put("graders", timingList);
    data.put("timing", timing);
    return new Step(
        step, plan.totalSteps(), trainReward, validReward, parseError, reasoning, iteration, data);
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
