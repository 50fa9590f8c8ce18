package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The result file of a finished job, {@code step_metrics.csv}, in the current format: {@code
 * step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, one row per step, values
 * rounded to 5 decimals in Python notation, empty cells where there is no value, LF line ends. DPO
 * jobs add {@link #DPO_COLUMNS}; reinforcement jobs leave the loss and accuracy cells empty and add
 * {@link RewardModel#CSV_COLUMNS}. The base64 variant (2024 service) is the same bytes encoded on
 * one line without newline.
 */
final class ResultCsv {
  static final String FILENAME = "step_metrics.csv";
  static final String HEADER =
      "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy";
  static final List<String> DPO_COLUMNS =
      List.of(
          "train_chosen_reward",
          "train_rejected_reward",
          "train_reward_margin",
          "train_reward_accuracy",
          "valid_reward_margin",
          "valid_reward_accuracy");

  private ResultCsv() {}

  static byte[] render(long seed, TrainingPlan plan, boolean dpo, boolean base64) {
    return render(seed, plan, dpo ? "dpo" : "supervised", null, base64);
  }

  /**
   * The result file of a job with {@code method} (reinforcement jobs need their {@code rl} plan).
   */
  static byte[] render(
      long seed, TrainingPlan plan, String method, ReinforcementPlan rl, boolean base64) {
    boolean dpo = method.equals("dpo");
    boolean reinforcement = method.equals("reinforcement");
    StringBuilder sb = new StringBuilder(HEADER);
    List<String> extras = dpo ? DPO_COLUMNS : reinforcement ? RewardModel.CSV_COLUMNS : List.of();
    extras.forEach(c -> sb.append(',').append(c));
    sb.append('\n');
    for (int s = 1; s <= plan.totalSteps(); s++) {
      sb.append(s);
      if (reinforcement) {
        sb.append(",,,,");
        RewardModel.at(seed, plan, rl, s).csvCells().forEach(v -> cell(sb, v));
      } else {
        LossModel.StepMetrics m = LossModel.at(seed, plan, dpo, s);
        cell(sb, m.trainLoss());
        cell(sb, m.trainAccuracy());
        cell(sb, m.validLoss());
        cell(sb, m.validAccuracy());
        extras.forEach(c -> cell(sb, m.extras().get(c)));
      }
      sb.append('\n');
    }
    byte[] csv = sb.toString().getBytes(StandardCharsets.UTF_8);
    return base64 ? Base64.getEncoder().encode(csv) : csv;
  }

  private static void cell(StringBuilder sb, Double v) {
    sb.append(',');
    if (v != null) {
      sb.append(PyFloat.round5(v));
    }
  }
}
