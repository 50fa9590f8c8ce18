package dev.openaift.session;

import dev.openaift.eval.Metric;
import dev.openaift.eval.Paired;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.Recorder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Everything an evaluation needs, checked by the command that builds it: {@code eval} from its
 * options (whose defaults are the constants here and {@link Recorder.Options#DEFAULT_CONCURRENCY},
 * {@link Paired#DEFAULT_RESAMPLES}), {@code jobs create --classification} with {@link
 * #classification}.
 *
 * @param models the models evaluated, compared pairwise in this order
 * @param against null for the expected answers, else the recorded model
 * @param metrics the metrics; empty for the defaults of the data ({@link
 *     EvalSession#defaultMetrics})
 * @param judgeModel null for no judge
 * @param jobId null, or the archived job to attach to
 * @param out null for the default folder
 * @param reportsDir the archive with {@code recordings/} and the jobs
 * @param temperature for answers recorded now, null for the API's (a value other than an existing
 *     recording's is refused by the session)
 * @param seed for answers recorded now, or null (likewise)
 * @param maxTokens for answers recorded now, or null (likewise)
 * @param concurrency requests in flight at most while recording
 * @param resamples bootstrap resamples
 * @param bootstrapSeed the bootstrap's seed
 * @param top examples shown where the models disagree most
 * @param dryRun only tell the plan
 * @param catalog prices and tokenizers
 * @param knownLabels extra classification labels (e.g. the training file's)
 * @param templates null, or templates replacing the built-in ones
 * @param margin null for no verdicts; else how much worse than the reference a candidate may be
 */
public record EvalOptions(
    Path data,
    List<EvalTarget> models,
    EvalTarget against,
    List<Metric> metrics,
    String judgeModel,
    String jobId,
    Path out,
    Path reportsDir,
    Double temperature,
    Long seed,
    Integer maxTokens,
    int concurrency,
    int resamples,
    long bootstrapSeed,
    int top,
    boolean dryRun,
    ModelCatalog catalog,
    Set<String> knownLabels,
    Path templates,
    Double margin) {

  /** The bootstrap's seed unless one is given. */
  public static final long DEFAULT_BOOTSTRAP_SEED = 1;

  /** Examples shown where the models disagree most, unless told otherwise. */
  public static final int DEFAULT_TOP = 20;

  public EvalOptions {
    models = List.copyOf(models);
    metrics = List.copyOf(metrics);
  }

  /**
   * The evaluation {@code jobs create --classification} runs when its job succeeds: the
   * classification metric of {@code model} on the validation file, attached to the job's report,
   * its answers asked at temperature 0 with the job's seed (reruns agree); the other values are
   * {@code eval}'s defaults ({@link Recorder.Options#DEFAULT_CONCURRENCY}, {@link
   * Paired#DEFAULT_RESAMPLES}, {@link #DEFAULT_BOOTSTRAP_SEED}, {@link #DEFAULT_TOP}).
   *
   * @param labels the training file's labels, so that a label without validation example shows
   */
  public static EvalOptions classification(
      Path validation,
      EvalTarget model,
      String jobId,
      Path reportsDir,
      Set<String> labels,
      Long seed,
      ModelCatalog catalog) {
    return new EvalOptions(
        validation,
        List.of(model),
        null,
        List.of(Metric.CLASSIFICATION),
        null,
        jobId,
        null,
        reportsDir,
        0.0,
        seed,
        null,
        Recorder.Options.DEFAULT_CONCURRENCY,
        Paired.DEFAULT_RESAMPLES,
        DEFAULT_BOOTSTRAP_SEED,
        DEFAULT_TOP,
        false,
        catalog,
        labels,
        null,
        null);
  }
}
