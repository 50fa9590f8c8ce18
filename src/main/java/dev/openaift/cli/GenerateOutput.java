package dev.openaift.cli;

import dev.openaift.generate.DatasetBuilder;
import dev.openaift.generate.DatasetFolder;
import dev.openaift.generate.Estimates;
import dev.openaift.generate.GenerateConfig;
import dev.openaift.generate.GeneratedAnswer;
import dev.openaift.generate.GenerationPlan;
import dev.openaift.generate.Generator;
import dev.openaift.models.ModelCatalog;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code openai-ft generate} prints: the plan with its estimate before anything is sent, and
 * the outcome (answers, kept and rejected conversations, near-duplicates, the check of the dataset
 * and the next command).
 */
final class GenerateOutput {
  private GenerateOutput() {}

  /** The plan: a table of the topics, the estimate, and the first request. */
  static void printPlan(
      PrintWriter out,
      String project,
      String name,
      GenerationPlan plan,
      List<GeneratedAnswer> done,
      ModelCatalog catalog) {
    GenerateConfig c = plan.config();
    out.println("Project " + project + ", dataset " + name + ": " + plan.shape() + ".");
    out.println(
        "Model "
            + c.model()
            + (plan.strict()
                ? ", strict structured outputs"
                : ", without strict structured outputs")
            + (c.temperature() == null ? "" : ", temperature " + c.temperature())
            + (c.maxTokens() == null
                ? ""
                : ", at most " + c.maxTokens() + " output tokens per request")
            + ".");
    out.println();
    Set<Integer> answered = new HashSet<>();
    done.forEach(a -> answered.add(a.topicIndex()));
    TableFormatter table =
        new TableFormatter("#", "topic", "prompt tokens", "est. output tokens", "")
            .rightAligned(0, 2, 3);
    long prompt = 0;
    long output = 0;
    for (GenerationPlan.Item item : plan.items()) {
      boolean isDone = answered.contains(item.topicIndex());
      table.add(
          item.topicIndex() + 1,
          item.topic(),
          String.format(Locale.ROOT, "%,d", item.promptTokens()),
          isDone ? "-" : String.format(Locale.ROOT, "%,d", item.outputTokens()),
          isDone ? "answered already" : "to send");
      if (!isDone) {
        prompt += item.promptTokens();
        output += item.outputTokens();
      }
    }
    int todo = plan.items().size() - answered.size();
    table.add(
        "",
        "total to send (" + todo + (todo == 1 ? " request)" : " requests)"),
        String.format(Locale.ROOT, "%,d", prompt),
        String.format(Locale.ROOT, "%,d", output),
        "");
    table.print(out);
    out.println();
    out.println(Estimates.describe(catalog, c.model(), prompt, output));
    out.println(
        "(prompt tokens counted with "
            + plan.model().encoding()
            + "; output tokens estimated at "
            + GenerationPlan.OUTPUT_TOKENS_PER_MESSAGE
            + " per message asked for"
            + (c.maxTokens() == null ? "" : ", at most max_tokens")
            + ")");
    if (!plan.items().isEmpty()) {
      GenerationPlan.Item first = plan.items().get(0);
      out.println();
      out.println("Request 1 (the others differ only in the topic):");
      out.println(GenerationPlan.pretty(GenerationPlan.body(first.request())));
    }
    out.flush();
  }

  /** The run's outcome; the exit code is 5 when the dataset is not usable for fine-tuning. */
  static int summary(
      PrintWriter out,
      PrintWriter err,
      GenerationPlan plan,
      Generator.Outcome o,
      DatasetFolder folder) {
    DatasetBuilder.Result r = o.result();
    out.println();
    out.println(
        "Answers: "
            + o.asked()
            + " in this run"
            + (o.retries() == 0 ? "" : " (" + o.retries() + " retried)")
            + "; usage "
            + String.format(Locale.ROOT, "%,d", o.promptTokens())
            + " prompt + "
            + String.format(Locale.ROOT, "%,d", o.completionTokens())
            + " completion tokens"
            + (o.cost() == null ? "" : ", about $" + o.cost().toPlainString())
            + " in all.");
    long wholeAnswers = r.rejected().stream().filter(x -> x.conversation() == null).count();
    long conversations = r.rejected().size() - wholeAnswers;
    out.println(
        "Kept "
            + r.kept().size()
            + " of the "
            + plan.items().size() * plan.config().count()
            + " conversations asked for; rejected "
            + conversations
            + (conversations == 1 ? " conversation" : " conversations")
            + (wholeAnswers == 0
                ? ""
                : " and " + wholeAnswers + (wholeAnswers == 1 ? " whole answer" : " whole answers"))
            + ".");
    for (DatasetBuilder.Rejected x : r.rejected()) {
      out.println(
          "  rejected: topic "
              + (x.topicIndex() + 1)
              + " ("
              + x.topic()
              + ")"
              + (x.conversation() == null
                  ? ", the whole answer"
                  : ", conversation " + (x.conversation() + 1))
              + ": "
              + x.reason());
    }
    for (String note : r.notes()) {
      out.println("  note: " + note);
    }
    if (!r.nearDuplicates().isEmpty()) {
      out.println(
          "Near-duplicates across topics: "
              + r.nearDuplicates().size()
              + (r.nearDuplicates().size() == 1 ? " pair" : " pairs")
              + " (lines of "
              + o.output().getFileName()
              + "; listed in "
              + DatasetFolder.REPORT
              + "):");
      for (var pair : r.nearDuplicates()) {
        out.println(
            String.format(
                Locale.ROOT,
                "  lines %d and %d, %.0f%% alike",
                pair.a().id() + 1,
                pair.b().id() + 1,
                pair.similarity() * 100));
      }
    }
    out.println(
        "Wrote " + o.output() + " and " + o.report() + " (raw answers: " + folder.answers() + ").");
    if (o.check() == null) {
      out.println("Next: openai-ft record ... with " + o.output() + " as the prompt set.");
      return ExitCode.OK.code();
    }
    if (o.check().usable()) {
      out.println(
          "prepare: usable for "
              + o.check().model().requested()
              + "; "
              + o.check().examples()
              + " examples, "
              + String.format(Locale.ROOT, "%,d", o.check().estimate().billedTokensPerEpoch())
              + " billed tokens per epoch"
              + o.check()
                  .estimate()
                  .cost()
                  .map(
                      c ->
                          ", about $"
                              + c.toPlainString()
                              + " to train for "
                              + o.check().estimate().epochs()
                              + " epochs")
                  .orElse("")
              + ".");
      out.println(
          "Next: openai-ft jobs create --training-file "
              + o.output()
              + " --model "
              + o.check().model().requested()
              + (plan.config().epochs() == null ? "" : " --epochs " + plan.config().epochs()));
      return ExitCode.OK.code();
    }
    out.flush();
    err.println(
        "openai-ft: "
            + o.output()
            + ": not usable for fine-tuning: "
            + String.join(
                "; ", o.check().problems().stream().map(i -> i.kind().description()).toList())
            + " (openai-ft prepare "
            + o.output()
            + " shows where)");
    return ExitCode.FILE.code();
  }
}
