package dev.openaift.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Azure OpenAI fine-tunes, until when, under which names and on which training tiers: a dated
 * resource ({@code azure-fine-tuning.json}), never constants in code.
 *
 * @param asOf when the resource was last checked
 * @param source where its facts come from
 * @param apiVersion the api-version whose job creation takes {@code trainingType} (used when the
 *     user gives none)
 * @param defaultTrainingType the tier sent when the user chooses none
 * @param trainingTypes lower-cased tier -> the spelling Azure's REST examples send
 * @param models base model (Azure's name) -> the last day new jobs are accepted, or empty when no
 *     end is announced
 * @param names OpenAI model names (aliases, other spellings) -> Azure's names
 */
public record AzureFineTuning(
    LocalDate asOf,
    String source,
    String apiVersion,
    String defaultTrainingType,
    Map<String, String> trainingTypes,
    Map<String, Optional<LocalDate>> models,
    Map<String, String> names) {

  private static final String RESOURCE = "azure-fine-tuning.json";

  /** The table shipped with this build. */
  public static AzureFineTuning builtIn() {
    try (InputStream in = AzureFineTuning.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      return parse(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in " + RESOURCE, e);
    }
  }

  static AzureFineTuning parse(JsonNode n) {
    Map<String, String> tiers = new TreeMap<>();
    n.path("training_types")
        .fields()
        .forEachRemaining(e -> tiers.put(e.getKey(), e.getValue().asText()));
    Map<String, Optional<LocalDate>> models = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("models").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String until = e.getValue().path("training_until").asText(null);
      models.put(e.getKey(), Optional.ofNullable(until).map(LocalDate::parse));
    }
    Map<String, String> names = new TreeMap<>();
    n.path("names").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
    return new AzureFineTuning(
        LocalDate.parse(n.path("as_of").asText()),
        n.path("source").asText(),
        n.path("api_version").asText(),
        n.path("default_training_type").asText(),
        tiers,
        models,
        names);
  }

  /**
   * Azure's name for a model given by its OpenAI name ({@code gpt-3.5-turbo-0125 ->
   * gpt-35-turbo-0125}).
   */
  public String azureName(String model) {
    String m = model.strip();
    return names.getOrDefault(m, m);
  }

  /**
   * The tier to send: {@code given} (case ignored) in Azure's spelling, or the default when null.
   *
   * @throws IllegalArgumentException naming the tiers when {@code given} is not one
   */
  public String trainingType(String given) {
    String key = given == null ? defaultTrainingType : given.strip().toLowerCase(Locale.ROOT);
    String tier = trainingTypes.get(key);
    if (tier == null) {
      throw new IllegalArgumentException(
          "--training-type must be one of "
              + String.join(", ", trainingTypes.values())
              + ", got '"
              + given
              + "'");
    }
    return tier;
  }

  /** The last day Azure takes new jobs on {@code azureModel}; empty when unknown or unlimited. */
  public Optional<LocalDate> trainingUntil(String azureModel) {
    return models.getOrDefault(azureModel, Optional.empty());
  }

  /**
   * A warning that Azure takes new jobs on {@code azureModel} for at most {@code days} more days
   * from {@code today}; empty when it does for longer, has stopped ({@link #refusal} says so), or
   * the table gives no last day.
   */
  public Optional<String> endsSoon(String azureModel, LocalDate today, int days) {
    return trainingUntil(azureModel)
        .filter(d -> !today.isAfter(d) && !today.plusDays(days).isBefore(d))
        .map(
            d -> {
              long left = ChronoUnit.DAYS.between(today, d);
              return "Azure OpenAI takes new fine-tuning jobs on "
                  + azureModel
                  + " until "
                  + d
                  + " ("
                  + (left == 0 ? "today is the last day" : left + " days")
                  + "; table as of "
                  + asOf
                  + ").";
            });
  }

  /**
   * Why Azure cannot fine-tune {@code azureModel} on {@code today}, naming what it can; empty when
   * it can.
   */
  public Optional<String> refusal(String azureModel, LocalDate today) {
    Optional<LocalDate> until = models.get(azureModel);
    if (until != null && (until.isEmpty() || !today.isAfter(until.get()))) {
      return Optional.empty();
    }
    String why =
        until == null
            ? "Azure OpenAI does not fine-tune " + azureModel
            : "Azure OpenAI stopped new fine-tuning jobs on "
                + azureModel
                + " after "
                + until.get();
    return Optional.of(why + "; it fine-tunes " + trainable(today) + " (table as of " + asOf + ")");
  }

  /** The models still trainable on {@code today}, with their last day. */
  String trainable(LocalDate today) {
    StringBuilder b = new StringBuilder();
    models.forEach(
        (m, until) -> {
          if (until.isEmpty() || !today.isAfter(until.get())) {
            b.append(b.length() == 0 ? "" : ", ")
                .append(m)
                .append(until.map(d -> " (until " + d + ")").orElse(""));
          }
        });
    return b.length() == 0 ? "no model any more" : b.toString();
  }
}
