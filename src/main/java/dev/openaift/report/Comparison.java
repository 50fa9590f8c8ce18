package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several analysed jobs to show side by side ({@code openai-ft compare}).
 *
 * @param members the jobs, in the order given
 * @param axis what the figures' x axis is
 * @param weight the EMA weight every job was smoothed with
 */
public record Comparison(List<Member> members, Axis axis, double weight) {
  public Comparison {
    members = List.copyOf(members);
  }

  /**
   * One job.
   *
   * @param id its id (or its folder's name)
   * @param metricsCsv its {@code metrics.csv} as the notebook opens it: relative to the
   *     comparison's folder when possible
   * @param analysis its analysis
   * @param dataFiles "training file", "validation file" -> the file id, with its sha256 when the
   *     folder holds the file; sorted
   * @param evaluation evaluation results read from the folder ({@code name -> value}, sorted),
   *     empty when it holds none
   * @param cost the training cost in dollars at the price table's rate, or null when unknown
   * @param provider who trained it ({@code openai}, {@code azure}, {@code huggingface-trainer}): a
   *     job folder without {@code source.json} (an older archive) is OpenAI's, as everywhere in the
   *     archive; null when not known at all
   * @param host the API's host it was trained through ({@code res.openai.azure.com}), or null when
   *     its folder does not say (an older archive, a Trainer run)
   * @param trainingTier the training tier it was asked to train on (Azure's {@code trainingType},
   *     recorded by {@code retrain}), or null when none was asked for or it is not known
   */
  public record Member(
      String id,
      String metricsCsv,
      JobAnalysis analysis,
      Map<String, String> dataFiles,
      Map<String, String> evaluation,
      String cost,
      String provider,
      String host,
      String trainingTier) {}

  /** The x axis of the overlaid curves. */
  public enum Axis {
    /** the job's own steps */
    STEP("step"),
    /** step / total steps: 0 to 1 for every job, whatever its length */
    FRACTION("fraction of training"),
    /**
     * trained tokens so far, taken as step x trained_tokens / total steps (batches of equal size)
     */
    TOKENS("tokens seen (≈ step × trained tokens / steps)");

    private final String label;

    Axis(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** {@code step}, {@code fraction} or {@code tokens}. */
    public static Axis parse(String s) {
      for (Axis a : values()) {
        if (a.name().toLowerCase(Locale.ROOT).equals(s)) {
          return a;
        }
      }
      throw new IllegalArgumentException("--by must be step, fraction or tokens, not '" + s + "'");
    }

    /**
     * What one step is worth on this axis for a job.
     *
     * @throws IllegalArgumentException when the job lacks what the axis needs (tokens:
     *     trained_tokens)
     */
    public double scale(JobAnalysis a) {
      long total = Math.max(1, Math.max(a.totalSteps(), a.steps()));
      return switch (this) {
        case STEP -> 1;
        case FRACTION -> 1.0 / total;
        case TOKENS -> {
          Long tokens = a.job() == null ? null : a.job().trainedTokens();
          if (tokens == null || tokens <= 0) {
            throw new IllegalArgumentException(
                "--by tokens: job "
                    + a.jobId()
                    + " has no trained_tokens (a job has them once it has finished); use --by step"
                    + " or fraction");
          }
          yield (double) tokens / total;
        }
      };
    }
  }
}
