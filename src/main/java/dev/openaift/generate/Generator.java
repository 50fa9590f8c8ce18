package dev.openaift.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Sleeper;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.JsonLinesLog;
import dev.openaift.models.ModelCatalog;
import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import dev.openaift.record.ChatBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a {@link GenerationPlan} into a {@link DatasetFolder}: sends the request of every topic the
 * answer log does not hold yet ({@link ChatBatch}: bounded concurrency, retries), appends each
 * answer the moment it arrives, then builds the output from the whole log ({@link DatasetBuilder}),
 * checks it with {@code prepare} and writes the report last. Each file is written atomically; a
 * kill at any point leaves the log with every answer received, and a rerun asks only for the topics
 * missing.
 */
public final class Generator {
  /**
   * @param concurrency requests in flight at most
   * @param maxAttempts attempts per request before the run gives up
   */
  public record Options(
      String project, String dataset, boolean promptsOnly, int concurrency, int maxAttempts) {}

  /**
   * How a run ended.
   *
   * @param asked requests answered in this run
   * @param check {@code prepare}'s verdict on the training set (null with prompts only)
   * @param cost what the answers cost, from their usage (null when the model's price is unknown)
   */
  public record Outcome(
      DatasetBuilder.Result result,
      Path output,
      Path report,
      PrepareReport check,
      int asked,
      int retries,
      long promptTokens,
      long completionTokens,
      BigDecimal cost) {}

  /** One topic's request, saved to the log when answered. */
  public record TopicTask(
      GenerationPlan.Item item, JsonLinesLog<Integer, GeneratedAnswer> log, Clock clock)
      implements ChatBatch.Task {
    @Override
    public ChatRequest request() {
      return item.request();
    }

    @Override
    public boolean accept(ChatCompletion c) {
      if (c.raw() == null) {
        throw new IllegalStateException("the gateway gave no raw answer");
      }
      return log.append(
          new GeneratedAnswer(
              item.topicIndex(),
              item.topic(),
              item.sha256(),
              clock.instant().toString(),
              c.latencyMs(),
              c.raw()));
    }
  }

  private final ChatGateway gateway;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ModelCatalog catalog;

  public Generator(ChatGateway gateway, Clock clock, Sleeper sleeper, ModelCatalog catalog) {
    this.gateway = gateway;
    this.clock = clock;
    this.sleeper = sleeper;
    this.catalog = catalog;
  }

  /**
   * The answers an earlier run of the dataset left, which this run continues: none when there is no
   * earlier run or {@code force} starts over.
   *
   * @param name the dataset's name, for the messages
   * @throws InputFileException when the dataset is complete (and not forced), or when the earlier
   *     run was made from another config
   */
  public static List<GeneratedAnswer> resumable(
      GenerationPlan plan, DatasetFolder folder, String name, boolean force) {
    DatasetFolder.State state = folder.state();
    if (state == DatasetFolder.State.COMPLETE && !force) {
      throw new InputFileException(
          folder.dir(),
          "dataset \""
              + name
              + "\" exists already; choose another --name, or"
              + " --force to generate it again (its requests are paid again)");
    }
    List<GeneratedAnswer> done =
        state == DatasetFolder.State.PARTIAL && !force ? folder.readAnswers() : List.of();
    String mismatch = mismatch(plan, done);
    if (mismatch != null) {
      throw new InputFileException(
          folder.answers(),
          "an earlier run of dataset \""
              + name
              + "\" cannot be continued: "
              + mismatch
              + "; restore the config, or start over with --force (pays again)");
    }
    return done;
  }

  /**
   * The first answer in the log that was made from another request than the plan's (the config
   * changed since), described, or null when the log fits the plan.
   */
  public static String mismatch(GenerationPlan plan, List<GeneratedAnswer> answers) {
    for (GeneratedAnswer a : answers) {
      if (a.topicIndex() >= plan.items().size()) {
        return "it holds an answer for topic "
            + (a.topicIndex() + 1)
            + " (\""
            + a.topic()
            + "\"), and the config has "
            + plan.items().size()
            + " topics";
      }
      GenerationPlan.Item item = plan.items().get(a.topicIndex());
      if (!item.sha256().equals(a.requestSha256())) {
        return "topic "
            + (a.topicIndex() + 1)
            + " (\""
            + a.topic()
            + "\") was asked with another request than "
            + GenerateConfig.FILE_NAME
            + " makes now";
      }
    }
    return null;
  }

  /**
   * Sends what is missing and writes the dataset.
   *
   * @param listener progress, from the batch's worker threads
   * @throws dev.openaift.api.ApiException when a request failed for good; the answers received stay
   *     in the log
   */
  public Outcome run(
      GenerationPlan plan,
      DatasetFolder folder,
      Options options,
      Function<List<TopicTask>, ChatBatch.Listener<TopicTask>> listener) {
    ChatBatch.Result sent;
    List<GeneratedAnswer> answers;
    try (JsonLinesLog<Integer, GeneratedAnswer> log = folder.openAnswers()) {
      String mismatch = mismatch(plan, log.entries());
      if (mismatch != null) {
        throw new dev.openaift.io.InputFileException(
            folder.answers(),
            mismatch + "; restore the config, or start over with --force (pays again)");
      }
      List<TopicTask> todo = new ArrayList<>();
      for (GenerationPlan.Item item : plan.items()) {
        if (!log.contains(item.topicIndex())) {
          todo.add(new TopicTask(item, log, clock));
        }
      }
      sent =
          new ChatBatch(gateway, clock, sleeper)
              .run(todo, options.concurrency(), options.maxAttempts(), listener.apply(todo));
      answers = log.entries();
    }
    DatasetBuilder.Result result =
        DatasetBuilder.build(plan.config(), answers, checks(plan.config()));
    Path output = folder.output(options.promptsOnly());
    try {
      AtomicFiles.write(
          output,
          out -> {
            for (DatasetBuilder.Kept k : result.kept()) {
              ObjectNode line =
                  options.promptsOnly() ? DatasetBuilder.promptOnly(k.example()) : k.example();
              out.write((GenerateJson.compact(line) + "\n").getBytes(StandardCharsets.UTF_8));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    PrepareReport check =
        options.promptsOnly() ? null : DatasetChecker.check(output, checks(plan.config()));
    long prompt = answers.stream().mapToLong(a -> a.usage("prompt_tokens")).sum();
    long completion = answers.stream().mapToLong(a -> a.usage("completion_tokens")).sum();
    BigDecimal cost = Estimates.cost(catalog, plan.config().model(), prompt, completion);
    ObjectNode report =
        GeneratedReport.build(
            options.project(),
            options.dataset(),
            plan,
            answers,
            result,
            options.promptsOnly(),
            output.getFileName().toString(),
            check,
            cost,
            clock.instant());
    try {
      AtomicFiles.write(folder.report(), GenerateJson.pretty(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.report() + ": " + e.getMessage(), e);
    }
    return new Outcome(
        result,
        output,
        folder.report(),
        check,
        sent.asked(),
        sent.retries(),
        prompt,
        completion,
        cost);
  }

  /** {@code prepare}'s options for the data: the base model and epochs of the config. */
  public PrepareOptions checks(GenerateConfig config) {
    return new PrepareOptions(
        config.baseModel() == null ? ModelCatalog.DEFAULT_MODEL : config.baseModel(),
        config.epochs(),
        catalog,
        PrepareOptions.DEFAULT_MAX_LINES);
  }
}
