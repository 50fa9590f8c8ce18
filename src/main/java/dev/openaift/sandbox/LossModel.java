package dev.openaift.sandbox;

import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated training curves. Every value is a pure function of (job seed, plan, step), so a job
 * replays identically and continues identically after a restart.
 *
 * <p>Training loss decays exponentially per epoch from a seeded start (1.6 to 3.0; ln 2 for DPO)
 * towards a floor that keeps sinking slowly with more epochs (memorisation), with multiplicative
 * minibatch noise that is larger for small batches. Validation loss follows it with a seeded
 * generalisation gap and 1.6 times the noise, and turns upwards (overfitting) after about 2.5
 * epochs when the job runs more than 3 epochs. Mean token accuracy is roughly exp(-0.6 x loss) plus
 * noise, clamped to [0, 1]. Minibatch validation is reported on every step but the last; full
 * validation on the checkpoint steps (ends of the last 3 epochs). DPO steps add preference
 * statistics ({@code train_|valid_|full_valid_} + {@code chosen_reward}, {@code rejected_reward},
 * {@code reward_margin}, {@code reward_accuracy}) derived from the loss.
 */
final class LossModel {
  private LossModel() {}

  /** One step's metrics; validation fields are null where the service reports no value. */
  record StepMetrics(
      int step,
      int totalSteps,
      double trainLoss,
      double trainAccuracy,
      Double validLoss,
      Double validAccuracy,
      Double fullValidLoss,
      Double fullValidAccuracy,
      TreeMap<String, Double> extras) {

    /** The metrics event's {@code data} (sorted keys). */
    TreeMap<String, Object> eventData() {
      TreeMap<String, Object> m = checkpointMetrics();
      m.put("step", step);
      m.put("total_steps", totalSteps);
      return m;
    }

    /** The checkpoint's {@code metrics} (numbers only; step as a number too). */
    TreeMap<String, Object> checkpointMetrics() {
      TreeMap<String, Object> m = new TreeMap<>();
      m.put("step", (double) step);
      m.put("train_loss", trainLoss);
      m.put("train_mean_token_accuracy", trainAccuracy);
      if (validLoss != null) {
        m.put("valid_loss", validLoss);
        m.put("valid_mean_token_accuracy", validAccuracy);
      }
      if (fullValidLoss != null) {
        m.put("full_valid_loss", fullValidLoss);
        m.put("full_valid_mean_token_accuracy", fullValidAccuracy);
      }
      m.putAll(extras);
      return m;
    }
  }

  static StepMetrics at(long seed, TrainingPlan plan, boolean dpo, int step) {
    SplittableRandom shape = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double start = dpo ? Math.log(2) : 1.6 + 1.4 * shape.nextDouble();
    double floor = dpo ? 0.05 + 0.15 * shape.nextDouble() : 0.15 + 0.35 * shape.nextDouble();
    double rate = 1.8 + 1.4 * shape.nextDouble();
    double gap = 0.04 + 0.12 * shape.nextDouble();

    double epochs = (double) step / plan.stepsPerEpoch();
    double meanTrain = trainMean(start, floor, rate, epochs);
    double meanValid = meanTrain * 1.05 + gap + overfit(plan.epochs(), epochs);

    SplittableRandom noise = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    double sigma = 0.10 + 0.25 / Math.sqrt(plan.batchSize());
    double train = meanTrain * Math.exp(sigma * noise.nextGaussian() - sigma * sigma / 2);
    double trainAcc = accuracy(train, noise);
    Double valid = null;
    Double validAcc = null;
    Double fullValid = null;
    Double fullValidAcc = null;
    double vs = 1.6 * sigma;
    double v = meanValid * Math.exp(vs * noise.nextGaussian() - vs * vs / 2);
    double va = accuracy(v, noise);
    double fv = meanValid * Math.exp(0.03 * noise.nextGaussian());
    double fva = clamp(Math.exp(-0.6 * fv) + 0.005 * noise.nextGaussian());
    if (plan.validation()) {
      if (step != plan.totalSteps()) {
        valid = v;
        validAcc = va;
      }
      if (plan.isCheckpointStep(step)) {
        fullValid = fv;
        fullValidAcc = fva;
      }
    }
    TreeMap<String, Double> extras = new TreeMap<>();
    if (dpo) {
      preference(extras, "train_", train, plan.batchSize(), noise);
      if (valid != null) {
        preference(extras, "valid_", valid, plan.batchSize(), noise);
      }
      if (fullValid != null) {
        preference(extras, "full_valid_", fullValid, 1000, noise);
      }
    }
    return new StepMetrics(
        step, plan.totalSteps(), train, trainAcc, valid, validAcc, fullValid, fullValidAcc, extras);
  }

  /**
   * DPO's preference statistics, consistent with its loss: the mean reward margin m is the one
   * whose sigmoid loss {@code ln(1 + e^-m)} equals the loss; the chosen reward takes about 40% of
   * it, the rejected one falls by the rest; accuracy (the share of pairs ranked right) is
   * sigmoid(1.5 m) with the noise of {@code pairs} samples, in steps of 1/pairs.
   */
  static void preference(
      TreeMap<String, Double> out, String prefix, double loss, int pairs, SplittableRandom noise) {
    double margin = -Math.log(Math.max(1e-9, Math.expm1(loss)));
    double chosen = margin * (0.4 + 0.05 * noise.nextGaussian());
    double p = 1 / (1 + Math.exp(-1.5 * margin));
    double acc = clamp(p + Math.sqrt(p * (1 - p) / pairs) * noise.nextGaussian());
    out.put(prefix + "chosen_reward", chosen);
    out.put(prefix + "rejected_reward", chosen - margin);
    out.put(prefix + "reward_margin", margin);
    out.put(prefix + "reward_accuracy", Math.round(acc * pairs) / (double) pairs);
  }

  private static double trainMean(double start, double floor, double rate, double epochs) {
    double sinkingFloor = floor * Math.exp(-0.25 * epochs);
    return sinkingFloor + (start - floor) * Math.exp(-rate * epochs);
  }

  private static double overfit(int totalEpochs, double epochs) {
    if (totalEpochs <= 3 || epochs <= 2.5) {
      return 0;
    }
    return 0.06 * Math.pow(epochs - 2.5, 1.3);
  }

  private static double accuracy(double loss, SplittableRandom noise) {
    return clamp(Math.exp(-0.6 * loss) + 0.02 * noise.nextGaussian());
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
