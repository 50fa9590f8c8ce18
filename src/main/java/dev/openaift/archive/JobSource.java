package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.Provider;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import dev.openaift.report.ReportView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an archived job came from, kept beside it as {@code <archive>/<job-id>/source.json} so that
 * the archive index (and {@code compare}) can set an OpenAI job and its Azure rerun, or a Trainer
 * run, side by side. Never holds a key.
 *
 * <pre>
 * {"api_version": "2024-10-21", "endpoint_host": "myres.openai.azure.com", "provider": "azure"}
 * </pre>
 *
 * @param provider {@code openai}, {@code azure} or {@code huggingface-trainer}
 * @param endpointHost the API host ({@code api.openai.com}, {@code RESOURCE.openai.azure.com});
 *     null for a Trainer run
 * @param apiVersion Azure's api-version; null otherwise
 * @param runPath a Trainer run: the folder or {@code trainer_state.json} it was read from; null
 *     otherwise
 * @param origin a run reported from local files (a Trainer run, loose {@code --results}): the
 *     absolute path that identifies it, so that reporting it again updates its own folder and a
 *     different run of the same name gets another ({@link Archive#runFolder}); null for API jobs
 */
public record JobSource(
    String provider, String endpointHost, String apiVersion, String runPath, String origin) {
  /** The file name in a job folder. */
  public static final String FILE = "source.json";

  public static final String TRAINER = "huggingface-trainer";

  /** A report made from loose local files ({@code report --results ...}). */
  public static final String FILES = "files";

  /** An API job's source (no origin). */
  public JobSource(String provider, String endpointHost, String apiVersion, String runPath) {
    this(provider, endpointHost, apiVersion, runPath, null);
  }

  /** Where a gateway's jobs come from, or null when it does not say. */
  public static JobSource of(dev.openaift.api.Connection connection) {
    return connection == null
        ? null
        : new JobSource(
            connection.provider().id(), connection.host(), connection.apiVersion(), null);
  }

  /**
   * Whether jobs of {@code provider} are OpenAI's: {@code openai}, or none said (an archive written
   * before sources named their provider). The one test of it: OpenAI's models list, prices and
   * dates apply to these jobs only.
   */
  public static boolean openAi(String provider) {
    return provider == null || provider.equals(Provider.OPENAI.id());
  }

  /** {@link #openAi(String)} of a source's provider; a null source is not said either. */
  public static boolean openAi(JobSource source) {
    return source == null || openAi(source.provider());
  }

  /**
   * Whether a job of this source and one of {@code other} can be the same job: same provider and
   * host.
   */
  public boolean sameEndpoint(JobSource other) {
    return provider.equals(other.provider)
        && java.util.Objects.equals(endpointHost, other.endpointHost);
  }

  /** For people: {@code openai (api.openai.com)}, {@code huggingface-trainer}. */
  public String describe() {
    return endpointHost == null ? provider : provider + " (" + endpointHost + ")";
  }

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * {@code source.json} of {@code folder}, or null when it is missing or unreadable (older
   * archives).
   */
  public static JobSource read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.path("provider").isTextual()) {
        return null;
      }
      return new JobSource(
          n.path("provider").asText(),
          Json.text(n, "endpoint_host"),
          Json.text(n, "api_version"),
          Json.text(n, "run_path"),
          Json.text(n, "origin"));
    } catch (IOException unreadable) {
      return null;
    }
  }

  /**
   * Writes {@code source.json} into {@code folder} atomically (sorted keys, absent values left
   * out).
   */
  public void write(Path folder) {
    ObjectNode n = JSON.createObjectNode();
    if (apiVersion != null) {
      n.put("api_version", apiVersion);
    }
    if (endpointHost != null) {
      n.put("endpoint_host", endpointHost);
    }
    if (origin != null) {
      n.put("origin", origin);
    }
    n.put("provider", provider);
    if (runPath != null) {
      n.put("run_path", runPath);
    }
    try {
      AtomicFiles.write(
          folder.resolve(FILE),
          (Json.pretty().writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** How the archive index shows it: {@code azure · host}, {@code openai}, {@code trainer}. */
  public String label() {
    if (TRAINER.equals(provider)) {
      return "trainer";
    }
    return endpointHost == null || "api.openai.com".equals(endpointHost)
        ? provider
        : provider + " · " + endpointHost;
  }

  /** The report's facts about it; for an Azure job with a fine-tuned model, how to reach it. */
  public List<ReportView.Fact> facts(String fineTunedModel) {
    List<ReportView.Fact> out = new ArrayList<>();
    out.add(
        new ReportView.Fact(
            "Provider",
            switch (provider) {
              case "azure" -> "Azure OpenAI";
              case "openai" -> "OpenAI";
              case TRAINER -> "Hugging Face Trainer";
              case FILES -> "Local files";
              default -> provider;
            }));
    if (endpointHost != null) {
      out.add(new ReportView.Fact("Endpoint host", endpointHost));
    }
    if (apiVersion != null) {
      out.add(new ReportView.Fact("api-version", apiVersion));
    }
    if (runPath != null) {
      out.add(new ReportView.Fact("Run", runPath));
    }
    if ("azure".equals(provider) && fineTunedModel != null) {
      out.add(new ReportView.Fact("Deployment", deploymentHint(fineTunedModel)));
    }
    return out;
  }

  /** Azure answers with a fine-tuned model only through a deployment the user creates. */
  public static String deploymentHint(String fineTunedModel) {
    return "Azure serves "
        + fineTunedModel
        + " only through a deployment: if it is not deployed yet, deploy it (Azure AI Foundry, or"
        + " az cognitiveservices account deployment create) under a name without ':', then try it"
        + " with openai-ft chat DEPLOYMENT_NAME \"...\" --provider azure";
  }
}
