package dev.openaift.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything the sandbox holds, as plain mutable data that Jackson writes to and reads from {@code
 * state.json}. Guarded by the owning {@link Store}'s lock; never shared outside it. Maps keep
 * insertion (creation) order.
 */
final class SandboxState {
  public LinkedHashMap<String, FileEntry> files = new LinkedHashMap<>();
  public LinkedHashMap<String, JobEntry> jobs = new LinkedHashMap<>();

  /** Fine-tuned models only; base models come from {@link BaseModels}. */
  public LinkedHashMap<String, ModelEntry> models = new LinkedHashMap<>();

  /**
   * Azure flavour: deployment name -> the model it serves (base models are also deployed under
   * their own id).
   */
  public LinkedHashMap<String, String> deployments = new LinkedHashMap<>();

  /**
   * How many ids were drawn, so a reloaded sandbox continues the id sequence instead of repeating
   * it.
   */
  public long idDraws;

  static final class FileEntry {
    public String id;
    public String filename;
    public String purpose;
    public long createdAt;
    public byte[] content;
  }

  static final class EventEntry {
    public String id;
    public long createdAt;
    public String level;
    public String message;
    public String type;
    public TreeMap<String, Object> data;
  }

  static final class CheckpointEntry {
    public String id;
    public long createdAt;
    public String model;
    public int step;
    public TreeMap<String, Object> metrics;
  }

  static final class ModelEntry {
    public String id;
    public long created;
    public String ownedBy;
    public String jobId;
  }

  static final class JobError {
    public String code;
    public String message;
    public String param;
  }

  static final class JobEntry {
    public String id;
    public long createdAt;

    /** The model as the job reports it: a dated base snapshot or a fine-tuned model id. */
    public String model;

    /** The base snapshot that names the fine-tuned model. */
    public String baseModel;

    /** The fine-tuned model this job continues from, or null. */
    public String parentModel;

    public String status;
    public String trainingFile;
    public String validationFile;
    public String suffix;
    public long seed;
    public TreeMap<String, String> metadata;

    /** {@code supervised}, {@code dpo} or {@code reinforcement}. */
    public String method;

    /** Requested hyperparameters: the string "auto" or a number. */
    public Object reqEpochs = "auto";

    public Object reqBatchSize = "auto";
    public Object reqLearningRate = "auto";
    public Object reqBeta = "auto";
    public Object reqComputeMultiplier = "auto";
    public Object reqEvalInterval = "auto";
    public Object reqEvalSamples = "auto";
    public String reqReasoningEffort = "default";

    /** A reinforcement job's grader, as the request gave it. */
    public com.fasterxml.jackson.databind.node.ObjectNode grader;

    /** A reinforcement job's resolved plan, set with {@link #plan}. */
    public ReinforcementPlan reinforcement;

    /** Set once the files are validated. */
    public TrainingPlan plan;

    public List<TrainingData.Example> examples = new ArrayList<>();

    /** Completed training steps. */
    public int step;

    /** Simulated time of tick 0 (epoch ms); tick k happens at simBaseMs + k x step delay. */
    public long simBaseMs;

    public long ticks;
    public JobError error;
    public String fineTunedModel;
    public Long finishedAt;
    public Long trainedTokens;
    public List<String> resultFiles = new ArrayList<>();
    public String modelTag;
    public List<EventEntry> events = new ArrayList<>();
    public List<CheckpointEntry> checkpoints = new ArrayList<>();

    boolean isTerminal() {
      return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }

    boolean isActive() {
      return !isTerminal() && !status.equals("paused");
    }
  }
}
