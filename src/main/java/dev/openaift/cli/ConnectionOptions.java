package dev.openaift.cli;

import dev.openaift.api.Connection;
import dev.openaift.api.Endpoint;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.Sleeper;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that talks to the API. The key is never printed. */
final class ConnectionOptions {
  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "API key (default: $OPENAI_API_KEY).")
  String apiKey;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "API address (default: $OPENAI_BASE_URL, else https://api.openai.com/v1).")
  String baseUrl;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description =
          "openai or azure (default: azure when --base-url is an Azure host, or when"
              + " $AZURE_OPENAI_ENDPOINT is set and $OPENAI_API_KEY is not; else openai). For azure"
              + " the key is $AZURE_OPENAI_API_KEY and the endpoint $AZURE_OPENAI_ENDPOINT.")
  String provider;

  @Option(
      names = "--api-version",
      paramLabel = "VERSION",
      description =
          "Azure OpenAI api-version (default: $OPENAI_API_VERSION, else "
              + Connection.DEFAULT_AZURE_API_VERSION_TEXT
              + ").")
  String apiVersion;

  /**
   * The connection from the options and {@code env} ({@code OPENAI_ORG_ID}, {@code
   * OPENAI_PROJECT_ID}, the Azure variables too); no key at all is an {@link
   * dev.openaift.api.ApiException} of kind MISSING_KEY (exit 2).
   */
  Connection connection(Map<String, String> env) {
    return Connection.fromEnvironment(env, apiKey, baseUrl, provider, apiVersion);
  }

  /** Where {@link #connection} would lead, found without a key (for dry runs and folders). */
  Endpoint endpoint(Map<String, String> env) {
    return Connection.endpointFromEnvironment(env, baseUrl, provider, apiVersion);
  }

  /**
   * A gateway over {@link #connection}, opened by the context's {@link GatewayFactory}; its retries
   * wait with {@code sleeper}.
   */
  LifecycleGateway gateway(CliContext context, Sleeper sleeper) {
    return context.gateways().open(connection(context.env()), sleeper, context.clock());
  }
}
