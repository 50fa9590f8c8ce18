package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.fail;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import dev.openaift.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/** A started sandbox plus an SDK client (no retries) and a raw HTTP client, for tests. */
final class SandboxFixture implements AutoCloseable {
  final Sandbox sandbox;

  /** Validates every response strictly ({@code responseValidation(true)}), no retries. */
  final OpenAIClient client;

  /**
   * No response validation (a paused job has a status the SDK's enum does not know), no retries.
   */
  final OpenAIClient lenient;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dir;

  SandboxFixture(SandboxConfig config, Path dir) {
    this(Sandbox.start(config), dir);
  }

  /**
   * A fixture over a sandbox in manual mode ({@link Sandbox#startManual}): jobs move when the test
   * steps them.
   */
  static SandboxFixture manual(SandboxConfig config, Path dir) {
    return new SandboxFixture(Sandbox.startManual(config), dir);
  }

  private SandboxFixture(Sandbox sandbox, Path dir) {
    this.sandbox = sandbox;
    this.client = client(sandbox, 0);
    this.lenient =
        OpenAIOkHttpClient.builder()
            .baseUrl(sandbox.baseUrl().toString())
            .apiKey(sandbox.apiKey())
            .maxRetries(0)
            .build();
    this.dir = dir;
  }

  static OpenAIClient client(Sandbox sandbox, int maxRetries) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(sandbox.baseUrl().toString())
        .apiKey(sandbox.apiKey())
        .maxRetries(maxRetries)
        .responseValidation(true)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  static String resource(String name) {
    try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} valid chat examples: "question k" answered by "answer k ...". */
  static String examples(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                  + "{\"role\":\"user\",\"content\":\"What is the colour of planet number %d?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"Planet %d is painted shade %d.\"}]}%n",
              i,
              i,
              i * 7));
    }
    return sb.toString();
  }

  /** {@code method: {type: supervised, supervised: {hyperparameters: {n_epochs: epochs}}}}. */
  static JobCreateParams.Method supervised(long epochs) {
    return JobCreateParams.Method.builder()
        .type(JobCreateParams.Method.Type.SUPERVISED)
        .supervised(
            SupervisedMethod.builder()
                .hyperparameters(SupervisedHyperparameters.builder().nEpochs(epochs).build())
                .build())
        .build();
  }

  FileObject upload(String filename, String content) {
    try {
      Path f = dir.resolve(filename);
      Files.writeString(f, content, StandardCharsets.UTF_8);
      FileObject o =
          client
              .files()
              .create(FileCreateParams.builder().file(f).purpose(FilePurpose.FINE_TUNE).build());
      return o.validate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Until {@code done} holds: on a manual sandbox steps it one tick at a time (failing when no job
   * moves any more), else polls the job (20 s at most). Paused jobs are not validated (see Sandbox
   * docs).
   */
  FineTuningJob await(String jobId, Predicate<FineTuningJob> done) {
    if (sandbox.isManual()) {
      while (true) {
        FineTuningJob j = lenient.fineTuning().jobs().retrieve(jobId);
        if (done.test(j)) {
          return j;
        }
        if (sandbox.step() == 0) {
          fail("job " + jobId + " stopped moving at " + j.status().asString());
        }
      }
    }
    return Await.until(
        "job " + jobId + " to reach the expected state",
        Duration.ofSeconds(20),
        () -> lenient.fineTuning().jobs().retrieve(jobId),
        done);
  }

  static boolean terminal(FineTuningJob j) {
    String s = j.status().asString();
    return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
  }

  record Raw(int status, String body, java.net.http.HttpHeaders headers) {}

  /** A raw request; {@code key} null sends no Authorization header. */
  Raw raw(String method, String path, String key, String jsonBody) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Raw(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    lenient.close();
    sandbox.close();
  }
}
