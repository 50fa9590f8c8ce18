package dev.openaift.sandbox;

import java.util.List;

/**
 * The resolved reinforcement hyperparameters of a simulated job, beside its {@link TrainingPlan}.
 * "auto" resolves to: compute multiplier 1.0, an evaluation every quarter epoch (at least every
 * step), 1 sample per validation example, reasoning effort {@code medium}.
 *
 * @param evalInterval steps between evaluations on the validation file
 * @param graders the grader names, in the order of the request (one per sub-grader of a multi
 *     grader)
 */
record ReinforcementPlan(
    double computeMultiplier,
    int evalInterval,
    int evalSamples,
    String reasoningEffort,
    List<String> graders) {

  static ReinforcementPlan resolve(
      TrainingPlan plan,
      Double compute,
      Integer evalInterval,
      Integer evalSamples,
      String effort,
      List<String> graders) {
    return new ReinforcementPlan(
        compute != null ? compute : 1.0,
        evalInterval != null ? evalInterval : Math.max(1, plan.stepsPerEpoch() / 4),
        evalSamples != null ? evalSamples : 1,
        effort == null || effort.equals("default") ? "medium" : effort,
        List.copyOf(graders));
  }

  /**
   * Whether {@code step} evaluates on the validation file: every interval and every checkpoint
   * step.
   */
  boolean isEvalStep(TrainingPlan plan, int step) {
    return plan.validation() && (step % evalInterval == 0 || plan.isCheckpointStep(step));
  }
}
