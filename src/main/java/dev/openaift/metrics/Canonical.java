package dev.openaift.metrics;

import dev.openaift.metrics.MetricSeries.Kind;
import java.util.List;
import java.util.Map;

/** The canonical metric names and how result-file columns and event keys map onto them. */
final class Canonical {

  static final String STEP = "step";
  static final String TRAIN_LOSS = "train_loss";
  static final String TRAIN_ACCURACY = "train_accuracy";
  static final String VALID_LOSS = "valid_loss";
  static final String VALID_ACCURACY = "valid_accuracy";
  static final String FULL_VALID_LOSS = "full_valid_loss";
  static final String FULL_VALID_ACCURACY = "full_valid_accuracy";

  /** The six canonical metrics, in table order (after {@code step}). */
  static final List<String> NAMES =
      List.of(
          TRAIN_LOSS,
          TRAIN_ACCURACY,
          VALID_LOSS,
          VALID_ACCURACY,
          FULL_VALID_LOSS,
          FULL_VALID_ACCURACY);

  /**
   * Result-file column -> canonical name, for both formats. The legacy sequence accuracies and
   * {@code elapsed_*} are not here: they stay extras under their own names.
   */
  static final Map<String, String> COLUMN_ALIASES =
      Map.ofEntries(
          Map.entry("train_loss", TRAIN_LOSS),
          Map.entry("train_accuracy", TRAIN_ACCURACY),
          Map.entry("train_mean_token_accuracy", TRAIN_ACCURACY),
          Map.entry("valid_loss", VALID_LOSS),
          Map.entry("valid_mean_token_accuracy", VALID_ACCURACY),
          Map.entry("validation_mean_token_accuracy", VALID_ACCURACY),
          Map.entry("valid_accuracy", VALID_ACCURACY),
          Map.entry("full_valid_loss", FULL_VALID_LOSS),
          Map.entry("full_valid_mean_token_accuracy", FULL_VALID_ACCURACY),
          Map.entry("full_valid_accuracy", FULL_VALID_ACCURACY),
          Map.entry("training_loss", TRAIN_LOSS),
          Map.entry("training_token_accuracy", TRAIN_ACCURACY),
          Map.entry("validation_loss", VALID_LOSS),
          Map.entry("validation_token_accuracy", VALID_ACCURACY));

  /**
   * Result-file columns that are not canonical but known (kept as extras under their own names
   * without a note): the legacy files' counters and sequence accuracies ({@code classification/...}
   * columns are known by their prefix), DPO's and reinforcement's metrics, and the error rates of
   * Azure's result files (empty in the files seen).
   */
  static final java.util.Set<String> KNOWN_EXTRAS =
      java.util.Set.of(
          "elapsed_tokens",
          "elapsed_examples",
          "training_sequence_accuracy",
          "validation_sequence_accuracy",
          "train_chosen_reward",
          "train_rejected_reward",
          "train_reward_margin",
          "train_reward_accuracy",
          "valid_chosen_reward",
          "valid_rejected_reward",
          "valid_reward_margin",
          "valid_reward_accuracy",
          "train_reward_mean",
          "valid_reward_mean",
          "sample_parse_error_mean",
          "samples_reasoning_tokens_mean",
          "full_iteration_seconds",
          "train_error_rate",
          "valid_error_rate",
          "full_valid_error_rate");

  /** The column of Azure's result files that holds each row's time (ISO 8601). */
  static final String TIMESTAMP = "timestamp";

  /** Metrics-event / checkpoint key -> canonical name; other numeric keys become extras. */
  static final Map<String, String> EVENT_KEYS =
      Map.of(
          "train_loss", TRAIN_LOSS,
          "train_mean_token_accuracy", TRAIN_ACCURACY,
          "valid_loss", VALID_LOSS,
          "valid_mean_token_accuracy", VALID_ACCURACY,
          "full_valid_loss", FULL_VALID_LOSS,
          "full_valid_mean_token_accuracy", FULL_VALID_ACCURACY);

  /** Event keys that are bookkeeping, not metrics. */
  static final List<String> EVENT_NON_METRICS = List.of("step", "total_steps");

  private Canonical() {}

  static boolean isCanonical(String name) {
    return NAMES.contains(name);
  }

  /** The kind of a metric, canonical or extra. */
  static Kind kind(String name) {
    if (name.startsWith("classification/")) {
      return Kind.CLASSIFICATION;
    }
    if (name.startsWith("full_valid_")) {
      return Kind.FULL_VALIDATION;
    }
    return switch (name) {
      case TRAIN_LOSS, TRAIN_ACCURACY -> Kind.TRAIN;
      case VALID_LOSS, VALID_ACCURACY -> Kind.VALIDATION;
      default -> Kind.EXTRA;
    };
  }

  /**
   * True for the legacy column names ({@code /v1/fine-tunes} result files): {@code training_*},
   * {@code elapsed_*}, {@code classification/*} and the legacy {@code validation_*} columns. Not
   * {@code validation_mean_token_accuracy}: Azure's docs name the current files' validation
   * accuracy so.
   */
  static boolean isLegacyColumn(String column) {
    return column.startsWith("training_")
        || (column.startsWith("validation_") && !column.equals("validation_mean_token_accuracy"))
        || column.startsWith("elapsed_")
        || column.startsWith("classification/");
  }

  /** Whether a result-file column is one openai-ft knows (canonical, an alias, a known extra). */
  static boolean isKnownColumn(String column) {
    return isCanonical(column)
        || COLUMN_ALIASES.containsKey(column)
        || KNOWN_EXTRAS.contains(column)
        || column.startsWith("classification/");
  }

  /** Whether a result-file column holds times rather than numbers. */
  static boolean isTimeColumn(String column) {
    return column.equals(TIMESTAMP);
  }
}
