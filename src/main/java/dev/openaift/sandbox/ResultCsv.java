package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The result file of a finished job, {@code step_metrics.csv}, in the current format:
 * {@code step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, one row per step,
 * values rounded to 5 decimals in Python notation, empty cells where there is no value, LF line
 * ends. The base64 variant (2024 service) is the same bytes encoded on one line without newline.
 */
final class ResultCsv {
  static final String FILENAME = "step_metrics.csv";
  static final String HEADER = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy";

  private ResultCsv() {}

  static byte[] render(long seed, TrainingPlan plan, boolean dpo, boolean base64) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int s = 1; s <= plan.totalSteps(); s++) {
      LossModel.StepMetrics m = LossModel.at(seed, plan, dpo, s);
      sb.append(s)
          .append(',')
          .append(PyFloat.round5(m.trainLoss()))
          .append(',')
          .append(PyFloat.round5(m.trainAccuracy()))
          .append(',')
          .append(m.validLoss() == null ? "" : PyFloat.round5(m.validLoss()))
          .append(',')
          .append(m.validAccuracy() == null ? "" : PyFloat.round5(m.validAccuracy()))
          .append('\n');
    }
    byte[] csv = sb.toString().getBytes(StandardCharsets.UTF_8);
    return base64 ? Base64.getEncoder().encode(csv) : csv;
  }
}
