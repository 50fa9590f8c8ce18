package dev.openaift.record;

import dev.openaift.api.Endpoint;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code header.json} of a recording: what was recorded, from which data, with which parameters.
 * Every answer of the recording was asked with these parameters; a run with other parameters is
 * refused rather than mixed in. JSON keys (sorted): {@code created_at}, {@code data_file}, {@code
 * data_sha256}, {@code endpoint} ({@code api_version}, {@code base_url}, {@code deployment}, {@code
 * host}, {@code provider}; never a key), {@code examples}, {@code format} ({@value #FORMAT}),
 * {@code max_completion_tokens}, {@code model}, {@code seed}, {@code temperature}, {@code version}
 * ({@value #VERSION}).
 *
 * <p>Version 1 headers (written before the endpoint was recorded) have no {@code endpoint}: they
 * are read as recorded from OpenAI's API ({@link Endpoint#OPENAI}), which is where {@code record}
 * asked unless given another {@code --base-url}, and they sit in the folder of that endpoint.
 *
 * @param model the model asked, exactly as given (also a checkpoint or base model)
 * @param dataSha256 hex SHA-256 of the data file's bytes
 * @param dataFile the data file's name when the recording began (informative only)
 * @param examples how many examples the data file holds
 * @param temperature the temperature sent, or null for the API's default
 * @param seed the seed sent, or null
 * @param maxTokens {@code max_completion_tokens} sent, or null
 * @param createdAt when the recording began
 * @param endpoint where the answers came from
 */
public record RecordingHeader(
    String model,
    String dataSha256,
    String dataFile,
    int examples,
    Double temperature,
    Long seed,
    Integer maxTokens,
    Instant createdAt,
    Endpoint endpoint) {
  /** The {@code format} value of every header. */
  public static final String FORMAT = "openai-ft.recording";

  /** The version of the layout described here. */
  public static final int VERSION = 2;

  /** The version before the endpoint was recorded; still read. */
  public static final int VERSION_WITHOUT_ENDPOINT = 1;

  public RecordingHeader {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dataSha256, "dataSha256");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /**
   * Whether answers recorded under {@code other} were asked the same way (same model on the same
   * endpoint, same data and parameters) as under this header.
   */
  public boolean sameRequestsAs(RecordingHeader other) {
    return model.equals(other.model)
        && endpoint.sameServiceAs(other.endpoint)
        && dataSha256.equals(other.dataSha256)
        && sampling().sameAs(other.sampling());
  }

  /** How the answers of this recording were sampled. */
  public Sampling sampling() {
    return new Sampling(temperature, seed, maxTokens);
  }
}
