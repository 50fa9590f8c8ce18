package dev.openaift.record;

import dev.openaift.models.ModelCatalog;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code record --all} will ask, worked out before anything is sent: per model, the data file
 * it is recorded on, what its recording already holds and what asking the rest costs; and the
 * models left out, each with its reason.
 *
 * @param items the models to record, in the order they are asked
 * @param skipped the models left out (gone, no data), in the order they were met
 */
public record RecordPlan(List<Item> items, List<Skipped> skipped) {
  public RecordPlan {
    items = List.copyOf(items);
    skipped = List.copyOf(skipped);
  }

  /**
   * One model to record.
   *
   * @param model the model asked
   * @param checkpoint whether it is a checkpoint model
   * @param jobId the job that made it, or null
   * @param source where the data file came from, for people ({@code validation file valid.jsonl
   *     (file-abc)}, {@code --data})
   * @param data the data file read
   * @param examples the examples to have recorded at the end (the first {@code --limit} ones)
   * @param todo the examples not recorded yet
   * @param dir the recording's folder
   * @param header the header the recording is opened with
   * @param options how the model is asked
   * @param estimate what asking {@code todo} costs
   */
  public record Item(
      String model,
      boolean checkpoint,
      String jobId,
      String source,
      ChatData data,
      List<ChatExample> examples,
      List<ChatExample> todo,
      Path dir,
      RecordingHeader header,
      Recorder.Options options,
      RecordEstimate estimate) {
    public Item {
      examples = List.copyOf(examples);
      todo = List.copyOf(todo);
    }

    /**
     * What recording {@code model} on {@code data} into {@code dir} still lacks.
     *
     * @param limit only the first N examples, or null for all
     * @throws RecordingConflictException when the recording in {@code dir} was made with other
     *     parameters (before any price is discussed)
     */
    public static Item of(
        String model,
        boolean checkpoint,
        String jobId,
        String source,
        ChatData data,
        Integer limit,
        Path dir,
        Recorder.Options options,
        ModelCatalog catalog,
        Instant now) {
      List<ChatExample> examples = data.examples(limit);
      RecordingHeader wanted = options.header(data, now);
      Optional<Recording> existing = Recording.find(dir);
      if (existing.isPresent() && !existing.get().header().sameRequestsAs(wanted)) {
        // the same refusal as opening the log would give
        try (AnswerLog ignored = AnswerLog.open(dir, wanted)) {
          throw new IllegalStateException("unreachable: the headers differ");
        }
      }
      List<ChatExample> todo = new ArrayList<>();
      for (ChatExample e : examples) {
        if (existing.isEmpty() || existing.get().answer(e.index()).isEmpty()) {
          todo.add(e);
        }
      }
      return new Item(
          model,
          checkpoint,
          jobId,
          source,
          data,
          examples,
          todo,
          dir,
          wanted,
          options,
          RecordEstimate.of(model, todo, options.maxTokens(), catalog));
    }

    /** Examples recorded before this run. */
    public int already() {
      return examples.size() - todo.size();
    }
  }

  /** A model that is not recorded, and why ({@code shut down on 2026-10-23}). */
  public record Skipped(String model, String why) {}

  /** Requests to send in all. */
  public int requests() {
    return items.stream().mapToInt(i -> i.todo().size()).sum();
  }

  /** Examples recorded before this run, in all. */
  public int already() {
    return items.stream().mapToInt(Item::already).sum();
  }

  /** Examples to have recorded at the end, in all. */
  public int total() {
    return items.stream().mapToInt(i -> i.examples().size()).sum();
  }

  public long promptTokens() {
    return items.stream().mapToLong(i -> i.estimate().promptTokens()).sum();
  }

  public long completionTokens() {
    return items.stream().mapToLong(i -> i.estimate().completionTokens()).sum();
  }

  /** The cost of the models whose price is known (those with nothing to ask cost nothing). */
  public BigDecimal knownCost() {
    return items.stream()
        .filter(i -> !i.todo().isEmpty())
        .map(i -> i.estimate().cost().orElse(BigDecimal.ZERO))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Models with something to ask and no price in the prices file. */
  public long unpriced() {
    return items.stream().filter(i -> !i.todo().isEmpty() && i.estimate().cost().isEmpty()).count();
  }

  /** The whole plan's cost, empty when a model with something to ask has no known price. */
  public Optional<BigDecimal> cost() {
    return unpriced() == 0 ? Optional.of(knownCost()) : Optional.empty();
  }
}
