package dev.openaift.report;

import dev.openaift.job.Checkpoint;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricSeries.Kind;
import dev.openaift.plot.Palette;
import dev.openaift.plot.Style;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which figures a job gets: loss, accuracy (when there are accuracies), legacy
 * classification metrics (when present), and one figure per family of extra columns (extras that
 * share their last name part, such as {@code *_sequence_accuracy}, share a figure).
 */
final class FigurePlanner {
  private static final List<String> LOSS = List.of("train_loss", "valid_loss", "full_valid_loss");
  private static final List<String> ACCURACY =
      List.of("train_accuracy", "valid_accuracy", "full_valid_accuracy");

  private FigurePlanner() {}

  static List<FigurePlan> plan(JobAnalysis a) {
    List<FigurePlan> plans = new ArrayList<>();
    List<Long> epochs = a.epochEnds();
    List<MetricSeries> loss = present(a, LOSS);
    if (!loss.isEmpty()) {
      List<FigurePlan.Layer> layers = new ArrayList<>();
      for (MetricSeries s : loss) {
        layers.addAll(layersFor(s, roleColor(s), a));
      }
      layers.addAll(checkpointLayers(a));
      plans.add(new FigurePlan("loss", "Loss", "loss", sorted(layers), epochs));
    }
    List<MetricSeries> accuracy = present(a, ACCURACY);
    if (!accuracy.isEmpty()) {
      List<FigurePlan.Layer> layers = new ArrayList<>();
      for (MetricSeries s : accuracy) {
        layers.addAll(layersFor(s, roleColor(s), a));
      }
      plans.add(new FigurePlan("accuracy", "Token accuracy", "accuracy", sorted(layers), epochs));
    }
    List<MetricSeries> classification =
        a.series().stream().filter(s -> s.kind() == Kind.CLASSIFICATION && s.size() > 0).toList();
    if (!classification.isEmpty()) {
      List<FigurePlan.Layer> layers = new ArrayList<>();
      int i = 0;
      for (MetricSeries s : classification) {
        layers.add(FigurePlan.Layer.column(Style.MARKERS, s.name(), label(s), Palette.cycle(i++)));
      }
      plans.add(
          new FigurePlan(
              "classification", "Classification metrics", "value", sorted(layers), epochs));
    }
    Set<String> ids = new HashSet<>();
    Map<Group, List<MetricSeries>> groups = new TreeMap<>();
    for (MetricSeries s : a.series()) {
      boolean other =
          s.kind() == Kind.EXTRA
              || (s.kind() == Kind.FULL_VALIDATION
                  && !LOSS.contains(s.name())
                  && !ACCURACY.contains(s.name()));
      if (other && s.size() > 0) {
        groups.computeIfAbsent(group(s.name()), k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<Group, List<MetricSeries>> e : groups.entrySet()) {
      List<FigurePlan.Layer> layers = new ArrayList<>();
      int i = 0;
      for (MetricSeries s : e.getValue()) {
        layers.addAll(layersFor(s, Palette.cycle(i++), a));
      }
      Group g = e.getKey();
      String id = "extra-" + slug(g.key());
      while (ids.contains(id)) {
        id = id + "-" + ids.size();
      }
      ids.add(id);
      String title =
          g.title() != null
              ? g.title()
              : e.getValue().size() == 1
                  ? e.getValue().get(0).name()
                  : "Other metrics: *" + g.key();
      String yLabel = g.yLabel() != null ? g.yLabel() : g.key().replace('_', ' ').trim();
      plans.add(new FigurePlan(id, title, yLabel, sorted(layers), epochs));
    }
    return plans;
  }

  private static List<MetricSeries> present(JobAnalysis a, List<String> names) {
    List<MetricSeries> out = new ArrayList<>();
    for (String n : names) {
      MetricSeries s = a.series(n);
      if (s != null && s.size() > 0) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<FigurePlan.Layer> layersFor(MetricSeries s, String color, JobAnalysis a) {
    String label = label(s);
    String ema = label + ", EMA " + FigurePlan.trim(a.smoothingWeight());
    List<FigurePlan.Layer> out = new ArrayList<>();
    switch (s.kind()) {
      case TRAIN -> {
        out.add(FigurePlan.Layer.column(Style.RAW_LINE, s.name(), label, color));
        out.add(FigurePlan.Layer.column(Style.SMOOTH_LINE, s.name(), ema, color));
      }
      case VALIDATION -> {
        if (s.rollingMean() != null && s.rollingStd() != null) {
          out.add(
              FigurePlan.Layer.column(
                  Style.BAND,
                  s.name(),
                  label + " rolling mean ± 1 std (" + a.rollingWindow() + ")",
                  color));
        }
        out.add(FigurePlan.Layer.column(Style.RAW_POINTS, s.name(), label, color));
        out.add(FigurePlan.Layer.column(Style.SMOOTH_LINE, s.name(), ema, color));
      }
      case FULL_VALIDATION, CLASSIFICATION ->
          out.add(FigurePlan.Layer.column(Style.MARKERS, s.name(), label, color));
      case EXTRA -> {
        if (schedule(s.name())) {
          // set by the trainer, not measured: nothing to smooth
          out.add(FigurePlan.Layer.column(Style.LINE, s.name(), label, color));
          return out;
        }
        long span = Math.max(1, a.steps());
        boolean dense = s.size() * 2L >= Math.min(span, s.steps()[s.size() - 1]);
        out.add(
            FigurePlan.Layer.column(
                dense ? Style.RAW_LINE : Style.RAW_POINTS, s.name(), label, color));
        out.add(FigurePlan.Layer.column(Style.SMOOTH_LINE, s.name(), ema, color));
      }
      default -> throw new IllegalStateException("unknown kind " + s.kind());
    }
    return out;
  }

  /** Checkpoints on the loss figure, at the full validation loss of their step when it is known. */
  private static List<FigurePlan.Layer> checkpointLayers(JobAnalysis a) {
    List<double[]> points = new ArrayList<>();
    double[] best = null;
    for (Checkpoint c : a.checkpoints()) {
      double y = checkpointLoss(c, a);
      if (!Double.isFinite(y)) {
        continue;
      }
      double[] p = {c.stepNumber(), y};
      points.add(p);
      if (a.bestCheckpoint() != null && a.bestCheckpoint().id().equals(c.id())) {
        best = p;
      }
    }
    List<FigurePlan.Layer> out = new ArrayList<>();
    if (!points.isEmpty()) {
      double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
      out.add(
          new FigurePlan.Layer(Style.CHECKPOINTS, null, "Checkpoints", Palette.CHECKPOINT, x, y));
    }
    if (best != null) {
      out.add(
          new FigurePlan.Layer(
              Style.HIGHLIGHT,
              null,
              "Best checkpoint (step " + (long) best[0] + ")",
              Palette.BEST,
              new double[] {best[0]},
              new double[] {best[1]}));
    }
    return out;
  }

  static double checkpointLoss(Checkpoint c, JobAnalysis a) {
    // the full validation loss at its step (its own, else the events'), as the best checkpoint is
    // chosen
    double full = Analyzer.fullValidLossOf(c, a);
    if (Double.isFinite(full)) {
      return full;
    }
    for (String key : List.of("valid_loss", "train_loss")) {
      Double v = c.metrics().get(key);
      if (v != null && Double.isFinite(v)) {
        return v;
      }
    }
    MetricSeries train = a.series("train_loss");
    if (train == null || train.size() == 0) {
      return Double.NaN;
    }
    int at = -1;
    for (int i = 0; i < train.size() && train.steps()[i] <= c.stepNumber(); i++) {
      at = i;
    }
    return at < 0 ? Double.NaN : train.smoothed()[at];
  }

  private static String roleColor(MetricSeries s) {
    return switch (s.kind()) {
      case TRAIN -> Palette.TRAIN;
      case VALIDATION -> Palette.VALIDATION;
      case FULL_VALIDATION -> Palette.FULL_VALIDATION;
      default -> Palette.cycle(0);
    };
  }

  private static int drawOrder(Style style) {
    return switch (style) {
      case BAND -> 0;
      case RAW_LINE -> 1;
      case RAW_POINTS -> 2;
      case SMOOTH_LINE, LINE -> 3;
      // checkpoints usually sit on full-validation points: draw them first so both stay visible
      case CHECKPOINTS -> 4;
      case HIGHLIGHT -> 5;
      case MARKERS -> 6;
    };
  }

  private static List<FigurePlan.Layer> sorted(List<FigurePlan.Layer> layers) {
    List<FigurePlan.Layer> out = new ArrayList<>(layers);
    out.sort(Comparator.comparingInt(l -> drawOrder(l.style())));
    return out;
  }

  /**
   * Whether a metric is a schedule the trainer sets (the learning rate: {@code learning_rate},
   * {@code lr}, {@code train/learning_rate}, {@code *_lr}) rather than a noisy measurement: it is
   * drawn as logged, with no smoothed line.
   */
  static boolean schedule(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('.'));
    String last = n.substring(cut + 1);
    return last.equals("lr") || last.endsWith("_lr") || last.endsWith("learning_rate");
  }

  static String label(MetricSeries s) {
    return s.name().replace('_', ' ');
  }

  /** The last part of a name: {@code training_sequence_accuracy} -> {@code _accuracy}. */
  /**
   * The figure an extra metric goes to: the method-specific kinds share one figure each, in this
   * order (rewards, preference accuracy, other losses, errors, token usage, step timing), then
   * other extras by family ({@link #family}).
   *
   * @param rank figures by rank, then by key
   * @param title null for a family (titled by its members)
   */
  record Group(int rank, String key, String title, String yLabel) implements Comparable<Group> {
    @Override
    public int compareTo(Group o) {
      return rank != o.rank ? Integer.compare(rank, o.rank) : key.compareTo(o.key);
    }
  }

  static Group group(String name) {
    if (name.startsWith("timing.") || name.endsWith("_seconds")) {
      return new Group(6, "timing", "Step timing", "seconds");
    }
    if (name.startsWith("errors.") || name.contains("parse_error") || name.endsWith("error_mean")) {
      return new Group(4, "errors", "Errors (parse and grader errors)", "error rate");
    }
    if (name.startsWith("usage.") || name.contains("_tokens_mean")) {
      return new Group(5, "usage", "Token usage", "tokens");
    }
    if (name.contains("reward_accuracy")) {
      return new Group(
          2, "preference-accuracy", "Preference accuracy (pairs ranked right)", "accuracy");
    }
    if (name.contains("reward")) {
      return new Group(1, "rewards", "Rewards", "reward");
    }
    if (name.contains("loss")) {
      return new Group(3, "losses", "Other losses", "loss");
    }
    return new Group(9, family(name), null, null);
  }

  static String family(String name) {
    int cut =
        Math.max(Math.max(name.lastIndexOf('_'), name.lastIndexOf('/')), name.lastIndexOf('.'));
    return cut > 0 && cut < name.length() - 1 ? "_" + name.substring(cut + 1) : name;
  }

  static String slug(String s) {
    String slug =
        s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "metric" : slug;
  }
}
