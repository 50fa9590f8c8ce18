package dev.openaift.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which service answered: the part of a {@link Connection} that says where answers come from,
 * without the key. A recording keeps it in its header, and two recordings of one model name from
 * two endpoints (OpenAI and an Azure deployment of that name, or a local OpenAI-compatible server)
 * are two recordings. Derived from a connection by {@link Connection#endpoint()} (or, without a
 * key, {@link Connection#endpointFromEnvironment}); a gateway exposes the one it talks to.
 *
 * <p><b>Identity.</b> Two endpoints are the same service when provider, host, port and path agree
 * ({@link #id()}): the host in lower case, the port left out when it is the scheme's default, no
 * user name or password. The Azure api-version is recorded but is not part of the identity: one
 * deployment answers the same under any version.
 *
 * @param provider OpenAI (also any OpenAI-compatible server) or Azure OpenAI
 * @param baseUrl the address as normalised by {@link Connection} (no trailing slash), without a
 *     user name and password
 * @param apiVersion Azure's api-version; null for OpenAI
 */
public record Endpoint(Provider provider, String baseUrl, String apiVersion) {
  /** OpenAI's own API: also what a recording made before endpoints were recorded is taken for. */
  public static final Endpoint OPENAI =
      new Endpoint(Provider.OPENAI, Connection.DEFAULT_BASE_URL, null);

  public Endpoint {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI uri = parse(baseUrl);
    if (uri.getRawUserInfo() != null) {
      try {
        baseUrl =
            new URI(
                    uri.getScheme(),
                    null,
                    uri.getHost(),
                    uri.getPort(),
                    uri.getRawPath(),
                    null,
                    null)
                .toString();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad endpoint address", e);
      }
    }
    if (provider != Provider.AZURE) {
      apiVersion = null;
    }
  }

  /** The host in lower case, with {@code :PORT} when the address names a port of its own. */
  public String host() {
    URI uri = parse(baseUrl);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port < 0
            || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
            || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }

  /**
   * {@code PROVIDER:HOST[:PORT]PATH}, e.g. {@code openai:api.openai.com/v1}, {@code
   * azure:res.openai.azure.com}, {@code openai:127.0.0.1:8000/v1}: what makes two endpoints one.
   */
  public String id() {
    String path = parse(baseUrl).getRawPath();
    return provider.id() + ":" + host() + (path == null ? "" : path);
  }

  /** Whether this is OpenAI's own API (the endpoint of a recording that names none). */
  public boolean isOpenAiDefault() {
    return id().equals(OPENAI.id());
  }

  /** Whether answers from {@code other} come from the same service. */
  public boolean sameServiceAs(Endpoint other) {
    return other != null && id().equals(other.id());
  }

  /** On Azure the model asked is a deployment's name; elsewhere null. */
  public String deployment(String model) {
    return provider == Provider.AZURE ? model : null;
  }

  /**
   * For messages: {@code https://api.openai.com/v1} or {@code azure https://res... (2024-10-21)}.
   */
  public String shown() {
    return provider == Provider.AZURE
        ? "Azure OpenAI "
            + baseUrl
            + (apiVersion == null ? "" : " (api-version " + apiVersion + ")")
        : baseUrl;
  }

  private static URI parse(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("not an address with a host: '" + url + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an address: '" + url + "'", e);
    }
  }
}
