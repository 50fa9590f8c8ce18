package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  private static final String KEY = "sk-proj-ABCDEFGHIJKLMNOP";

  @Test
  void readsTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "OPENAI_API_KEY",
            KEY,
            "OPENAI_BASE_URL",
            "http://127.0.0.1:8080/v1/",
            "OPENAI_ORG_ID",
            "org-1",
            "OPENAI_PROJECT_ID",
            "proj-2");
    Connection c = Connection.fromEnvironment(env, null, null);
    assertEquals(KEY, c.apiKey());
    assertEquals("http://127.0.0.1:8080/v1", c.baseUrl());
    assertEquals("org-1", c.organization());
    assertEquals("proj-2", c.project());
    assertEquals(Connection.DEFAULT_MAX_RETRIES, c.maxRetries());
  }

  @Test
  void optionsWinOverTheEnvironment() {
    Map<String, String> env =
        Map.of("OPENAI_API_KEY", "sk-env-key-123", "OPENAI_BASE_URL", "http://env.example/v1");
    Connection c = Connection.fromEnvironment(env, KEY, "https://other.example/v1");
    assertEquals(KEY, c.apiKey());
    assertEquals("https://other.example/v1", c.baseUrl());
    assertNull(c.organization());
  }

  @Test
  void defaultsToTheOpenAiBaseUrl() {
    Connection c =
        Connection.fromEnvironment(
            Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", " "), null, null);
    assertEquals("https://api.openai.com/v1", c.baseUrl());
  }

  @Test
  void missingKeyIsOneClearLine() {
    ApiException e =
        assertThrows(ApiException.class, () -> Connection.fromEnvironment(Map.of(), null, null));
    assertEquals(ApiException.Kind.MISSING_KEY, e.kind());
    assertEquals("no API key: set OPENAI_API_KEY or pass --api-key", e.getMessage());
    ApiException blank =
        assertThrows(
            ApiException.class,
            () -> Connection.fromEnvironment(Map.of("OPENAI_API_KEY", "  "), "", null));
    assertEquals(ApiException.Kind.MISSING_KEY, blank.kind());
  }

  @Test
  void badBaseUrlIsInvalidConfig() {
    ApiException e = assertThrows(ApiException.class, () -> Connection.of(KEY, "ftp://x/v1"));
    assertEquals(ApiException.Kind.INVALID_CONFIG, e.kind());
    assertEquals(
        "bad base URL 'ftp://x/v1': expected e.g. https://api.openai.com/v1", e.getMessage());
    assertThrows(ApiException.class, () -> Connection.of(KEY, "not a url"));
  }

  @Test
  void toStringMasksTheKey() {
    Connection c = Connection.of(KEY, null).withMaxRetries(1);
    assertFalse(c.toString().contains(KEY), c.toString());
    assertFalse(c.toString().contains("ABCDEF"), c.toString());
    assertTrue(c.toString().contains("apiKey=***(24 chars)"), c.toString());
    assertEquals(1, c.maxRetries());
  }

  @Test
  void aKeyWithALineBreakInsideIsInvalidConfigAndNotShown() {
    // e.g. a key pasted across two lines; the HTTP client would fail with an internal error
    for (String bad :
        new String[] {
          "sk-proj-ABC\nDEF", "sk-proj-ABC\rDEF", "sk-proj-ABC DEF", "sk-proj-ABC\u00e9"
        }) {
      ApiException e = assertThrows(ApiException.class, () -> Connection.of(bad, null), bad);
      assertEquals(ApiException.Kind.INVALID_CONFIG, e.kind());
      assertFalse(e.getMessage().contains("ABC"), e.getMessage());
      assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
    }
    ApiException org =
        assertThrows(
            ApiException.class, () -> new Connection(KEY, null, "org-1\nx", null, 1, null));
    assertEquals(ApiException.Kind.INVALID_CONFIG, org.kind());
    assertEquals(
        KEY,
        Connection.of("  " + KEY + "\r\n", null).apiKey(),
        "surrounding white space is dropped");
  }

  @Test
  void aPasswordInTheBaseUrlIsNeverShown() {
    Connection c = Connection.of(KEY, "http://bob:PASSWD@127.0.0.1:1/v1");
    assertEquals("http://bob:PASSWD@127.0.0.1:1/v1", c.baseUrl(), "still used to connect");
    assertEquals("http://127.0.0.1:1/v1", c.shownBaseUrl());
    assertFalse(c.toString().contains("PASSWD"), c.toString());
    assertEquals("https://api.openai.com/v1", Connection.of(KEY, null).shownBaseUrl());
  }

  @Test
  void theEndpointIsDerivedWithoutTheKeyAndWithoutOne() {
    Connection azure =
        Connection.fromEnvironment(
            Map.of(
                "AZURE_OPENAI_ENDPOINT",
                "https://Res.openai.azure.com/openai",
                "AZURE_OPENAI_API_KEY",
                "k-123"),
            null,
            null,
            null,
            null);
    Endpoint e = azure.endpoint();
    assertEquals(Provider.AZURE, e.provider());
    assertEquals("res.openai.azure.com", e.host());
    assertEquals("azure:res.openai.azure.com", e.id());
    assertEquals(Connection.DEFAULT_AZURE_API_VERSION, e.apiVersion());
    assertEquals("dep", e.deployment("dep"));
    assertFalse(e.toString().contains("k-123"));
    // the same, found without any key (a dry run)
    assertEquals(
        e,
        Connection.endpointFromEnvironment(
            Map.of("AZURE_OPENAI_ENDPOINT", "https://Res.openai.azure.com/openai"),
            null,
            null,
            null));
    Endpoint local =
        Connection.endpointFromEnvironment(
            Map.of(), "http://user:secret@127.0.0.1:8000/v1/", null, null);
    assertEquals("http://127.0.0.1:8000/v1", local.baseUrl(), "no user name or password");
    assertEquals("127.0.0.1:8000", local.host());
    assertEquals("openai:127.0.0.1:8000/v1", local.id());
    assertNull(local.deployment("m"));
    assertTrue(Connection.endpointFromEnvironment(Map.of(), null, null, null).isOpenAiDefault());
    assertTrue(Connection.of("k", null).endpoint().sameServiceAs(Endpoint.OPENAI));
    assertFalse(local.sameServiceAs(Endpoint.OPENAI));
    ApiException bad =
        assertThrows(
            ApiException.class,
            () -> Connection.endpointFromEnvironment(Map.of(), "ftp://x", null, null));
    assertEquals(ApiException.Kind.INVALID_CONFIG, bad.kind());
  }
}
