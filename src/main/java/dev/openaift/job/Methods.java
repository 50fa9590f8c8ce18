package dev.openaift.job;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training methods of {@code method.type} and the hyperparameters only one of them has: {@code
 * beta} for DPO; {@code compute_multiplier}, {@code eval_interval}, {@code eval_samples} and {@code
 * reasoning_effort} for reinforcement. Supervised jobs share {@code n_epochs}, {@code batch_size}
 * and {@code learning_rate_multiplier} with the others.
 */
public final class Methods {
  private static final Map<String, Set<String>> SPECIFIC =
      Map.of(
          "dpo", Set.of("beta"),
          "reinforcement",
              Set.of("compute_multiplier", "eval_interval", "eval_samples", "reasoning_effort"));

  private Methods() {}

  /**
   * The method for people: {@code supervised}, {@code DPO (direct preference optimization)}, ...
   */
  public static String describe(String methodType) {
    if (methodType == null) {
      return "supervised (no method given: the API's default)";
    }
    return switch (methodType) {
      case "dpo" -> "DPO (direct preference optimization)";
      case "reinforcement" -> "reinforcement (rewarded by graders)";
      default -> methodType;
    };
  }

  /** Whether this hyperparameter belongs to the method alone. */
  public static boolean isSpecific(String methodType, String hyperparameter) {
    return methodType != null
        && SPECIFIC.getOrDefault(methodType, Set.of()).contains(hyperparameter);
  }

  /** The job's method-specific hyperparameters, sorted (empty for supervised jobs). */
  public static List<String> specificOf(Job job) {
    Set<String> out = new TreeSet<>();
    for (String k : job.hyperparameters().keySet()) {
      if (isSpecific(job.methodType(), k)) {
        out.add(k);
      }
    }
    return List.copyOf(out);
  }
}
