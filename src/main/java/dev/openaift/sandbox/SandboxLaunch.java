package dev.openaift.sandbox;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code openai-ft sandbox} says and accepts beyond its options: the API key it takes and the
 * lines that tell clients where it listens.
 */
public final class SandboxLaunch {
  private SandboxLaunch() {}

  /**
   * The key clients must send.
   *
   * @param printed whether it is the built-in default, which the banner shows (no key was given)
   */
  public record Key(String value, boolean printed) {
    /**
     * The key given, else {@code AZURE_OPENAI_API_KEY} (Azure flavour), else {@code OPENAI_API_KEY}
     * from {@code env}, else {@link SandboxConfig#DEFAULT_API_KEY}.
     */
    public static Key choose(String given, boolean azure, Map<String, String> env) {
      String key = given;
      if (blank(key) && azure) {
        key = env.get("AZURE_OPENAI_API_KEY");
      }
      if (blank(key)) {
        key = env.get("OPENAI_API_KEY");
      }
      return blank(key) ? new Key(SandboxConfig.DEFAULT_API_KEY, true) : new Key(key, false);
    }

    private static boolean blank(String key) {
      return key == null || key.isBlank();
    }
  }

  /**
   * Where the sandbox listens, how an Azure client reaches it (with {@code apiVersion} as the
   * example api-version) and, when it is the default, the key; one line each, ended by {@code nl}.
   */
  public static String banner(
      Sandbox sandbox, boolean azure, String apiVersion, Key key, String nl) {
    StringBuilder banner = new StringBuilder("listening on " + sandbox.baseUrl() + nl);
    if (azure) {
      banner.append(
          "azure openai: AZURE_OPENAI_ENDPOINT="
              + sandbox.baseUrl()
              + " (api-key header, api-version required, e.g. "
              + apiVersion
              + ")"
              + nl);
    }
    if (key.printed()) {
      banner.append("api key: " + key.value() + nl);
    }
    return banner.toString();
  }

  /**
   * Serves until {@code stop} is counted down (or the JVM shuts down, or this thread is
   * interrupted), then closes the sandbox; {@code started} runs once it is serving.
   */
  public static void serveUntil(Sandbox sandbox, CountDownLatch stop, Runnable started) {
    Thread hook = new Thread(sandbox::close, "openai-ft-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      started.run();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sandbox.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting: the hook has closed the sandbox
      }
    }
  }
}
