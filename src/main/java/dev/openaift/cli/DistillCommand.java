package dev.openaift.cli;

import dev.openaift.archive.Archive;
import dev.openaift.distill.DistillFolder;
import dev.openaift.distill.DistillSet;
import dev.openaift.io.Echo;
import dev.openaift.io.ShownPath;
import dev.openaift.job.Job;
import dev.openaift.lifecycle.Retrain;
import dev.openaift.record.ChatData;
import dev.openaift.record.Recording;
import dev.openaift.record.Recordings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openai-ft distill}: a recording (or a job's backed-up training file) as a training set for
 * an open model. Nothing is sent and no weights are trained.
 */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a model's recorded answers into a training set for an open model: the prompts of the"
          + " recorded data file with the recorded answers as the assistant turns (the"
          + " fine-tune's behaviour, captured), every prompt once, split with a seed into"
          + " data/train.jsonl, data/validation.jsonl and an evaluation hold-out, holdout.jsonl,"
          + " kept out of both. Chat 'messages' JSONL, as TRL's SFTTrainer, Axolotl (chat_template)"
          + " and Unsloth read it; README.md in the folder gives the commands to train with TRL's"
          + " command line, to report the run ('openai-ft report RUN_DIR') and to judge it on the"
          + " hold-out ('openai-ft eval'). Nothing is sent, no weights are trained.",
      "",
      "MODEL selects its recording in REPORTS-DIR/recordings/ ('openai-ft record MODEL --data"
          + " FILE' makes one); --data FILE chooses among several. --job JOB_ID exports the"
          + " backed-up training file of an archived job instead. The folder is written whole"
          + " or not at all; an existing one is replaced only with --force."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft distill ft:gpt-4o-mini-2024-07-18:org:support:abc123 --out distill-support",
      "  openai-ft distill ft:gpt-4o-mini-2024-07-18:org:support:abc123 --data prompts.jsonl \\",
      "      --seed 7 --holdout 0.2 --open-model Qwen/Qwen2.5-1.5B-Instruct",
      "  openai-ft distill --job ftjob-abc123 --out distill-abc123"
    })
final class DistillCommand extends BaseCommand {
  /** The open model the README trains unless --open-model names another. */
  static final String DEFAULT_OPEN_MODEL = "Qwen/Qwen2.5-1.5B-Instruct";

  static final class Source {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "MODEL",
        description = "The recorded model (fine-tuned, checkpoint or base).")
    String model;

