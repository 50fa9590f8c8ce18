package dev.openaift.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Classification scores of answers against expected labels.
 *
 * <p>The label set is the expected labels plus any {@code knownLabels} given (e.g. every label of
 * the training file, so that a class with no validation example still shows as an empty row). An
 * answer is mapped to the label whose {@link TextMetrics#normalise normalised} form equals its own
 * ({@code " Spam."} is {@code spam}); an answer that matches no label falls in the extra class
 * {@link #otherName other}.
 *
 * <p>Per class c, with tp, fp, fn counted from the confusion matrix: precision = tp / (tp + fp),
 * undefined (null) when nothing was predicted as c; recall = tp / (tp + fn), undefined when c has
 * no expected example; F1 = 2tp / (2tp + fp + fn), undefined only for a class that is neither
 * expected nor predicted (when precision alone is undefined F1 is 0, as for scikit-learn). Macro F1
 * is the unweighted mean of the defined F1s of the real labels; weighted F1 weights each label's F1
 * by its support. {@code other} is a column of the matrix and counts as wrong in the accuracy, but
 * it is not a label and takes no part in the averages.
 *
 * <p>Plain arrays: the matrix is indexed by label position; nothing here needs a table library.
 */
public final class Classification {
  /**
   * The name of the class for answers outside the label set, unless a real label already has it.
   */
  public static final String OTHER = "other";

  private Classification() {}

  /**
   * The scores.
   *
   * @param labels the real labels, sorted
   * @param other the name of the out-of-set class (a column of {@code confusion})
   * @param confusion rows: expected label (in {@code labels} order); columns: predicted label, then
   *     {@code other} last
   * @param perClass one entry per label, in order
   */
  public record Result(
      int examples,
      int correct,
      double accuracy,
      List<String> labels,
      String other,
      long[][] confusion,
      List<ClassScore> perClass,
      double macroF1,
      double weightedF1,
      int outOfSet) {

    /** How many answers were predicted as each column (labels, then other). */
    public long[] predictedCounts() {
      long[] out = new long[labels.size() + 1];
      for (long[] row : confusion) {
        for (int j = 0; j < row.length; j++) {
          out[j] += row[j];
        }
      }
      return out;
    }
  }

  /** One label's scores; null where undefined. */
  public record ClassScore(
      String label,
      long support,
      long predicted,
      long truePositives,
      Double precision,
      Double recall,
      Double f1) {}

  /**
   * The labels answers are mapped to: the expected ones and the known ones, sorted, de-duplicated.
   */
  public static List<String> labelSet(Collection<String> expected, Collection<String> knownLabels) {
    TreeSet<String> set = new TreeSet<>();
    for (String e : expected) {
      set.add(e.strip());
    }
    for (String k : knownLabels) {
      set.add(k.strip());
    }
    return new ArrayList<>(set);
  }

  /** {@value #OTHER}, or {@code (other)} when a real label is already called so. */
  public static String otherName(List<String> labels) {
    for (String l : labels) {
      if (TextMetrics.normalise(l).equals(OTHER)) {
        return "(" + OTHER + ")";
      }
    }
    return OTHER;
  }

  /** Maps answers to label positions; {@code labels.size()} stands for other. */
  public static final class Matcher {
    private final Map<String, Integer> byNormalised = new HashMap<>();
    private final int other;

    public Matcher(List<String> labels) {
      for (int i = 0; i < labels.size(); i++) {
        byNormalised.putIfAbsent(TextMetrics.normalise(labels.get(i)), i);
      }
      this.other = labels.size();
    }

    public int match(String answer) {
      Integer i = byNormalised.get(TextMetrics.normalise(answer));
      return i == null ? other : i;
    }
  }

  /** Scores answers (paired by index with expected labels). */
  public static Result score(
      List<String> expected, List<String> answers, Collection<String> knownLabels) {
    if (expected.size() != answers.size()) {
      throw new IllegalArgumentException(
          expected.size() + " expected labels but " + answers.size() + " answers");
    }
    List<String> labels = labelSet(expected, knownLabels);
    Matcher m = new Matcher(labels);
    int k = labels.size();
    long[][] confusion = new long[k][k + 1];
    int correct = 0;
    int outOfSet = 0;
    for (int i = 0; i < expected.size(); i++) {
      int truth = m.match(expected.get(i));
      int predicted = m.match(answers.get(i));
      confusion[truth][predicted]++;
      if (truth == predicted) {
        correct++;
      }
      if (predicted == k) {
        outOfSet++;
      }
    }
    List<ClassScore> perClass = new ArrayList<>();
    double f1Sum = 0;
    int f1Count = 0;
    double weighted = 0;
    long supportSum = 0;
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long support = 0;
      for (long v : confusion[c]) {
        support += v;
      }
      long predicted = 0;
      for (long[] row : confusion) {
        predicted += row[c];
      }
      long fp = predicted - tp;
      long fn = support - tp;
      Double precision = predicted == 0 ? null : (double) tp / predicted;
      Double recall = support == 0 ? null : (double) tp / support;
      Double f1 = 2 * tp + fp + fn == 0 ? null : 2.0 * tp / (2 * tp + fp + fn);
      if (f1 != null) {
        f1Sum += f1;
        f1Count++;
        weighted += support * f1;
      }
      supportSum += support;
      perClass.add(new ClassScore(labels.get(c), support, predicted, tp, precision, recall, f1));
    }
    int n = expected.size();
    return new Result(
        n,
        correct,
        n == 0 ? Double.NaN : (double) correct / n,
        List.copyOf(labels),
        otherName(labels),
        confusion,
        List.copyOf(perClass),
        f1Count == 0 ? Double.NaN : f1Sum / f1Count,
        supportSum == 0 ? Double.NaN : weighted / supportSum,
        outOfSet);
  }
}
