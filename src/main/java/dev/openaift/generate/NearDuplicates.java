package dev.openaift.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds pairs of texts from different groups (topics) that say nearly the same thing: the Jaccard
 * index of their sets of word 3-grams (lower-cased, punctuation dropped; a text of fewer than three
 * words is one gram) is at least the threshold. Candidate pairs come from an index of the grams, so
 * texts that share nothing are never compared.
 */
public final class NearDuplicates {
  /** The threshold used by {@code generate}. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  /** One text: its group and its position in the caller's list. */
  public record Text(String group, int id, String text) {}

  /** Two texts of different groups with their similarity, {@code a.id() < b.id()}. */
  public record Pair(Text a, Text b, double similarity) {}

  private NearDuplicates() {}

  /**
   * Every cross-group pair at or above {@code threshold}, in order of {@code a.id()}, then {@code
   * b.id()}.
   */
  public static List<Pair> find(List<Text> texts, double threshold) {
    List<Set<String>> grams = new ArrayList<>();
    Map<String, List<Integer>> index = new HashMap<>();
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Set<String> g = grams(texts.get(i).text());
      grams.add(g);
      Map<Integer, Integer> shared = new HashMap<>();
      for (String gram : g) {
        List<Integer> posting = index.computeIfAbsent(gram, k -> new ArrayList<>());
        for (int j : posting) {
          shared.merge(j, 1, Integer::sum);
        }
        posting.add(i);
      }
      List<Integer> candidates = new ArrayList<>(shared.keySet());
      candidates.sort(null);
      for (int j : candidates) {
        if (texts.get(j).group().equals(texts.get(i).group())) {
          continue;
        }
        int inter = shared.get(j);
        double jaccard = (double) inter / (g.size() + grams.get(j).size() - inter);
        if (jaccard >= threshold) {
          out.add(new Pair(texts.get(j), texts.get(i), jaccard));
        }
      }
    }
    out.sort(
        (x, y) ->
            x.a().id() != y.a().id()
                ? Integer.compare(x.a().id(), y.a().id())
                : Integer.compare(x.b().id(), y.b().id()));
    return out;
  }

  static Set<String> grams(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    Set<String> out = new HashSet<>();
    if (words.size() < 3) {
      out.add(String.join(" ", words));
      return out;
    }
    for (int i = 0; i + 3 <= words.size(); i++) {
      out.add(words.get(i) + " " + words.get(i + 1) + " " + words.get(i + 2));
    }
    return out;
  }
}