    @Option(
        names = "--job",
        paramLabel = "JOB_ID",
        description = "Export an archived job's backed-up training file instead.")
    String job;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "The data file whose recording to use (when the model has several).")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "The folder to write (default: distill-<model or job>).")
  Path out;

  @Mixin ReportsDirOption reportsDir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "The split's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--validation",
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description = "Share of the prompts for validation, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(
      names = "--holdout",
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description =
          "Share kept out of training for evaluation, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(
      names = "--open-model",
      paramLabel = "HF_ID",
      defaultValue = DEFAULT_OPEN_MODEL,
      description = "The open model the README's commands train (default: ${DEFAULT-VALUE}).")
  String openModel;

  @Option(names = "--force", description = "Replace the output folder if it exists.")
  boolean force;

  @Override
  public Integer call() {
    checkFraction("--validation", validation);
    checkFraction("--holdout", holdout);
    if (openModel.isBlank() || openModel.chars().anyMatch(c -> c <= ' ')) {
      throw usage(
          "--open-model must be one Hugging Face id without spaces, got '"
              + Echo.cut(openModel)
              + "'");
    }
    DistillSet set;
    String name;
    if (source.job != null) {
      if (data != null) {
        throw usage("--data selects a recording: it does not go with --job");
      }
      set = fromJob(source.job.strip());
      name = source.job.strip();
    } else {
      Recording rec = recording(source.model.strip());
      set = DistillSet.fromRecording(rec);
      name = Recordings.folderOf(source.model.strip());
    }
    if (set.examples().isEmpty()) {
      throw new CliException(ExitCode.FILE, "nothing to export: the recording holds no answer yet");
    }
    Path folder = out != null ? out : Path.of("distill-" + name);
    DistillFolder.Settings settings =
        new DistillFolder.Settings(seed, validation, holdout, openModel.strip());
    DistillSet.Split split;
    try {
      split = DistillFolder.write(set, settings, folder, force);
    } catch (FileAlreadyExistsException e) {
      throw usage(
          "--out "
              + folder
              + " already exists and is not empty: choose another folder or add --force to"
              + " replace it");
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage() + "; lower --validation or --holdout");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
    }
    PrintWriter pw = out();
    pw.println(
        "distill: "
            + DistillFolder.summary(set, split)
            + " (seed "
            + seed
            + ") from "
            + (source.job != null
                ? "the training file of " + source.job.strip()
                : "the recording of " + Echo.cut(source.model.strip())));
    if (set.repeats() > 0 || set.unanswered() > 0) {
      pw.println(
          "left out: "
              + set.repeats()
              + " repeated prompt(s), "
              + set.unanswered()
              + " prompt(s) without a recorded answer");
    }
    pw.println("wrote " + ShownPath.of(folder) + " (README.md: train, report, judge)");
    pw.flush();
    return ExitCode.OK.code();
  }

  private void checkFraction(String option, double v) {
    if (!(v >= 0 && v <= 0.5)) {
      throw usage(option + " must be between 0 and 0.5, got " + v);
    }
  }

  /** The model's recording: the one for --data, else its only one. */
  private Recording recording(String model) {
    Path root = new Archive(reportsDir.dir()).root();
    Path modelDir;
    try {
      modelDir = root.resolve(Recordings.FOLDER).resolve(Recordings.folderOf(model));
    } catch (IllegalArgumentException e) {
      throw usage("MODEL: " + e.getMessage());
    }
    String record = "openai-ft record " + model + " --data FILE";
    if (data != null) {
      ChatData file = ChatData.readPrompts(data);
      List<Recording> recorded = Recordings.ofEveryEndpoint(root, model, file.sha256());
      if (recorded.size() == 1) {
        return recorded.get(0);
      }
      if (recorded.isEmpty()) {
        throw new CliException(
            ExitCode.FILE,
            "no recording of "
                + Echo.cut(model)
                + " for "
                + data
                + " in "
                + ShownPath.of(modelDir)
                + "; record it while the model answers: openai-ft record "
                + model
                + " --data "
                + data);
      }
      List<String> where = new ArrayList<>();
      for (Recording r : recorded) {
        where.add(Echo.cut(ShownPath.of(r.dir())));
      }
      throw usage(
          Echo.cut(model)
              + " was recorded on "
              + data
              + " from "
              + recorded.size()
              + " endpoints ("
              + String.join(", ", where)
              + "): copy the one to distil into another archive's recordings/ folder and pass"
              + " that archive with --reports-dir");
    }
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(modelDir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(modelDir)) {
        for (Path p : ds) {
          if (Files.isRegularFile(p.resolve(Recordings.HEADER))) {
            found.add(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + modelDir + ": " + e.getMessage(), e);
      }
    }
    if (found.isEmpty()) {
      throw new CliException(
          ExitCode.FILE,
          "no recording of "
              + Echo.cut(model)
              + " in "
              + ShownPath.of(root.resolve(Recordings.FOLDER))
              + "; record it while the model answers: "
              + record);
    }
    if (found.size() > 1) {
      found.sort(null);
      List<String> names = new ArrayList<>();
      for (Path p : found) {
        names.add(Echo.cut(Recording.read(p).header().dataFile()));
      }
      throw usage(
          Echo.cut(model)
              + " has "
              + found.size()
              + " recordings (on "
              + String.join(", ", names)
              + "): choose one with --data FILE");
    }
    return Recording.read(found.get(0));
  }

  /** An archived job's backed-up training file, as it is. */
  private DistillSet fromJob(String jobId) {
    Path root = new Archive(reportsDir.dir()).root();
    Retrain.Source src = Retrain.trainingOnly(root, jobId);
    Job job = src.job();
    return DistillSet.fromTrainingFile(
        ChatData.read(src.training().file()), job.id(), job.fineTunedModel());
  }
}
