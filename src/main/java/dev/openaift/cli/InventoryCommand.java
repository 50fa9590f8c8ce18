package dev.openaift.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.ModelEntry;
import dev.openaift.archive.Archive;
import dev.openaift.io.Json;
import dev.openaift.job.Echo;
import dev.openaift.job.Job;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.JobInputs;
import dev.openaift.retirement.Inventory;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import java.nio.file.Files;
import java.nio.file.Path;
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
          + " terminal. Exit 0 however near the dates are: it informs.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft inventory",
      "  openai-ft inventory --all --json",
      "  openai-ft inventory --retirement-dates my-dates.json"
    })
final class InventoryCommand extends ApiCommand {
  static final int MARK_DAYS = 30;
  private static final String MARK = "\u001b[1;31m";
  private static final String RESET = "\u001b[0m";

  @Option(
      names = "--json",
      description = "Print one JSON document (today, the platform dates, the rows).")
  boolean json;

  @Option(names = "--all", description = "Also list the base models the key can see.")
  boolean all;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive to look jobs up in (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Mixin RetirementOptions retirement;

  InventoryCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Shutdowns base = retirement.shutdowns(context.clock());
    Archive archive = new Archive(reportsDir);
    try (LifecycleGateway gateway = gateway()) {
      List<ModelEntry> models = gateway.listModels();
      List<Job> jobs = gateway.listJobsWithStatus(null, Integer.MAX_VALUE);
      Shutdowns shutdowns = base.withModels(models);
      List<Inventory.Row> rows =
          Inventory.build(
              models,
              jobs,
              gateway::listCheckpoints,
              id ->
                  JobIds.isSafe(id)
                      && Files.isRegularFile(archive.folder(id).resolve(JobInputs.JOB)),
              shutdowns,
              all);
      if (json) {
        ApiJson.print(out(), json(rows, shutdowns));
      } else {
        print(rows, shutdowns);
      }
      return ExitCode.OK.code();
    }
  }

  private void print(List<Inventory.Row> rows, Shutdowns shutdowns) {
    shutdowns.platformLine().ifPresent(out()::println);
    if (rows.isEmpty()) {
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
                  "ARCHIVED")
              .rightAligned(6);
      for (Inventory.Row r : rows) {
        Shutdown s = r.shutdown();
        t.add(
            r.model(),
            r.kind().label(),
            r.baseModel(),
            r.jobId(),
            time(r.created()),
            s.date(),
            s.daysLeft(),
            s.source().label(),
            r.jobId() == null ? null : r.archived() ? "yes" : "no");
      }
      List<String> lines = t.lines();
      out().println(lines.get(0));
      for (int i = 0; i < rows.size(); i++) {
        boolean mark = context.terminal() && rows.get(i).shutdown().within(MARK_DAYS);
        // the colour is deliberate: written as it is, around the row escaped for people
        String row = lines.get(i + 1);
        Echo.raw(out()).println(mark ? MARK + Echo.visible(row) + RESET : Echo.visible(row));
      }
    }
    out().println(shutdowns.table().describe());
    out().flush();
  }

  private ObjectNode json(List<Inventory.Row> rows, Shutdowns shutdowns) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("today", shutdowns.today().toString());
    ObjectNode stop = root.putObject("new_jobs_stop");
    shutdowns
        .table()
        .newJobsStop()
        .ifPresentOrElse(
            d -> {
              stop.put("date", d.toString());
              stop.put("days_left", shutdowns.daysUntil(d));
            },
            () -> root.putNull("new_jobs_stop"));
    ObjectNode table = root.putObject("retirement_dates");
    table.put("as_of", shutdowns.table().asOf());
    table.put(
        "file",
        shutdowns.table().override() == null ? null : shutdowns.table().override().toString());
    ArrayNode list = root.putArray("models");
    for (Inventory.Row r : rows) {
      ObjectNode n = list.addObject();
      Shutdown s = r.shutdown();
      n.put("model", r.model());
      n.put("kind", r.kind().label());
      n.put("base_model", r.baseModel());
      n.put("job_id", r.jobId());
      n.put("created", r.created());
      n.put("shutdown_date", s.date() == null ? null : s.date().toString());
      n.put("days_left", s.daysLeft());
      n.put("date_source", s.source().label());
      n.put("archived", r.archived());
    }
    return root;
  }
}
