package dev.openaift.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach the API. {@link #toString()} masks the key, so a connection can be logged.
 *
 * @param apiKey the secret key; never printed
 * @param baseUrl e.g. {@code https://api.openai.com/v1} (no trailing slash)
 * @param organization {@code OpenAI-Organization} header value, or null
 * @param project {@code OpenAI-Project} header value, or null
 * @param maxRetries how many times a request is retried on 408/409/429/5xx and connection errors
 * @param timeout the time limit of one request (connect, send, read)
 * @param provider OpenAI or Azure OpenAI; for Azure, {@code baseUrl} is the resource endpoint
 *     ({@code https://RESOURCE.openai.azure.com}, without {@code /openai}) or an endpoint ending in
 *     {@code /openai/v1} (the newer path, which takes no api-version)
 * @param apiVersion Azure's {@code api-version} query parameter ({@code 2024-10-21}); null for
 *     OpenAI and for an {@code /openai/v1} endpoint given none
 */
public record Connection(
    String apiKey,
    String baseUrl,
    String organization,
    String project,
    int maxRetries,
    Duration timeout,
    Provider provider,
    String apiVersion) {

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final int DEFAULT_MAX_RETRIES = 4;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The api-version sent to Azure when none is configured: the SDK's latest stable (GA) version.
   */
  public static final String DEFAULT_AZURE_API_VERSION = AzureSupport.defaultApiVersion();

  /**
   * The same, as a constant expression for option descriptions (checked against the SDK by a test).
   */
  public static final String DEFAULT_AZURE_API_VERSION_TEXT = "2024-10-21";

  private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  public Connection {
    provider = Objects.requireNonNullElse(provider, Provider.OPENAI);
    boolean azure = provider == Provider.AZURE;
    String keyWhere = azure ? "AZURE_OPENAI_API_KEY or --api-key" : "OPENAI_API_KEY or --api-key";
    if (apiKey == null || apiKey.isBlank()) {
      throw new ApiException(
          ApiException.Kind.MISSING_KEY,
          (azure ? "no Azure OpenAI key: set " : "no API key: set ")
              + keyWhere.replace(" or ", " or pass "));
    }
    apiKey = apiKey.strip();
    requireHeaderSafe(apiKey, "the API key", keyWhere, false);
    Address address = address(provider, baseUrl, apiVersion);
    baseUrl = address.baseUrl();
    apiVersion = address.apiVersion();
    organization = blankToNull(organization);
    project = blankToNull(project);
    requireHeaderSafe(organization, "the organization id", "OPENAI_ORG_ID", true);
    requireHeaderSafe(project, "the project id", "OPENAI_PROJECT_ID", true);
    if (maxRetries < 0) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG, "max retries must be 0 or more, not " + maxRetries);
    }
    timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG, "the request timeout must be positive");
    }
  }

  /** An OpenAI connection (the form every caller used before Azure). */
  public Connection(
      String apiKey,
      String baseUrl,
      String organization,
      String project,
      int maxRetries,
      Duration timeout) {
    this(apiKey, baseUrl, organization, project, maxRetries, timeout, Provider.OPENAI, null);
  }

  /** A connection with the default retries and timeout. */
  public static Connection of(String apiKey, String baseUrl) {
    return new Connection(apiKey, baseUrl, null, null, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT);
  }

  /**
   * An Azure OpenAI connection with the default retries and timeout.
   *
   * @param endpoint {@code https://RESOURCE.openai.azure.com} (a trailing {@code /openai} is
   *     dropped)
   * @param apiVersion null for {@link #DEFAULT_AZURE_API_VERSION}
   */
  public static Connection azure(String apiKey, String endpoint, String apiVersion) {
    return new Connection(
        apiKey,
        endpoint,
        null,
        null,
        DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT,
        Provider.AZURE,
        apiVersion);
  }

  public boolean isAzure() {
    return provider == Provider.AZURE;
  }

  /**
   * The host name of the endpoint (no port, user or path): what the archive records as the job's
   * source.
   */
  public String host() {
    return URI.create(baseUrl).getHost();
  }

  /**
   * Reads {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID} and {@code
   * OPENAI_PROJECT_ID}; the options, when given (non-blank), win over the environment.
   *
   * @throws ApiException kind {@link ApiException.Kind#MISSING_KEY} when there is no key at all
   */
  public static Connection fromEnvironment(
      Map<String, String> env, String apiKeyOption, String baseUrlOption) {
    return fromEnvironment(env, apiKeyOption, baseUrlOption, null, null);
  }

  /**
   * Like {@link #fromEnvironment(Map, String, String)}, choosing the provider too.
   *
   * <p>The provider is {@code providerOption} when given; else Azure when {@code --base-url} names
   * an Azure host, or when {@code AZURE_OPENAI_ENDPOINT} is set and {@code OPENAI_API_KEY} is not
   * (both set is ambiguous: an error asks for {@code --provider}); else OpenAI. For Azure the key
   * is {@code --api-key}, else {@code AZURE_OPENAI_API_KEY} (or the SDK's {@code
   * AZURE_OPENAI_KEY}); the endpoint {@code --base-url}, else {@code AZURE_OPENAI_ENDPOINT}; the
   * api-version {@code apiVersionOption}, else {@code OPENAI_API_VERSION}, else {@link
   * #DEFAULT_AZURE_API_VERSION}.
   */
  public static Connection fromEnvironment(
      Map<String, String> env,
      String apiKeyOption,
      String baseUrlOption,
      String providerOption,
      String apiVersionOption) {
    Settings s = settings(env, apiKeyOption, baseUrlOption, providerOption, apiVersionOption);
    return new Connection(
        s.key,
        s.baseUrl,
        s.organization,
        s.project,
        DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT,
        s.provider,
        s.apiVersion);
  }

  /**
   * The endpoint {@link #fromEnvironment(Map, String, String, String, String)} would connect to,
   * chosen the same way but without needing a key (a dry run names where answers would come from).
   *
   * @throws ApiException kind {@link ApiException.Kind#INVALID_CONFIG} for a bad address or choice
   */
  public static Endpoint endpointFromEnvironment(
      Map<String, String> env,
      String baseUrlOption,
      String providerOption,
      String apiVersionOption) {
    Settings s = settings(env, null, baseUrlOption, providerOption, apiVersionOption);
    Address a = address(s.provider, s.baseUrl, s.apiVersion);
    return new Endpoint(s.provider, a.baseUrl(), a.apiVersion());
  }

  /** Where answers come from through this connection (never the key). */
  public Endpoint endpoint() {
    return new Endpoint(provider, baseUrl, apiVersion);
  }

  /** The options and the environment, resolved; not checked yet. */
  private record Settings(
      Provider provider,
      String key,
      String baseUrl,
      String apiVersion,
      String organization,
      String project) {}

  private static Settings settings(
      Map<String, String> env,
      String apiKeyOption,
      String baseUrlOption,
      String providerOption,
      String apiVersionOption) {
    Provider provider = chooseProvider(env, baseUrlOption, providerOption);
    if (provider == Provider.AZURE) {
      String key =
          firstNonBlank(
              apiKeyOption,
              firstNonBlank(env.get("AZURE_OPENAI_API_KEY"), env.get("AZURE_OPENAI_KEY")));
      String endpoint = firstNonBlank(baseUrlOption, env.get("AZURE_OPENAI_ENDPOINT"));
      String version = firstNonBlank(apiVersionOption, env.get("OPENAI_API_VERSION"));
      return new Settings(Provider.AZURE, key, endpoint, version, null, null);
    }
    if (apiVersionOption != null && !apiVersionOption.isBlank()) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG,
          "--api-version is for Azure OpenAI only: add --provider azure (or set"
              + " AZURE_OPENAI_ENDPOINT)");
    }
    return new Settings(
        Provider.OPENAI,
        firstNonBlank(apiKeyOption, env.get("OPENAI_API_KEY")),
        firstNonBlank(baseUrlOption, env.get("OPENAI_BASE_URL")),
        null,
        env.get("OPENAI_ORG_ID"),
        env.get("OPENAI_PROJECT_ID"));
  }

  /** The provider a connection would use, without needing a key (a dry run). */
  public static Provider chooseProvider(
      Map<String, String> env, String baseUrlOption, String providerOption) {
    if (providerOption != null && !providerOption.isBlank()) {
      return Provider.parse(providerOption);
    }
    if (baseUrlOption != null && !baseUrlOption.isBlank()) {
      return AzureSupport.isAzureHost(baseUrlOption) ? Provider.AZURE : Provider.OPENAI;
    }
    boolean azureEnv = blankToNull(env.get("AZURE_OPENAI_ENDPOINT")) != null;
    if (!azureEnv) {
      return Provider.OPENAI;
    }
    if (blankToNull(env.get("OPENAI_API_KEY")) != null) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG,
          "both OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are set: choose with --provider openai or"
              + " --provider azure");
    }
    return Provider.AZURE;
  }

  public Connection withMaxRetries(int retries) {
    return new Connection(
        apiKey, baseUrl, organization, project, retries, timeout, provider, apiVersion);
  }

  public Connection withTimeout(Duration requestTimeout) {
    return new Connection(
        apiKey, baseUrl, organization, project, maxRetries, requestTimeout, provider, apiVersion);
  }

  /** The key as it may be shown: its length only. */
  public String maskedKey() {
    return "***(" + apiKey.length() + " chars)";
  }

  /**
   * The base URL as it may be shown in messages: without a user name and password ({@code
   * https://user:secret@host/v1} gives {@code https://host/v1}).
   */
  public String shownBaseUrl() {
    try {
      URI uri = new URI(baseUrl);
      if (uri.getRawUserInfo() == null) {
        return baseUrl;
      }
      return new URI(
              uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return "the base URL";
    }
  }

  @Override
  public String toString() {
    return "Connection[apiKey="
        + maskedKey()
        + ", baseUrl="
        + shownBaseUrl()
        + ", organization="
        + organization
        + ", project="
        + project
        + ", maxRetries="
        + maxRetries
        + ", timeout="
        + timeout
        + ", provider="
        + provider.id()
        + (apiVersion == null ? "" : ", apiVersion=" + apiVersion)
        + "]";
  }

  /** The base URL and api-version as a connection keeps them. */
  private record Address(String baseUrl, String apiVersion) {}

  /**
   * Checks and normalises the address: the one place that decides what the base URL and the
   * api-version of a connection, and so of its {@link Endpoint}, are.
   */
  private static Address address(Provider provider, String baseUrl, String apiVersion) {
    boolean azure = provider == Provider.AZURE;
    if (azure && (baseUrl == null || baseUrl.isBlank())) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG,
          "no Azure OpenAI endpoint: set AZURE_OPENAI_ENDPOINT (https://RESOURCE.openai.azure.com)"
              + " or pass --base-url");
    }
    baseUrl =
        checkedBaseUrl(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip());
    if (azure) {
      baseUrl = AzureSupport.resourceEndpoint(baseUrl);
      apiVersion = blankToNull(apiVersion);
      if (apiVersion == null && !AzureSupport.isV1Path(baseUrl)) {
        apiVersion = DEFAULT_AZURE_API_VERSION;
      }
      if (apiVersion != null && !API_VERSION.matcher(apiVersion).matches()) {
        throw new ApiException(
            ApiException.Kind.INVALID_CONFIG,
            "bad api-version '"
                + apiVersion
                + "': expected a date such as "
                + DEFAULT_AZURE_API_VERSION
                + " or 2025-03-01-preview (--api-version"
                + " or OPENAI_API_VERSION)");
      }
    } else {
      apiVersion = null;
    }
    return new Address(baseUrl, apiVersion);
  }

  private static String checkedBaseUrl(String url) {
    String trimmed = url;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new URISyntaxException(trimmed, "not an http(s) address with a host");
      }
    } catch (URISyntaxException e) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG,
          "bad base URL '" + url + "': expected e.g. " + DEFAULT_BASE_URL);
    }
    return trimmed;
  }

  /**
   * Header values must be visible ASCII: a line break (a key pasted across lines) or a space inside
   * would make the HTTP client fail with an internal error. The message does not show the value.
   */
  private static void requireHeaderSafe(String value, String what, String where, boolean show) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        String kind =
            c == '\n' || c == '\r'
                ? "a line break"
                : c == ' ' || c == '\t'
                    ? "white space"
                    : c < 0x21 || c == 0x7f ? "a control character" : "a non-ASCII character";
        throw new ApiException(
            ApiException.Kind.INVALID_CONFIG,
            what
                + (show ? " '" + value.substring(0, i) + "...'" : "")
                + " holds "
                + kind
                + " at character "
                + (i + 1)
                + ": check "
                + where);
      }
    }
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : blankToNull(b);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
