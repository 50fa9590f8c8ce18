package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * Deterministic chat answers that make an honest test bed for evaluation. The question is the last
 * user message (whitespace collapsed). Every random choice is a hash of (model, question, salt),
 * plus the request's {@code seed} and temperature when the temperature is not 0 (absent counts as
 * 1), so the same request always gets the same answer, and another seed may get another one.
 *
 * <p><b>What the sandbox knows.</b> Every job's training examples and the examples of its
 * validation file are the "world": a question found there has a true answer. A job's data is
 * <i>classification-style</i> when its answers are short (at most 40 characters) and few (at least
 * 2 distinct answers, at most half as many as examples): its answers are then its label set.
 *
 * <p><b>Who answers how.</b> "Degrading" an answer means: for classification-style data, another
 * label of the set (4 times in 5) or an answer outside the set; for free text, the first 60% of its
 * words followed by a vague ending, so it is partly right.
 *
 * <ul>
 *   <li>A <b>fine-tuned model</b> repeats the trained answer of a question from its own training
 *       data. Any other question gets the answer of its most similar training example (mean of the
 *       Jaccard index of content words and of character trigrams, ties to the earlier example),
 *       degraded with probability {@link #FINE_TUNED_DEGRADE} x (1 + temperature / 4).
 *   <li>A <b>checkpoint</b> at step s of S behaves like its model trained a fraction f = s/S of the
 *       way: its own training answers are degraded with probability 0.5 (1 - f), others with {@link
 *       #FINE_TUNED_DEGRADE} + 0.4 (1 - f) (both times 1 + temperature / 4).
 *   <li>A <b>replacement model</b> of quality q ({@link Sandbox#addReplacementModel}) knows the
 *       domain: it takes the true answer (for a question the world does not know: the answer of the
 *       world's most similar example) and gives it with probability q (1 - temperature / 10), else
 *       degraded.
 *   <li>A <b>base model</b> never saw the data: to a classification-style question (the true or
 *       most similar example's data being classification-style) it gives that label with
 *       probability 0.35, another label with 0.25, else a sentence around a label (outside the
 *       set); to anything else a polite generic answer built from the question.
 * </ul>
 *
 * Called with the store's lock held (the indexes are built lazily, once per job).
 */
final class ChatResponder {
  /**
   * How often a fine-tuned model's answer to a question outside its training data is degraded
   * (temperature 0).
   */
  static final double FINE_TUNED_DEGRADE = 0.25;

  private static final String[] OUT_OF_SET = {"unsure", "none of these", "I cannot tell."};
  private static final int MAX_LABEL_CHARS = 40;

  /** Indexes by job id, built when a job's examples are first needed. */
  private final Map<String, JobIndex> indexes = new HashMap<>();

  /** The answer and who gave it, with the simulated time it took. */
  record Answer(String text, String answeredBy) {}

  /** The question of a request and how it was asked. */
  record Question(String text, Long seed, Double temperature) {
    String key() {
      return text.strip().replaceAll("\\s+", " ");
    }

    double temperatureOrDefault() {
      return temperature == null ? 1.0 : temperature;
    }
  }

  /** A base model's answer. */
  Answer base(Store store, String model, Question q) {
    Truth truth = truthOrNearest(store, q.key());
    if (truth != null && truth.labels() != null) {
      double u = draw(model, q, "base");
      List<String> labels = truth.labels();
      String text;
      if (u < 0.35) {
        text = truth.answer();
      } else if (u < 0.60) {
        text = otherLabel(labels, truth.answer(), model, q);
      } else {
        String label = labels.get((int) (hash(model, q, "base-label") % labels.size()));
        text = "This looks like \"" + label + "\" to me.";
      }
      return new Answer(text, model);
    }
    return new Answer(generic(model, q.text()), model);
  }

  /**
   * The answer of a fine-tuned model (fraction 1) or of one of its checkpoints (fraction
   * step/total).
   */
  Answer fineTuned(
      Store store, SandboxState.JobEntry job, String model, double fraction, Question q) {
    JobIndex index = index(store, job);
    double heat = 1 + q.temperatureOrDefault() / 4;
    String trained = index.exact.get(q.key());
    if (trained != null) {
      double p = 0.5 * (1 - fraction) * heat;
      return new Answer(
          draw(model, q, "ft") < p ? degrade(trained, index.labels, model, q) : trained, model);
    }
    int nearest = index.nearest(q.key());
    if (nearest < 0) {
      return new Answer("", model);
    }
    String answer = index.answers.get(nearest);
    double p = (FINE_TUNED_DEGRADE + 0.4 * (1 - fraction)) * heat;
    return new Answer(
        draw(model, q, "ft") < p ? degrade(answer, index.labels, model, q) : answer, model);
  }

  /** A replacement model's answer. */
  Answer replacement(Store store, String model, double quality, Question q) {
    Truth truth = truthOrNearest(store, q.key());
    if (truth == null) {
      return new Answer(generic(model, q.text()), model);
    }
    double p = quality * (1 - q.temperatureOrDefault() / 10);
    String text =
        draw(model, q, "rep") < p
            ? truth.answer()
            : degrade(truth.answer(), truth.labels(), model, q);
    return new Answer(text, model);
  }

  /**
   * The true answer when the world knows the question, else the answer of the world's most similar
   * example (what a model that knows the domain would guess); null when there is no data at all.
   */
  private Truth truthOrNearest(Store store, String key) {
    Truth truth = truth(store, key);
    if (truth != null) {
      return truth;
    }
    Truth best = null;
    double bestScore = -1;
    for (SandboxState.JobEntry j : store.state.jobs.values()) {
      JobIndex index = index(store, j);
      int n = index.nearest(key);
      if (n >= 0) {
        double s = index.score(n, key);
        if (s > bestScore) {
          bestScore = s;
          best = new Truth(index.answers.get(n), index.labels);
        }
      }
    }
    return best;
  }

  /**
   * The true answer of a question the world knows, with its data's label set (null for free text).
   */
  private record Truth(String answer, List<String> labels) {}

  private Truth truth(Store store, String key) {
    for (SandboxState.JobEntry j : store.state.jobs.values()) {
      JobIndex index = index(store, j);
      String a = index.exact.get(key);
      if (a == null) {
        a = index.validation(store, j).get(key);
      }
      if (a != null) {
        return new Truth(a, index.labels);
      }
    }
    return null;
  }

  private JobIndex index(Store store, SandboxState.JobEntry job) {
    JobIndex index = indexes.get(job.id);
    if (index == null || index.size != job.examples.size()) {
      index = new JobIndex(job.examples);
      indexes.put(job.id, index);
    }
    return index;
  }

  private static String degrade(String answer, List<String> labels, String model, Question q) {
    if (labels != null && labels.size() >= 2) {
      if (draw(model, q, "out-of-set") < 0.2) {
        return OUT_OF_SET[(int) (hash(model, q, "oos") % OUT_OF_SET.length)];
      }
      return otherLabel(labels, answer, model, q);
    }
    String[] words = answer.strip().split("\\s+");
    if (words.length < 3) {
      return answer + " (probably)";
    }
    int keep = Math.max(1, (int) Math.ceil(words.length * 0.6));
    return String.join(" ", java.util.Arrays.copyOf(words, keep))
        + " ... but it depends on your setup.";
  }

  private static String otherLabel(List<String> labels, String answer, String model, Question q) {
    List<String> others = new ArrayList<>(labels);
    others.remove(answer);
    if (others.isEmpty()) {
      return OUT_OF_SET[0];
    }
    return others.get((int) (hash(model, q, "label") % others.size()));
  }

  static String generic(String model, String prompt) {
    List<String> all = List.of(prompt.strip().split("\\s+"));
    String words = String.join(" ", all.size() <= 8 ? all : all.subList(0, 8));
    CRC32 crc = new CRC32();
    crc.update((model + "\n" + prompt).getBytes(StandardCharsets.UTF_8));
    String[] openers = {
      "Thanks for your question.", "Good question.", "Here is a general answer.", "Happy to help."
    };
    return openers[(int) (crc.getValue() % openers.length)]
        + " Regarding \""
        + words
        + "\": the details depend on your setup, so check the relevant"
        + " documentation and settings, try the simplest option first, and contact support if the"
        + " problem persists.";
  }

  /**
   * A uniform number in [0, 1) fixed by the model, the question, the salt and (when sampling) the
   * seed.
   */
  static double draw(String model, Question q, String salt) {
    return (hash(model, q, salt) >>> 10) / (double) (1L << 53); // hash() has 63 bits
  }

  private static long hash(String model, Question q, String salt) {
    String sampling =
        q.temperatureOrDefault() == 0 ? "t0" : "t" + q.temperatureOrDefault() + "/s" + q.seed();
    byte[] bytes =
        (model + "\u0000" + q.key() + "\u0000" + salt + "\u0000" + sampling)
            .getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h & Long.MAX_VALUE;
  }

  /** Similarity of two texts (mean of the word and trigram Jaccard indexes), 0 to 1. */
  static double similarity(String a, String b) {
    return (jaccard(words(a), words(b)) + jaccard(trigrams(a), trigrams(b))) / 2;
  }

  /** One job's examples, ready for lookups. */
  private static final class JobIndex {
    final int size;
    final Map<String, String> exact = new HashMap<>();
    final List<String> answers = new ArrayList<>();
    final List<Set<String>> words = new ArrayList<>();
    final List<Set<String>> trigrams = new ArrayList<>();

    /** The label set when the data is classification-style, else null. */
    final List<String> labels;

    private Map<String, String> validation;

    JobIndex(List<TrainingData.Example> examples) {
      this.size = examples.size();
      Set<String> distinct = new TreeSet<>();
      boolean short_ = true;
      for (TrainingData.Example e : examples) {
        String key = e.prompt().strip().replaceAll("\\s+", " ");
        exact.putIfAbsent(key, e.answer());
        answers.add(e.answer());
        words.add(ChatResponder.words(e.prompt()));
        trigrams.add(ChatResponder.trigrams(e.prompt()));
        distinct.add(e.answer());
        short_ &= e.answer().length() <= MAX_LABEL_CHARS;
      }
      labels =
          short_ && distinct.size() >= 2 && distinct.size() * 2 <= examples.size()
              ? List.copyOf(distinct)
              : null;
    }

    /**
     * The examples of the job's validation file by question (empty without one, or when
     * unreadable).
     */
    Map<String, String> validation(Store store, SandboxState.JobEntry job) {
      if (validation == null) {
        validation = new HashMap<>();
        SandboxState.FileEntry f =
            job.validationFile == null ? null : store.state.files.get(job.validationFile);
        if (f != null && f.content != null) {
          try {
            for (TrainingData.Example e :
                TrainingData.read(f.content, "dpo".equals(job.method), 1)) {
              validation.putIfAbsent(e.prompt().strip().replaceAll("\\s+", " "), e.answer());
            }
          } catch (TrainingData.Problem unreadable) {
            // the job failed on it; the world does not learn from it
          }
        }
      }
      return validation;
    }

    int nearest(String question) {
      Set<String> qw = ChatResponder.words(question);
      Set<String> qt = ChatResponder.trigrams(question);
      int best = -1;
      double bestScore = -1;
      for (int i = 0; i < answers.size(); i++) {
        double s = (jaccard(qw, words.get(i)) + jaccard(qt, trigrams.get(i))) / 2;
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      return best;
    }

    double score(int i, String question) {
      return (jaccard(ChatResponder.words(question), words.get(i))
              + jaccard(ChatResponder.trigrams(question), trigrams.get(i)))
          / 2;
    }
  }

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "it", "its", "is", "are",
          "was", "be", "do", "does", "did", "can", "could", "how", "what", "which", "who", "where",
          "when", "why", "to", "of", "in", "on", "for", "with", "at", "by", "from", "and", "or",
          "if", "so", "this", "that", "there", "should", "would", "will", "please", "any", "some",
          "get", "have", "has");

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty() || STOP_WORDS.contains(w)) {
        continue;
      }
      out.add(
          w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")
              ? w.substring(0, w.length() - 1)
              : w);
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
