package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * The result file of a finished job, {@code step_metrics.csv}, in the current format: {@code
 * step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, one row per step, values
 * rounded to 5 decimals in Python notation, empty cells where there is no value, LF line ends. DPO
 * jobs add {@link #DPO_COLUMNS}; reinforcement jobs leave the loss and accuracy cells empty and add
 * {@link RewardModel#CSV_COLUMNS}. The base64 variant (2024 service) is the same bytes encoded on
 * one line without newline.
 *
 * <p>The Azure flavour serves the shape of a result file downloaded from an Azure job in October
 * 2025 instead ({@link #AZURE_HEADER}): the token accuracies under their event names, three
 * error-rate columns left empty, {@code full_valid_*} filled at the epoch ends that have a full
 * validation (the checkpoint steps), the method's extra columns, then each row's {@code timestamp}
 * in ISO 8601 with seven fractional digits and {@code Z} ({@code 2025-10-25T16:55:36.9120000Z}).
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

  /** The Azure result file's columns before the method's extras and {@code timestamp}. */
  static final String AZURE_HEADER =
      "step,train_loss,train_mean_token_accuracy,train_error_rate,valid_loss,"
          + "valid_mean_token_accuracy,valid_error_rate,full_valid_loss,"
          + "full_valid_mean_token_accuracy,full_valid_error_rate";

  static final String AZURE_TIMESTAMP = "timestamp";

  private static final DateTimeFormatter AZURE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ResultCsv() {}

  /**
   * The Azure flavour's result file of a job with {@code method}; {@code timeOfStepMs} gives the
   * simulated time (unix ms) at which each step ran.
   */
  static byte[] renderAzure(
      long seed,
      TrainingPlan plan,
      String method,
      ReinforcementPlan rl,
      LongUnaryOperator timeOfStepMs) {
    return csv(seed, plan, method, rl, timeOfStepMs).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] render(long seed, TrainingPlan plan, boolean dpo, boolean base64) {
    return render(seed, plan, dpo ? "dpo" : "supervised", null, base64);
  }

  /**
   * The result file of a job with {@code method} (reinforcement jobs need their {@code rl} plan).
   */
  static byte[] render(
      long seed, TrainingPlan plan, String method, ReinforcementPlan rl, boolean base64) {
    byte[] csv = csv(seed, plan, method, rl, null).getBytes(StandardCharsets.UTF_8);
    return base64 ? Base64.getEncoder().encode(csv) : csv;
  }

  /**
   * The rows of either flavour: OpenAI's ({@code azureTimeOfStepMs} null) or Azure's, which adds
   * the empty error-rate columns, the full validation and each step's {@code timestamp}.
   */
  private static String csv(
      long seed,
      TrainingPlan plan,
      String method,
      ReinforcementPlan rl,
      LongUnaryOperator azureTimeOfStepMs) {
    boolean azure = azureTimeOfStepMs != null;
    boolean dpo = method.equals("dpo");
    boolean reinforcement = method.equals("reinforcement");
    StringBuilder sb = new StringBuilder(azure ? AZURE_HEADER : HEADER);
    List<String> extras = dpo ? DPO_COLUMNS : reinforcement ? RewardModel.CSV_COLUMNS : List.of();
    extras.forEach(c -> sb.append(',').append(c));
    if (azure) {
      sb.append(',').append(AZURE_TIMESTAMP);
    }
    sb.append('\n');
    for (int s = 1; s <= plan.totalSteps(); s++) {
      sb.append(s);
      if (reinforcement) {
        sb.append(azure ? ",,,,,,,,," : ",,,,");
        RewardModel.at(seed, plan, rl, s).csvCells().forEach(v -> cell(sb, v));
      } else {
        LossModel.StepMetrics m = LossModel.at(seed, plan, dpo, s);
        cell(sb, m.trainLoss());
        cell(sb, m.trainAccuracy());
        if (azure) {
          sb.append(',');
        }
        cell(sb, m.validLoss());
        cell(sb, m.validAccuracy());
        if (azure) {
          sb.append(',');
          cell(sb, m.fullValidLoss());
          cell(sb, m.fullValidAccuracy());
          sb.append(',');
        }
        extras.forEach(c -> cell(sb, m.extras().get(c)));
      }
      if (azure) {
        sb.append(',')
            .append(AZURE_TIME.format(Instant.ofEpochMilli(azureTimeOfStepMs.applyAsLong(s))));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void cell(StringBuilder sb, Double v) {
    sb.append(',');
    if (v != null) {
      sb.append(PyFloat.round5(v));
    }
  }
}
