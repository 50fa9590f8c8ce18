package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.archive.Archive;
import dev.openaift.io.Counts;
import dev.openaift.io.Echo;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.JobInputs;
import dev.openaift.retirement.ArchiveEvidence;
import dev.openaift.retirement.Inventory;
import dev.openaift.retirement.InventoryJson;
import dev.openaift.retirement.InventoryScan;
import dev.openaift.retirement.Readiness;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft inventory}: every fine-tuned model and checkpoint, with its shutdown date and
 * days left.
 */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description = {
      "List every fine-tuned model and checkpoint model the key can see, soonest shutdown first.",
      "",
      "Rows come from the models list and the jobs list (with each job's checkpoints): model, base"
          + " model, job, created, shutdown date, days left, where the date came from (models api,"
          + " base model, resource) and whether the job is archived in --reports-dir. A model"
          + " without its own shutdown_date takes its base model's, then the dated table of known"
          + " retirement dates (--retirement-dates). Above the table, the day new fine-tuning jobs"
          + " stop. Rows within "
          + InventoryCommand.MARK_DAYS
          + " days are marked on a"
          + " terminal.",
      "",
      "Readiness, from the archive: ARCHIVED says whether the model's job is backed up and"
          + " whether the last 'backup --verify' found it intact (verified DATE, not verified,"
          + " altered, missing, failed, no); RECORDED the most complete recording (answers/examples"
          + " and data file); REPLACEMENT the latest verdict of an 'eval' that judged a candidate"
          + " against the model or its recording. A model is safe with a verified backup and a"
          + " complete recording; the closing lines count the safe ones and say what the others"
          + " lack, soonest shutdown first.",
      "",
      "Exit 0 however near the dates are, unless --check-within DAYS is given: then exit "
          + InventoryCommand.NOT_READY
          + " while any fine-tuned model (with --check-checkpoints: or checkpoint) that shuts down"
          + " within DAYS days, and still answers (has not shut down yet and is not deleted), is"
          + " not safe. For cron and CI.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft inventory",
      "  openai-ft inventory --all --json",
      "  openai-ft inventory --retirement-dates my-dates.json",
      "  openai-ft inventory --check-within 30 --json > readiness.json"
    })
final class InventoryCommand extends ApiCommand {
  static final int MARK_DAYS = 30;
  static final int NOT_READY = 6;
  private static final String MARK = "\u001b[1;31m";
  private static final String RESET = "\u001b[0m";

  @Option(
      names = "--json",
      description = "Print one JSON document (today, the platform dates, the rows).")
  boolean json;

  @Option(names = "--all", description = "Also list the base models the key can see.")
  boolean all;

  @Mixin ReportsDirOption reportsDir;

  @Option(
      names = "--check-within",
      paramLabel = "DAYS",
      description =
          "Exit "
              + NOT_READY
              + " while a fine-tuned model shutting down within DAYS days lacks a verified backup"
              + " or a complete recording.")
  Integer checkWithin;

  @Option(
      names = "--check-checkpoints",
      description = "With --check-within: hold checkpoint models to the same rule.")
  boolean checkCheckpoints;

  @Mixin RetirementOptions retirement;

  InventoryCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (checkWithin != null && checkWithin < 0) {
      throw usage("--check-within must be 0 or more days, got " + checkWithin);
    }
    if (checkCheckpoints && checkWithin == null) {
      throw usage("--check-checkpoints goes with --check-within DAYS");
    }
    Archive archive = new Archive(reportsDir.dir());
    try (LifecycleGateway gateway = gateway()) {
      InventoryScan scan =
          InventoryScan.take(
              gateway,
              retirement.shutdowns(context.clock()),
              archive.root(),
              id ->
                  JobIds.isSafe(id)
                      && Files.isRegularFile(archive.folder(id).resolve(JobInputs.JOB)),
              all);
      List<Readiness.Status> statuses = scan.statuses();
      Shutdowns shutdowns = scan.shutdowns();
      List<Readiness.Status> atRisk =
          checkWithin == null ? List.of() : scan.atRisk(checkWithin, checkCheckpoints);
      if (json) {
        ApiJson.print(out(), InventoryJson.of(statuses, shutdowns, atRisk, checkWithin));
      } else {
        print(statuses, shutdowns);
      }
      if (checkWithin == null) {
        return ExitCode.OK.code();
      }
      if (atRisk.isEmpty()) {
        if (!json) {
          out()
              .println(
                  "Ready: every "
                      + (checkCheckpoints ? "model and checkpoint" : "fine-tuned model")
                      + " that shuts down within "
                      + checkWithin
                      + " days has a verified backup and a complete recording.");
          out().flush();
        }
        return ExitCode.OK.code();
      }
      err()
          .println(
              "openai-ft: not ready: "
                  + atRisk.size()
                  + (atRisk.size() == 1 ? " model shuts" : " models shut")
                  + " down within "
                  + checkWithin
                  + " days without a verified backup or a complete recording: "
                  + String.join(
                      ", ", atRisk.stream().map(st -> Echo.visible(st.row().model())).toList()));
      err().flush();
      return ExitCode.CHECK_FAILED.code();
    }
  }

  private void print(List<Readiness.Status> statuses, Shutdowns shutdowns) {
    shutdowns.platformLine().ifPresent(out()::println);
    if (statuses.isEmpty()) {
      out().println(all ? "No models." : "No fine-tuned models or checkpoints.");
    } else {
      TableFormatter t =
          new TableFormatter(
                  "MODEL",
                  "KIND",
                  "BASE MODEL",
                  "JOB",
                  "CREATED",
                  "SHUTDOWN",
                  "DAYS LEFT",
                  "DATE FROM",
                  "ARCHIVED",
                  "RECORDED",
                  "REPLACEMENT")
              .rightAligned(6);
      for (Readiness.Status st : statuses) {
        Inventory.Row r = st.row();
        Shutdown s = r.shutdown();
        t.add(
            r.model(),
            r.deleted() ? r.kind().label() + " (deleted)" : r.kind().label(),
            r.baseModel(),
            r.jobId(),
            time(r.created()),
            s.date(),
            s.daysLeft(),
            s.source().label(),
            st.fineTuned() ? archivedCell(st) : null,
            st.best().map(InventoryCommand::recordedCell).orElse(null),
            st.replacement() == null
                ? null
                : st.replacement().outcome() + " " + st.replacement().candidate());
      }
      List<String> lines = t.lines();
      out().println(lines.get(0));
      for (int i = 0; i < statuses.size(); i++) {
        boolean mark = context.terminal() && statuses.get(i).row().shutdown().within(MARK_DAYS);
        // the colour is deliberate: written as it is, around the row escaped for people
        String row = lines.get(i + 1);
        Echo.raw(out()).println(mark ? MARK + Echo.visible(row) + RESET : Echo.visible(row));
      }
    }
    out().println(shutdowns.table().describe());
    closing(statuses).forEach(out()::println);
    out().flush();
  }

  /** {@code verified 2026-12-01}, {@code not verified}, {@code altered}, {@code no}. */
  private static String archivedCell(Readiness.Status st) {
    return st.backup() == Readiness.BackupState.VERIFIED
        ? "verified " + st.verifiedAt().atZone(ZoneOffset.UTC).toLocalDate()
        : st.backup().label();
  }

  /** {@code 12/12 valid.jsonl}. */
  private static String recordedCell(ArchiveEvidence.Recorded r) {
    return r.answers()
        + "/"
        + (r.examples() > 0 ? r.examples() : "?")
        + " "
        + (r.dataFile() != null ? r.dataFile() : r.dataSha256().substring(0, 12));
  }

  /**
   * The closing lines: how many models (and checkpoints) are safe, then what each other one that
   * still answers lacks, soonest shutdown first, then those that have shut down, then those that
   * were deleted.
   */
  static List<String> closing(List<Readiness.Status> statuses) {
    List<Readiness.Status> models =
        statuses.stream().filter(st -> st.row().kind() == Inventory.Kind.MODEL).toList();
    List<Readiness.Status> ckpts =
        statuses.stream().filter(st -> st.row().kind() == Inventory.Kind.CHECKPOINT).toList();
    if (models.isEmpty() && ckpts.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add(
        "Safe (a verified backup and a complete recording): "
            + models.stream().filter(Readiness.Status::safe).count()
            + " of "
            + Counts.of(models.size(), "fine-tuned model")
            + ", "
            + ckpts.stream().filter(Readiness.Status::safe).count()
            + " of "
            + Counts.of(ckpts.size(), "checkpoint")
            + ".");
    List<String> gone = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (Readiness.Status st : statuses) {
      if (!st.fineTuned() || st.safe()) {
        continue;
      }
      Shutdown s = st.row().shutdown();
      if (s.past()) {
        gone.add(Echo.visible(st.row().model()));
        continue;
      }
      if (st.row().deleted()) {
        deleted.add(Echo.visible(st.row().model()));
        continue;
      }
      out.add(
          "  "
              + Echo.visible(st.row().model())
              + " ("
              + (s.known() ? s.date() + ", " + Shutdowns.describeDaysLeft(s) : "no shutdown date")
              + ") lacks "
              + String.join(", ", st.missing()));
    }
    if (!gone.isEmpty()) {
      out.add("  shut down already, no longer recordable: " + String.join(", ", gone));
    }
    if (!deleted.isEmpty()) {
      out.add(
          "  deleted (not in the models list), no longer recordable: "
              + String.join(", ", deleted));
    }
    return out;
  }
}
