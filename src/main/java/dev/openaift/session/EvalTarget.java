package dev.openaift.session;

import dev.openaift.api.ApiException;
import dev.openaift.api.Connection;
import dev.openaift.api.Endpoint;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model and the endpoint that answers for it.
 *
 * @param model the model's name as the endpoint knows it
 * @param endpoint where it is asked and where its recording comes from
 * @param label how the results name it: the model's name, followed by {@code @HOST} when it answers
 *     elsewhere than the command's endpoint
 */
public record EvalTarget(String model, Endpoint endpoint, String label) {
  /** A model name followed by {@code @} and an http(s) address. */
  private static final Pattern AT_URL = Pattern.compile("(.*?)@(https?://\\S+)");

  /**
   * {@code NAME} on {@code own}, or {@code NAME@URL} on the OpenAI-compatible server (or the Azure
   * resource) at URL, labelled {@code NAME@HOST} unless that is {@code own}'s service.
   *
   * @param env the environment that tells how URL is reached (an Azure host's settings)
   * @throws IllegalArgumentException when URL is unusable or no name comes before the {@code @}
   */
  public static EvalTarget parse(String given, Endpoint own, Map<String, String> env) {
    Matcher m = AT_URL.matcher(given);
    if (!m.matches()) {
      return of(given, own);
    }
    String model = m.group(1).strip();
    Endpoint at;
    try {
      at = Connection.endpointFromEnvironment(env, m.group(2), null, null);
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (model.isEmpty()) {
      throw new IllegalArgumentException("no model name before the @");
    }
    return at.sameServiceAs(own)
        ? of(model, own)
        : new EvalTarget(model, at, model + "@" + at.host());
  }

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
