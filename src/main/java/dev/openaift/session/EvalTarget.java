package dev.openaift.session;

import dev.openaift.api.Endpoint;

/**
 * A model and the endpoint that answers for it.
 *
 * @param model the model's name as the endpoint knows it
 * @param endpoint where it is asked and where its recording comes from
 * @param label how the results name it: the model's name, followed by {@code @HOST} when it answers
 *     elsewhere than the command's endpoint
 */
public record EvalTarget(String model, Endpoint endpoint, String label) {
  /** A model on the command's endpoint. */
  public static EvalTarget of(String model, Endpoint endpoint) {
    return new EvalTarget(model, endpoint, model);
  }

  /**
   * The model's name, with its endpoint unless that is OpenAI's API (older folder names stay as
   * they were).
   */
  String identity() {
    return endpoint.isOpenAiDefault() ? model : model + "@" + endpoint.id();
  }
}
