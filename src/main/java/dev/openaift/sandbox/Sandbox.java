package dev.openaift.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.openaift.job.ModelIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running sandbox: a local server that speaks the OpenAI REST API for files, fine-tuning jobs
 * (with events and checkpoints), models and chat completions, and simulates training.
 *
 * <pre>{@code
 * try (Sandbox sb = Sandbox.start(SandboxConfig.defaults().withStepDelayMs(5))) {
 *   OpenAIClient client = OpenAIOkHttpClient.builder()
 *       .baseUrl(sb.baseUrl().toString()).apiKey(sb.apiKey()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Uses the JDK's HTTP server (a pool of 16 daemon threads; sets {@code
 * sun.net.httpserver.nodelay} unless already set) and one daemon scheduler thread that advances
 * every active job by one tick each step delay. A sandbox started with {@link #startManual} has no
 * scheduler: jobs move only when the caller {@link #step steps} them, which is what tests want (no
 * waiting, and nothing moves behind their back). With a data directory, the state is loaded at
 * start (jobs that were running continue; their simulated time catches up with the clock) and
 * written on close.
 *
 * <p>Behaviour worth knowing:
 *
 * <ul>
 *   <li>A paused job reports {@code "status": "paused"} like the service; openai-java 4.100.0's
 *       {@code FineTuningJob.Status} has no such constant, so {@code validate()} (and a client
 *       built with {@code responseValidation(true)}) rejects a paused job: read it with {@code
 *       status().asString()}.
 *   <li>{@code GET /v1/files} on an empty list answers {@code first_id} and {@code last_id} as
 *       {@code ""} (the SDK requires strings there).
 *   <li>Unknown routes, and known paths with a method they do not take, answer 404 {@code Invalid
 *       URL (METHOD /v1/...)} like the service.
 *   <li>429 faults carry {@code Retry-After: 1} and {@code retry-after-ms: 200}; the SDK prefers
 *       the latter, so its retries wait 200 ms.
 *   <li>Timestamps come from {@link SandboxConfig#clock()}: a job's tick k happens at its creation
 *       time + k x step delay (pauses and restarts move it forward to the clock), so with a fixed
 *       clock every answer is reproducible from the seed and the sequence of requests.
 *   <li>Cancelled jobs keep {@code finished_at} null; failed and succeeded jobs set it.
 * </ul>
 */
public final class Sandbox implements AutoCloseable {
  static {
    // The JDK server writes headers and body in separate segments; without TCP_NODELAY, Nagle's
    // algorithm and delayed ACKs add ~40 ms to every answer. Read once, when the first server
    // starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SandboxConfig config;
  private final Store store;
  private final FaultInjector faults;
  private final HttpServer server;
  private final ExecutorService httpPool;

  /** Null in manual mode. */
  private final ScheduledExecutorService scheduler;

  private final JobSimulator sim;
  private final URI baseUrl;
  private final AtomicReference<RuntimeException> simulatorFailure = new AtomicReference<>();
  private boolean closed;

  private final AzureFlavour azure;

  private Sandbox(SandboxConfig config, boolean azureFlavour, boolean manual) throws IOException {
    this.config = config;
    this.store = new Store(config);
    this.sim = new JobSimulator(store, azureFlavour);
    synchronized (store.lock) {
      for (SandboxState.JobEntry j : store.state.jobs.values()) {
        if (!j.isTerminal()) {
          sim.catchUp(j);
        }
      }
    }
    this.faults = new FaultInjector(config.faultRate(), config.seed());
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    this.httpPool = Executors.newFixedThreadPool(16, daemon("openai-ft-sandbox-http-"));
    server.setExecutor(httpPool);
    Endpoints endpoints = new Endpoints(store, sim);
    this.azure = azureFlavour ? new AzureFlavour(config, store, endpoints) : null;
    server.createContext("/", new HttpFront(config, faults, endpoints, azure));
    if (manual) {
      this.scheduler = null;
    } else {
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(daemon("openai-ft-sandbox-simulator-"));
      long delay = config.stepDelayMs();
      scheduler.scheduleAtFixedRate(this::tick, delay, delay, TimeUnit.MILLISECONDS);
    }
    server.start();
    int port = server.getAddress().getPort();
    try {
      this.baseUrl =
          new URI("http", null, config.host(), port, azureFlavour ? null : "/v1", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad host " + config.host(), e);
    }
  }

  /**
   * Binds, loads the state (when {@link SandboxConfig#dataDir()} is set), starts serving and
   * simulating, and returns at once.
   *
   * @throws UncheckedIOException when the address cannot be bound or the state cannot be read
   */
  public static Sandbox start(SandboxConfig config) {
    return start(config, false);
  }

  /**
   * {@link #start(SandboxConfig)} serving the Azure OpenAI flavour instead (see {@link
   * AzureFlavour}): {@code api-key} header, {@code /openai/...?api-version=} paths, chat through
   * deployments. Its {@link #baseUrl()} is the resource endpoint {@code http://HOST:PORT} (the SDKs
   * add {@code /openai}).
   */
  public static Sandbox startAzure(SandboxConfig config) {
    return start(config, true, false);
  }

  /**
   * {@link #start(SandboxConfig)} without the scheduler: no job moves until {@link #step()} or
   * {@link #advanceUntil} is called. Simulated time stays as documented (a job's tick k happens at
   * its creation time + k x step delay), so with a clock the caller moves, every timestamp is the
   * caller's choice. For tests; {@code openai-ft sandbox} and {@code demo} use the scheduler.
   */
  public static Sandbox startManual(SandboxConfig config) {
    return start(config, false, true);
  }

  /** {@link #startManual} serving the Azure OpenAI flavour ({@link #startAzure}). */
  public static Sandbox startAzureManual(SandboxConfig config) {
    return start(config, true, true);
  }

  private static Sandbox start(SandboxConfig config, boolean azure) {
    return start(config, azure, false);
  }

  private static Sandbox start(SandboxConfig config, boolean azure, boolean manual) {
    try {
      return new Sandbox(config, azure, manual);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the sandbox on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Whether this sandbox serves the Azure OpenAI flavour. */
  public boolean isAzure() {
    return azure != null;
  }

  /**
   * Azure flavour only: deploys {@code model} (a base model, or a fine-tuned model of this sandbox)
   * under {@code name}, as Azure's control plane would, so chat can reach it through the
   * deployment.
   *
   * @throws IllegalArgumentException for a name Azure would refuse (e.g. with ':') or an unknown
   *     model
   * @throws IllegalStateException on a sandbox of the OpenAI flavour
   */
  public void deploy(String name, String model) {
    if (azure == null) {
      throw new IllegalStateException(
          "deployments exist only in the Azure flavour (Sandbox.startAzure)");
    }
    try {
      azure.deploy(name, model);
    } catch (ApiError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * {@code http://HOST:PORT/v1} (Azure flavour: {@code http://HOST:PORT}): what to give an SDK as
   * its base URL.
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return baseUrl.getPort();
  }

  /** The only accepted API key. */
  public String apiKey() {
    return config.apiKey();
  }

  public SandboxConfig config() {
    return config;
  }

  /**
   * Loses the next {@code count} answers to {@code method path} (as sent: {@code POST}, {@code
   * /v1/fine_tuning/jobs}) after handling them: the request is carried out, then the connection
   * closes with no answer.
   */
  public void loseAnswers(String method, String path, int count) {
    faults.loseAnswers(method, path, count);
  }

  /** How many requests were received and how many got each kind of injected fault. */
  public FaultStats faultStats() {
    return faults.stats();
  }

  /**
   * Makes {@code model} answer chat completions as a replacement model of the given quality: the
   * probability, 0 to 1, of giving the true answer to a question the sandbox knows (see {@link
   * ChatResponder}). Base models answer clearly worse than fine-tuned ones; a replacement of
   * quality 0.5 to 0.8 sits in between. Not persisted; replaces an earlier quality of the same
   * name.
   *
   * @throws IllegalArgumentException for an empty name or a quality outside 0 to 1
   */
  public void addReplacementModel(String model, double quality) {
    if (BaseModels.find(model).isPresent() || ModelIds.isFineTuned(model)) {
      throw new IllegalArgumentException(
          model + " is a base or fine-tuned model name, not one for a replacement model");
    }
    store.chat.addReplacement(model, quality);
  }

  /**
   * How long chat answers really wait, per millisecond of their simulated latency (the {@code
   * openai-processing-ms} header): 0 answers at once, 1 in real time; default 0.01.
   *
   * @throws IllegalArgumentException outside 0 to 10
   */
  public void setChatLatencyScale(double scale) {
    store.chat.latencyScale(scale);
  }

  /**
   * Chat completions answered (status 200) since this sandbox started; faulted requests are not
   * counted.
   */
  public long chatCompletionsAnswered() {
    synchronized (store.lock) {
      return store.chatCompletions;
    }
  }

  /** The first error the simulator thread hit (for example a failed state write), if any. */
  public Optional<RuntimeException> simulatorFailure() {
    return Optional.ofNullable(simulatorFailure.get());
  }

  /** Whether jobs move only when {@link #step()} is called ({@link #startManual}). */
  public boolean isManual() {
    return scheduler == null;
  }

  /**
   * Manual mode: advances every job that is neither finished nor paused by one tick, as the
   * scheduler would after one step delay.
   *
   * @return how many jobs moved (0 when none is active)
   * @throws IllegalStateException when the sandbox advances on its own (not {@link #startManual})
   */
  public int step() {
    requireManual();
    synchronized (store.lock) {
      return sim.tickAll();
    }
  }

  /** {@link #step()} {@code ticks} times; returns how many job ticks happened in all. */
  public int step(int ticks) {
    int moved = 0;
    for (int i = 0; i < ticks; i++) {
      moved += step();
    }
    return moved;
  }

  /**
   * Manual mode: {@link #step() steps} until job {@code jobId} has status {@code status} (at once
   * when it already has it); every other active job moves along with it.
   *
   * @return the number of steps taken
   * @throws IllegalArgumentException for an unknown job
   * @throws IllegalStateException when the job stops moving (paused, or finished with another
   *     status) before reaching {@code status}, or when the sandbox is not manual
   */
  public int advanceUntil(String jobId, String status) {
    requireManual();
    int steps = 0;
    while (true) {
      synchronized (store.lock) {
        SandboxState.JobEntry job = store.state.jobs.get(jobId);
        if (job == null) {
          throw new IllegalArgumentException("no job " + jobId);
        }
        if (job.status.equals(status)) {
          return steps;
        }
        if (!job.isActive()) {
          throw new IllegalStateException(
              "job "
                  + jobId
                  + " is "
                  + job.status
                  + " and will not become "
                  + status
                  + " by stepping");
        }
        sim.tickAll();
      }
      steps++;
    }
  }

  private void requireManual() {
    if (scheduler != null) {
      throw new IllegalStateException(
          "this sandbox advances on its own; start it with Sandbox.startManual to step it");
    }
  }

  private void tick() {
    try {
      synchronized (store.lock) {
        sim.tickAll();
      }
    } catch (RuntimeException e) {
      // keep simulating; the first failure stays visible through simulatorFailure()
      simulatorFailure.compareAndSet(null, e);
    }
  }

  /** Stops serving and simulating and writes the state (with a data directory). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    server.stop(0);
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    httpPool.shutdownNow();
    try {
      if (scheduler != null) {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (store.lock) {
      store.flush();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
