package dev.openaift.session;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.eval.Judge;
import dev.openaift.eval.JudgeLog;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.io.Counts;
import dev.openaift.io.Sha256;
import dev.openaift.io.ShownPath;
import dev.openaift.models.Dollars;
import dev.openaift.models.InferencePrice;
import dev.openaift.models.TokenCounter;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordEstimate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The judge of an evaluation: which pairs it compares, what its questions will cost, and the asking
 * (each pair of answers in both orders, every reply logged in {@code judge.jsonl} so a rerun asks
 * only what is missing).
 */
final class EvalJudge {
  /** Judge replies are one word: a small limit keeps a chatty judge cheap. */
  static final int MAX_TOKENS = 5;

  /** Estimated judge reply tokens per question. */
  static final int REPLY_TOKENS = 2;

  private final EvalOptions o;
  private final List<ChatExample> examples;
  private final String[] references;
  private final Path evalDir;

  EvalJudge(EvalOptions o, List<ChatExample> examples, String[] references, Path evalDir) {
    this.o = o;
    this.examples = examples;
    this.references = references;
    this.evalDir = evalDir;
  }

  /** Every pair of evaluated models, by label. */
  List<String[]> pairs() {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < o.models().size(); i++) {
      for (int j = i + 1; j < o.models().size(); j++) {
        pairs.add(new String[] {o.models().get(i).label(), o.models().get(j).label()});
      }
    }
    return pairs;
  }

  /** What the questions still to ask will cost. */
  record Estimate(
      int questions, long promptTokens, long replyTokens, Optional<InferencePrice> price) {
    Optional<BigDecimal> cost() {
      return price.map(p -> p.cost(promptTokens, replyTokens));
    }

    String line() {
      String head = Counts.of(questions, "question") + " (each pair of answers in both orders)";
      if (questions == 0) {
        return head + ", all answered before.";
      }
      String tokens =
          String.format(
              Locale.ROOT,
              "about %,d prompt tokens and %,d reply tokens (estimated)",
              promptTokens,
              replyTokens);
      return head
          + ": "
          + tokens
          + price
              .map(p -> ", estimated cost " + Dollars.of(cost().orElseThrow()))
              .orElse("; cost unknown (no inference price for this model in the prices file)")
          + ".";
    }
  }

  /**
   * Before the answers exist, each question is estimated with the reference answer standing in for
   * both answers (answers tend to be about as long as the references); questions already in the
   * judge log are free.
   */
  Estimate estimate() {
    TokenCounter tokens = new TokenCounter(o.catalog().resolve(o.judgeModel()).encoding());
    long prompt = 0;
    int todo = 0;
    try (JudgeLog log =
        Files.isRegularFile(evalDir.resolve(JudgeLog.FILE)) ? JudgeLog.open(evalDir) : null) {
      for (String[] pair : pairs()) {
        for (ChatExample e : examples) {
          String ref = references[e.index()];
          if (ref == null) {
            continue;
          }
          long each = RecordEstimate.promptTokens(tokens, messages(lastUser(e), ref, ref, ref));
          // free only when this judge answered this very question (another judge's replies, or
          // other models', do not count)
          for (String order : ORDERS) {
            if (log == null || !log.answered(o.judgeModel(), pair[0], pair[1], e.index(), order)) {
              prompt += each;
              todo++;
            }
          }
        }
      }
    }
    return new Estimate(
        todo, prompt, (long) todo * REPLY_TOKENS, o.catalog().inferencePrice(o.judgeModel()));
  }

  /** Each pair of answers is judged in both orders. */
  private static final List<String> ORDERS = List.of("a_first", "b_first");

  /**
   * Asks the judge, through a gateway from {@code gateways}, about every pair of answers the log
   * does not hold yet.
   *
   * @throws ApiException when the API fails (the replies so far are kept) or the thread is
   *     interrupted
   */
  Judge.Result run(
      List<ModelAnswers> answers, Supplier<ChatGateway> gateways, EvalListener listener) {
    List<Judge.PairResult> results = new ArrayList<>();
    int n = examples.size();
    ApiException interrupted = null;
    int total = 0;
    for (String[] pair : pairs()) {
      String[] a = answersOf(answers, pair[0]);
      String[] b = answersOf(answers, pair[1]);
      for (ChatExample e : examples) {
        int i = e.index();
        if (references[i] != null && a[i] != null && b[i] != null) {
          total += 2;
        }
      }
    }
    try (JudgeLog log = JudgeLog.open(evalDir);
        ChatGateway gateway = gateways.get()) {
      // after the log is open: Ctrl-C must not land in its locking (an interruptible channel)
      listener.judging(total);
      int asked = 0;
      for (String[] pair : pairs()) {
        String[] a = answersOf(answers, pair[0]);
        String[] b = answersOf(answers, pair[1]);
        Judge.Verdict[] aFirst = new Judge.Verdict[n];
        Judge.Verdict[] bFirst = new Judge.Verdict[n];
        for (ChatExample e : examples) {
          int i = e.index();
          if (references[i] == null || a[i] == null || b[i] == null) {
            continue;
          }
          if (Thread.currentThread().isInterrupted()) {
            interrupted =
                new ApiException(
                    ApiException.Kind.INTERRUPTED,
                    "interrupted; the judge's replies so far are kept in "
                        + ShownPath.of(evalDir.resolve(JudgeLog.FILE))
                        + ", rerun the same command to go on");
            throw interrupted;
          }
          String q = lastUser(e);
          aFirst[i] =
              Judge.Verdict.parse(
                  ask(gateway, log, pair, i, "a_first", messages(q, references[i], a[i], b[i])));
          bFirst[i] =
              Judge.Verdict.parse(
                  ask(gateway, log, pair, i, "b_first", messages(q, references[i], b[i], a[i])));
          asked += 2;
          listener.judged(asked);
        }
        results.add(Judge.pair(pair[0], pair[1], aFirst, bFirst, o.resamples(), o.bootstrapSeed()));
      }
    } catch (ApiException e) {
      if (e == interrupted) {
        throw e;
      }
      boolean again = e.kind() != ApiException.Kind.NOT_FOUND;
      throw new ApiException(
          e.kind(),
          e.statusCode(),
          "judge "
              + o.judgeModel()
              + ": "
              + e.getMessage()
              + (again
                  ? "; the replies so far are kept, rerun the same command to go on"
                  : "; the replies so far are kept (a rerun with this judge would fail the same"
                      + " way: choose another with --judge-model)"),
          e);
    } finally {
      listener.judgeEnded();
    }
    return Judge.result(o.judgeModel(), results);
  }

  private String ask(
      ChatGateway gateway,
      JudgeLog log,
      String[] pair,
      int index,
      String order,
      List<ChatMessage> messages) {
    StringBuilder all = new StringBuilder();
    messages.forEach(
        m -> all.append(m.role()).append('\u0000').append(m.content()).append('\u0000'));
    String hash = Sha256.hex(all.toString().getBytes(StandardCharsets.UTF_8));
    String judge = o.judgeModel();
    String known = log.reply(judge, pair[0], pair[1], index, order, hash);
    if (known != null) {
      return known;
    }
    ChatCompletion c = gateway.complete(new ChatRequest(judge, messages, 0.0, null, MAX_TOKENS));
    log.append(judge, pair[0], pair[1], index, order, hash, c.content());
    return c.content();
  }

  private static List<ChatMessage> messages(
      String question, String reference, String first, String second) {
    List<String> m = Judge.messages(question, reference, first, second);
    return List.of(ChatMessage.of("system", m.get(0)), ChatMessage.of("user", m.get(1)));
  }

  private static String[] answersOf(List<ModelAnswers> answers, String model) {
    for (ModelAnswers m : answers) {
      if (m.model().equals(model)) {
        return m.answers();
      }
    }
    throw new IllegalStateException("no answers of " + model);
  }

  /** The last user message (what the example asks), or the last prompt message. */
  static String lastUser(ChatExample e) {
    for (int i = e.prompt().size() - 1; i >= 0; i--) {
      if (e.prompt().get(i).role().equals("user")) {
        return e.prompt().get(i).content();
      }
    }
    return e.prompt().get(e.prompt().size() - 1).content();
  }
}
