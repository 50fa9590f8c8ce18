package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Deterministic answers for chat completions.
 *
 * <p>A base model gives a generic answer built from the prompt (same prompt, same answer). A
 * fine-tuned model answers with the assistant message of the training example whose user prompt is
 * most similar to the question: the mean of the Jaccard index of content words (lower-cased, common
 * English function words dropped, a plural or verb "s" stripped) and the Jaccard index of character
 * trigrams, ties going to the earlier example. Asked its own training prompts,
 * it therefore repeats its training answers exactly.
 */
final class ChatResponder {
  private ChatResponder() {}

  static String baseAnswer(String model, String prompt) {
    String words = String.join(" ", firstWords(prompt, 8));
    CRC32 crc = new CRC32();
    crc.update((model + "\n" + prompt).getBytes(StandardCharsets.UTF_8));
    String[] openers = {
      "Thanks for your question.",
      "Good question.",
      "Here is a general answer.",
      "Happy to help."
    };
    String opener = openers[(int) (crc.getValue() % openers.length)];
    return opener
        + " Regarding \"" + words + "\": the details depend on your setup, so check the relevant"
        + " documentation and settings, try the simplest option first, and contact support if the"
        + " problem persists.";
  }

  static String fineTunedAnswer(List<TrainingData.Example> examples, String prompt) {
    TrainingData.Example best = null;
    double bestScore = -1;
    Set<String> qWords = words(prompt);
    Set<String> qTri = trigrams(prompt);
    for (TrainingData.Example e : examples) {
      double score = (jaccard(qWords, words(e.prompt())) + jaccard(qTri, trigrams(e.prompt()))) / 2;
      if (score > bestScore) {
        bestScore = score;
        best = e;
      }
    }
    return best == null ? "" : best.answer();
  }

  static double similarity(String a, String b) {
    return (jaccard(words(a), words(b)) + jaccard(trigrams(a), trigrams(b))) / 2;
  }

  private static List<String> firstWords(String text, int n) {
    List<String> all = List.of(text.strip().split("\\s+"));
    return all.size() <= n ? all : all.subList(0, n);
  }

  private static final Set<String> STOP_WORDS = Set.of(
      "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "it", "its", "is", "are", "was", "be",
      "do", "does", "did", "can", "could", "how", "what", "which", "who", "where", "when", "why", "to",
      "of", "in", "on", "for", "with", "at", "by", "from", "and", "or", "if", "so", "this", "that", "there",
      "should", "would", "will", "please", "any", "some", "get", "have", "has");

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty() || STOP_WORDS.contains(w)) {
        continue;
      }
      out.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
    }
    return out;
  }

  private static Set<String> trigrams(String text) {
    String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip() + " ";
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 3 <= t.length(); i++) {
      out.add(t.substring(i, i + 3));
    }
    return out;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int inter = 0;
    for (String s : a) {
      if (b.contains(s)) {
        inter++;
      }
    }
    return (double) inter / (a.size() + b.size() - inter);
  }
}
