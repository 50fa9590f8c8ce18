package dev.openaift.lifecycle;

import dev.openaift.api.JobRequest;
import dev.openaift.io.Echo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The API's limits on a fine-tuning job request, checked before anything is sent: the suffix, the
 * method and its hyperparameters, the seed and the metadata. A value out of bounds is a {@link
 * Violation} whose message names it the way the command line does ({@code --epochs must be 1 to 50,
 * got 60}).
 */
public final class JobRequestRules {
  /** Letters, digits, '-' and '_', up to 64 of them. */
  public static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public static final int MAX_EPOCHS = 50;
  public static final int MAX_BATCH_SIZE = 256;
  public static final double MAX_LR_MULTIPLIER = 10;
  public static final double MAX_BETA = 2;
  public static final int MAX_METADATA_PAIRS = 16;
  public static final int MAX_METADATA_KEY = 64;
  public static final int MAX_METADATA_VALUE = 512;

  private JobRequestRules() {}

  /** A value the API would refuse; the message names it. */
  public static final class Violation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super(message);
    }
  }

  /**
   * What a job request is made of, as given.
   *
   * @param method null for supervised, else {@code supervised} or {@code dpo} in any case
   * @param metadataPairs {@code KEY=VALUE} as written, the value taken as is
   * @param metadata pairs set before (a preset such as {@code task=classification}); the given
   *     pairs are put over them
   */
  public record Draft(
      String model,
      String trainingFile,
      String validationFile,
      String suffix,
      Integer epochs,
      Integer batchSize,
      Double lrMultiplier,
      String method,
      Double beta,
      Long seed,
      List<String> metadataPairs,
      Map<String, String> metadata) {}

  /**
   * Checks every value of {@code d} and builds the request.
   *
   * @throws Violation for the first value out of bounds
   */
  public static JobRequest request(Draft d) {
    if (d.model().isBlank()) {
      throw new Violation("--model must not be empty");
    }
    String m = d.method() == null ? null : d.method().strip().toLowerCase(Locale.ROOT);
    if (m != null && !m.equals("supervised") && !m.equals("dpo")) {
      throw new Violation("--method must be supervised or dpo, got " + d.method());
    }
    if (d.suffix() != null && !SUFFIX.matcher(d.suffix()).matches()) {
      throw new Violation(
          "--suffix must be 1 to 64 letters, digits, '-' or '_', got '" + d.suffix() + "'");
    }
    Integer epochs = d.epochs();
    if (epochs != null && (epochs < 1 || epochs > MAX_EPOCHS)) {
      throw new Violation("--epochs must be 1 to " + MAX_EPOCHS + ", got " + epochs);
    }
    Integer batch = d.batchSize();
    if (batch != null && (batch < 1 || batch > MAX_BATCH_SIZE)) {
      throw new Violation("--batch-size must be 1 to " + MAX_BATCH_SIZE + ", got " + batch);
    }
    Double lr = d.lrMultiplier();
    if (lr != null && !(lr > 0 && lr <= MAX_LR_MULTIPLIER)) {
      throw new Violation("--lr-multiplier must be above 0 and at most 10, got " + lr);
    }
    Double beta = d.beta();
    if (beta != null && !"dpo".equals(m)) {
      throw new Violation("--beta needs --method dpo");
    }
    if (beta != null && !(beta > 0 && beta <= MAX_BETA)) {
      throw new Violation("--beta must be above 0 and at most 2, got " + beta);
    }
    Long seed = d.seed();
    if (seed != null && (seed < 0 || seed > Integer.MAX_VALUE)) {
      throw new Violation("--seed must be 0 to 2147483647, got " + seed);
    }
    Map<String, String> metadata = metadata(d);
    Map<String, Object> hyper = new TreeMap<>();
    if (epochs != null) {
      hyper.put("n_epochs", epochs);
    }
    if (batch != null) {
      hyper.put("batch_size", batch);
    }
    if (lr != null) {
      hyper.put("learning_rate_multiplier", lr);
    }
    if (beta != null) {
      hyper.put("beta", beta);
    }
    return new JobRequest(
        d.model().strip(),
        d.trainingFile(),
        d.validationFile(),
        d.suffix(),
        seed,
        hyper,
        m,
        metadata,
        null);
  }

  private static Map<String, String> metadata(Draft d) {
    Map<String, String> metadata = new LinkedHashMap<>(d.metadata());
    for (String pair : d.metadataPairs()) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new Violation("--metadata must be KEY=VALUE, got '" + Echo.cut(pair) + "'");
      }
      metadata.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    if (metadata.size() > MAX_METADATA_PAIRS) {
      throw new Violation(
          "--metadata takes at most " + MAX_METADATA_PAIRS + " pairs, got " + metadata.size());
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().isEmpty()
          || e.getKey().length() > MAX_METADATA_KEY
          || e.getValue().length() > MAX_METADATA_VALUE) {
        throw new Violation(
            "--metadata keys must be 1 to 64 characters and values at most 512, got '"
                + e.getKey()
                + "'");
      }
    }
    return metadata;
  }
}
