package dev.openaift.sandbox;

/**
 * The resolved shape of a simulated job. "auto" hyperparameters resolve like the service: epochs 3,
 * raised for tiny files so that at least 100 examples are seen (at most 25 epochs) and lowered for
 * huge ones so that at most 25,000 are seen (at least 1); batch size about 1% of the examples,
 * between 1 and 256; learning-rate multiplier 1.8; DPO beta 0.1.
 *
 * @param stepsPerEpoch ceil(examples / batch size)
 * @param totalSteps stepsPerEpoch x epochs
 * @param tokensPerEpoch approximate tokens of the training file (see {@link Tokens})
 */
record TrainingPlan(
    int examples,
    int epochs,
    int batchSize,
    double learningRateMultiplier,
    Double beta,
    int stepsPerEpoch,
    int totalSteps,
    long tokensPerEpoch,
    boolean validation) {

  static TrainingPlan resolve(
      int examples,
      Integer epochs,
      Integer batchSize,
      Double lr,
      Double beta,
      boolean dpo,
      long tokensPerEpoch,
      boolean validation) {
    int e = epochs != null ? epochs : autoEpochs(examples);
    int b = batchSize != null ? batchSize : Math.max(1, Math.min(256, examples / 100));
    double l = lr != null ? lr : 1.8;
    Double bt = dpo ? (beta != null ? beta : 0.1) : null;
    int perEpoch = Math.max(1, (examples + b - 1) / b);
    return new TrainingPlan(
        examples, e, b, l, bt, perEpoch, perEpoch * e, tokensPerEpoch, validation);
  }

  static int autoEpochs(int examples) {
    int e = 3;
    if ((long) examples * e < 100) {
      e = Math.min(25, (100 + examples - 1) / examples);
    } else if ((long) examples * e > 25_000) {
      e = Math.max(1, 25_000 / examples);
    }
    return e;
  }

  /**
   * Whether {@code step} ends one of the last (up to 3) epochs: a checkpoint and full validation.
   */
  boolean isCheckpointStep(int step) {
    if (step % stepsPerEpoch != 0) {
      return false;
    }
    int epoch = step / stepsPerEpoch;
    return epoch > epochs - 3 && epoch <= epochs;
  }
}
