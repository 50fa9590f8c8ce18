package dev.openaift.distill;

import dev.openaift.io.Echo;
import java.util.Locale;

/**
 * The {@code README.md} of a distillation folder: what is in it, and the commands to train an open
 * model with TRL's command line (Axolotl and Unsloth read the same files), to report the run with
 * {@code openai-ft report}, and to judge it on the hold-out with {@code openai-ft eval}. Every
 * command runs from the folder itself.
 */
final class DistillReadme {
  /** The name the trained model is served under in the README's commands. */
  static final String SERVED_NAME = "distilled";

  /** Where the README's {@code vllm serve} command serves the trained model. */
  static final String LOCAL_URL = "http://localhost:8000/v1";

  /** Where the README's TRL command writes the run. */
  static final String RUN_DIR = "run";

  private DistillReadme() {}

  static String text(DistillSet set, DistillFolder.Settings s, DistillSet.Split split) {
    DistillSet.Source src = set.source();
    String from =
        src.kind().equals("recording")
            ? "the answers of `"
                + src.model()
                + "` recorded on `"
                + src.dataFile()
                + "` (sha256 `"
                + src.dataSha256()
                + "`)"
            : "the backed-up training file of job `"
                + src.origin()
                + "` (sha256 `"
                + src.dataSha256()
                + "`)";
    String answers =
        src.kind().equals("recording")
            ? "the recorded answers, byte for byte, as the assistant turns"
            : "the training file's own assistant turns";
    StringBuilder b = new StringBuilder();
    b.append("# Training set distilled from ")
        .append(src.model() == null ? src.origin() : "`" + src.model() + "`")
        .append("\n\n");
    b.append("Made by `openai-ft distill` from ").append(from).append(": every prompt once, with ");
    b.append(answers).append(". Split with seed ").append(s.seed()).append(":\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| file | examples | use |%n|---|---:|---|%n| `data/train.jsonl` | %d | training |%n|"
                + " `data/validation.jsonl` | %d | validation during training |%n| `holdout.jsonl`"
                + " | %d | kept out of training: judge the trained model on it |%n%n",
            split.train().size(),
            split.validation().size(),
            split.holdout().size()));
    b.append(
        "Each line is `{\"messages\": [{\"role\": ..., \"content\": ...}, ...]}`, the"
            + " conversational format TRL's SFTTrainer, Axolotl (`type: chat_template`) and Unsloth"
            + " read; `developer` messages are written as `system`. `distill.json` names the"
            + " source, the counts and each file's sha256.\n");
    if (set.repeats() > 0 || set.unanswered() > 0 || set.truncated() > 0) {
      b.append("\nLeft out or worth knowing: ")
          .append(set.repeats())
          .append(" repeated prompts (first answer kept), ")
          .append(set.unanswered())
          .append(" prompts without a recorded answer, ")
          .append(set.truncated())
          .append(" answers cut by the token limit (kept).\n");
    }
    b.append("\n## Train with TRL's command line\n\n");
    b.append("From this folder (`pip install trl`; add `--use_peft` for LoRA):\n\n```sh\n");
    b.append("trl sft \\\n")
        .append("  --model_name_or_path ")
        .append(s.openModel())
        .append(" \\\n")
        .append("  --dataset_name ")
        .append(DistillFolder.DATA_DIR)
        .append(" \\\n")
        .append("  --dataset_train_split train \\\n")
        .append("  --dataset_test_split validation \\\n")
        .append("  --eval_strategy epoch \\\n")
        .append("  --num_train_epochs 3 \\\n")
        .append("  --logging_steps 10 \\\n")
        .append("  --output_dir ")
        .append(RUN_DIR)
        .append("\n```\n\n");
    b.append(
        "`data/` loads as the splits `train` and `validation` (file names are split names for"
            + " `datasets.load_dataset`); `holdout.jsonl` sits outside it on purpose.\n\n");
    b.append("Axolotl (in its YAML):\n\n```yaml\n");
    b.append("datasets:\n  - path: data/train.jsonl\n    type: chat_template\n")
        .append("    field_messages: messages\n")
        .append("test_datasets:\n  - path: data/validation.jsonl\n    type: chat_template\n")
        .append("    field_messages: messages\n    split: train\n```\n\n");
    b.append("Unsloth (Python):\n\n```python\nfrom datasets import load_dataset\n")
        .append(
            "ds = load_dataset(\"json\", data_files={\"train\": \"data/train.jsonl\","
                + " \"validation\": \"data/validation.jsonl\"})\n```\n");
    b.append("\n## Report the run\n\n```sh\nopenai-ft report ").append(RUN_DIR).append("\n```\n\n");
    b.append(
        "Reads the Trainer's `trainer_state.json` (or the highest `checkpoint-N/`) like a"
            + " fine-tuning job's report.\n");
    b.append("\n## Judge it against the original\n\n");
    b.append(
        "Serve the trained model behind an OpenAI-compatible endpoint (vLLM here; Ollama or TGI"
            + " work the same at their `/v1` address), then score it on the hold-out:\n\n```sh\n");
    b.append("vllm serve ")
        .append(RUN_DIR)
        .append(" --served-model-name ")
        .append(SERVED_NAME)
        .append(" --port 8000\n");
    if (src.kind().equals("recording")) {
      // M's recorded answers are found by prompt: M itself is never asked (it may be shut down)
      String against =
          "recorded:"
              + src.model()
              + (src.endpoint().isOpenAiDefault() ? "" : "@" + src.endpoint().baseUrl());
      b.append("openai-ft eval --data ")
          .append(DistillFolder.HOLDOUT)
          .append(" --model ")
          .append(SERVED_NAME)
          .append("@")
          .append(LOCAL_URL)
          .append(" --api-key local \\\n  --against ")
          .append(Echo.shellWord(against))
          .append(" --margin 0.02\n```\n\n");
      b.append("`--against recorded:")
          .append(src.model())
          .append("` scores the replacement against `")
          .append(src.model())
          .append(
              "`'s recorded answers to the hold-out's prompts, found by prompt in its recording"
                  + " (the hold-out is not the recorded file): `"
                  + src.model()
                  + "` itself is not asked, so this works after it is shut down. `--margin 0.02`"
                  + " gives a PASS, FAIL or INCONCLUSIVE verdict per metric: is the replacement at"
                  + " most 2 points worse? The hold-out's prompts were never seen in training.");
      if (set.developerMessages() > 0) {
        b.append(
            " A prompt with a `developer` message is written here with `system` instead, so it"
                + " no longer matches the recording: `eval` leaves it out and says how many"
                + " examples it scored.");
      }
      b.append("\n");
    } else {
      b.append("openai-ft eval --data ")
          .append(DistillFolder.HOLDOUT)
          .append(" --model ")
          .append(SERVED_NAME)
          .append(" \\\n  --base-url ")
          .append(LOCAL_URL)
          .append(" --api-key local\n```\n\n");
      b.append(
          "The hold-out's assistant turns are the training file's answers, so `eval` (against the"
              + " expected answers, its default) measures how closely the replacement reproduces"
              + " them, on prompts it never saw in training.\n");
    }
    return b.toString();
  }
}
