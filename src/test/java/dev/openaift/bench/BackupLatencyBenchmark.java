package dev.openaift.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.Backup;
import dev.openaift.archive.BackupManifest;
import dev.openaift.follow.FollowOptions;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code backup} through an API far away: N jobs (default 100) of about 1,000 events each on the
 * sandbox, reached through a loopback proxy that holds every request 100 ms before passing it on
 * (as a distant API's round trip would), backed up once one job at a time ({@code --concurrency 1})
 * and once with C jobs in flight (default {@link Backup.Options#DEFAULT_CONCURRENCY}), each into
 * its own archive. Prints each run's wall time and the requests the proxy passed, checks both
 * archives verify and hold the same records (same paths, same sha256), and says whether the
 * concurrent run took at most a quarter of the sequential time with no more requests.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx2g -cp target/test-classes:target/openai-ft.jar
 * dev.openaift.bench.BackupLatencyBenchmark [jobs] [concurrency] [latency-ms]}.
 */
public final class BackupLatencyBenchmark {
  private static final String KEY = "sk-backup-latency-bench";
  private static final int EXAMPLES = 330;
  private static final int EPOCHS = 3;

  /** Headers the JDK's client sets itself, and hop-by-hop ones a proxy does not pass on. */
  private static final Set<String> NOT_PASSED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive");

  private BackupLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    long latencyMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
    Path work = Files.createTempDirectory("openai-ft-backup-latency");
    SandboxConfig config =
        SandboxConfig.defaults()
            .withApiKey(KEY)
            .withStepDelayMs(1)
            .withSeed(1)
            .withClock(TestClocks.today());
    try (Sandbox sandbox = Sandbox.start(config);
        OpenAiGateway direct =
            new OpenAiGateway(Connection.of(KEY, sandbox.baseUrl().toString()))) {
      makeAccount(direct, jobs);
      try (Proxy proxy = new Proxy(sandbox.baseUrl(), latencyMs)) {
        System.out.printf(
            "proxy: %d ms added to every request; %d jobs of about 1,000 events each%n",
            latencyMs, jobs);
        Run one = backup(proxy, work.resolve("sequential"), 1);
        Run many = backup(proxy, work.resolve("concurrent"), concurrency);
        System.out.printf(Locale.ROOT, "sequential (--concurrency 1): %s%n", one);
        System.out.printf(Locale.ROOT, "concurrent (--concurrency %d): %s%n", concurrency, many);
        boolean same = records(one.root()).equals(records(many.root()));
        System.out.printf(
            Locale.ROOT,
            "same records in both archives: %s; time %.2f of sequential (target <= 0.25),"
                + " requests %d vs %d (target: no more)%n",
            same,
            many.seconds() / one.seconds(),
            many.requests(),
            one.requests());
      }
    }
  }

  record Run(Path root, double seconds, long requests, boolean verified, int failed) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.1f s wall, %,d requests, %d failed, verify %s",
          seconds,
          requests,
          failed,
          verified ? "ok" : "FAILED");
    }
  }

  private static Run backup(Proxy proxy, Path root, int concurrency) {
    try (LifecycleGateway g =
        new OpenAiGateway(
            Connection.of(KEY, proxy.url()).withMaxRetries(2).withTimeout(Duration.ofSeconds(60)),
            Sleeper.system(),
            Clock.systemUTC(),
            KEY)) {
      Backup b =
          new Backup(
              g,
              new Archive(root),
              ArchiveSettings.defaults(ZoneOffset.UTC),
              Clock.systemUTC(),
              Sleeper.system(),
              FollowOptions.defaults(),
              new Backup.Listener() {});
      long before = proxy.requests.get();
      long start = System.nanoTime();
      Backup.Summary s =
          b.run(
              new Backup.Options(List.of(), null, null, concurrency),
              (id, work) -> {
                work.run();
                return true;
              });
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Run(
          root,
          seconds,
          proxy.requests.get() - before,
          BackupManifest.verify(root).ok(),
          s.failed());
    }
  }

  /** Path -> sha256 of every record of the archive's manifest. */
  private static Map<String, String> records(Path root) {
    Map<String, String> out = new TreeMap<>();
    BackupManifest.read(root).records().forEach((p, e) -> out.put(p, e.sha256()));
    out.remove("models.json"); // holds its fetch time
    out.keySet().removeIf(p -> p.endsWith("/file.json")); // holds its fetch time
    return out;
  }

  private static void makeAccount(OpenAiGateway g, int jobs) throws InterruptedException {
    long t0 = System.nanoTime();
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= EXAMPLES; i++) {
      data.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Question %d?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"Answer %d.\"}]}%n",
              i,
              i));
    }
    FileInfo file = g.uploadFile("bench.jsonl", data.toString().getBytes(StandardCharsets.UTF_8));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      ids.add(
          g.createJob(
                  new JobRequest(
                      "gpt-4o-mini-2024-07-18",
                      file.id(),
                      null,
                      "l" + i,
                      (long) i,
                      Map.of("n_epochs", EPOCHS, "batch_size", 1)))
              .id());
    }
    for (String id : ids) {
      while (!g.getJob(id).isTerminal()) {
        Thread.sleep(50); // a benchmark waiting for the account to be made, not a test
      }
    }
    System.out.printf(Locale.ROOT, "account made in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /**
   * A loopback HTTP proxy that holds each request {@code latencyMs} before passing it to the
   * sandbox, for any number of requests at once, and counts them.
   */
  static final class Proxy implements AutoCloseable {
    final AtomicLong requests = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final long latencyMs;

    Proxy(URI target, long latencyMs) throws IOException {
      this.target = target;
      this.latencyMs = latencyMs;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      server.createContext("/", this::handle);
      server.setExecutor(pool);
      server.start();
    }

    String url() {
      String path = target.getPath() == null ? "" : target.getPath();
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
      requests.incrementAndGet();
      try (ex) {
        Thread.sleep(latencyMs);
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
          body = in.readAllBytes();
        }
        URI uri =
            URI.create(
                "http://"
                    + target.getHost()
                    + ":"
                    + target.getPort()
                    + ex.getRequestURI().toString());
        HttpRequest.Builder rb =
            HttpRequest.newBuilder(uri)
                .method(
                    ex.getRequestMethod(),
                    body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders()
            .forEach(
                (name, values) -> {
                  if (!NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> rb.header(name, v));
                  }
                });
        HttpResponse<byte[]> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        r.headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))
                      && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                  }
                });
        byte[] out = r.body();
        ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
