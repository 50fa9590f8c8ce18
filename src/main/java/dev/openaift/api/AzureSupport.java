package dev.openaift.api;

import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlCategory;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.net.URI;
import java.util.List;

/**
 * The few decisions about Azure OpenAI this tool makes itself; everything on the wire (the {@code
 * api-key} header, {@code ?api-version=}, the {@code /openai} prefix, the {@code
 * /openai/deployments/NAME/chat/completions} path) is openai-java's own Azure support.
 *
 * <p>openai-java recognises Azure by the endpoint's host ({@code *.openai.azure.com}, {@code
 * *.services.ai.azure.com}, ...). A connection the user declared Azure ({@code --provider azure})
 * but whose host is not one of those (a proxy, the sandbox on loopback) is given the path mode
 * explicitly, so the SDK treats it the same way.
 */
public final class AzureSupport {
  private static final String V1 = "/openai/v1";

  private AzureSupport() {}

  /**
   * How to try a fine-tuned model on Azure, which answers only through a deployment the user
   * creates (a control-plane step: Azure AI Foundry or the az command below), then by its name: the
   * lines printed where OpenAI's outcome says "Try it" with the model's id. {@code model} is shown
   * as given: the caller escapes it.
   */
  public static List<String> tryItLines(String model) {
    return List.of(
        "Azure answers only through a deployment: deploy it (Azure AI Foundry, or az) under a name"
            + " without ':', then try it by that name:",
        "  az cognitiveservices account deployment create --resource-group GROUP --name RESOURCE"
            + " --deployment-name NAME --model-name "
            + model
            + " --model-version 1 --model-format OpenAI --sku-name standard --sku-capacity 1",
        "  openai-ft chat NAME \"Hello!\" --provider azure");
  }

  static String defaultApiVersion() {
    return AzureOpenAIServiceVersion.latestStableVersion().value();
  }

  /** Whether openai-java would treat {@code url} as an Azure endpoint by its host alone. */
  static boolean isAzureHost(String url) {
    try {
      return AzureUrlCategory.Companion.categorizeBaseUrl(url.strip(), AzureUrlPathMode.AUTO)
          .isAzure();
    } catch (RuntimeException notAUrl) {
      return false;
    }
  }

  /** The endpoint ends in {@code /openai/v1}: the newer path, which needs no api-version. */
  static boolean isV1Path(String endpoint) {
    return endpoint.endsWith(V1);
  }

  /**
   * The resource endpoint the SDK expects: {@code https://RESOURCE.openai.azure.com} (a trailing
   * {@code /openai}, as some portals show it, is dropped: the SDK adds it), or an {@code
   * /openai/v1} endpoint as given.
   */
  static String resourceEndpoint(String checkedUrl) {
    if (checkedUrl.endsWith("/openai")) {
      return checkedUrl.substring(0, checkedUrl.length() - "/openai".length());
    }
    return checkedUrl;
  }

  /**
   * Sets the key as an {@code api-key} header, the api-version and the path mode on {@code
   * builder}.
   */
  static void configure(OpenAIOkHttpClient.Builder builder, Connection c) {
    builder.credential(AzureApiKeyCredential.create(c.apiKey()));
    boolean v1 = isV1Path(c.baseUrl());
    if (c.apiVersion() != null) {
      builder.azureServiceVersion(AzureOpenAIServiceVersion.fromString(c.apiVersion()));
    }
    builder.azureUrlPathMode(v1 ? AzureUrlPathMode.UNIFIED : AzureUrlPathMode.LEGACY);
  }

  /**
   * A client for requests whose body has a {@code model} that is not a deployment (creating a job,
   * deleting a model). openai-java 4.100.0, in its legacy Azure path mode, puts any request's
   * {@code model} into the path ({@code /openai/deployments/MODEL/fine_tuning/jobs}), which Azure
   * answers with 404; only inference is addressed by deployment. This client keeps everything else
   * (key, api-version, retries) but uses the unified path mode on {@code ENDPOINT/openai}, which
   * adds no deployment segment: {@code /openai/fine_tuning/jobs?api-version=...}.
   */
  static OpenAIClient withoutDeploymentPath(OpenAIClient client, Connection c) {
    if (isV1Path(c.baseUrl())) {
      return client;
    }
    return client.withOptions(
        o -> o.baseUrl(c.baseUrl() + "/openai").azureUrlPathMode(AzureUrlPathMode.UNIFIED));
  }

  /** The host of an endpoint, for messages and the archive. */
  static String host(String url) {
    return URI.create(url).getHost();
  }
}
