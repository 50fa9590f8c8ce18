package dev.openaift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.Backup;
import dev.openaift.archive.BackupManifest;
import dev.openaift.follow.FollowOptions;
import dev.openaift.io.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code openai-ft backup}: everything the account holds about fine-tuning into the archive, with a
 * manifest; {@code backup --verify} checks the archive against that manifest.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copy every fine-tuning job of the account (job, all events, checkpoints, result files,"
          + " report), its training and validation files (once per file id), the models list with"
          + " shutdown dates and checkpoint permissions into the archive, with a manifest"
          + " (backup.json: size, sha256 and fetch time of every file, and what could not be"
          + " fetched and why).",
      "Run it again at any time: jobs already archived as they are now are not fetched again, and a"
          + " run that was stopped or killed carries on where it was.",
      "--verify re-hashes the archive against its manifest and lists every missing or altered file"
          + " (exit 5 when any).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft backup",
      "  openai-ft backup --since 2026-06-01 --data ~/datasets",
      "  openai-ft backup --jobs ftjob-abc123 ftjob-def456 --reports-dir ~/ft-archive",
      "  openai-ft backup --verify"
    })
final class BackupCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = Json.mapper();

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--jobs",
      paramLabel = "ID",
      arity = "1..*",
      description = "Only these jobs (default: every job).")
  List<String> jobs = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only jobs created on or after DATE (YYYY-MM-DD, local time).")
  String since;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Where to look for a local copy of a training file whose content the API refuses"
              + " (same byte size; among several, the same name and content).")
  Path data;

  @Option(names = "--json", description = "Print the final summary (or the verification) as JSON.")
  boolean json;

  @Option(
      names = "--verify",
      description = "Re-hash the archive against backup.json; list missing or altered files.")
  boolean verify;

  private final CliContext context;

  BackupCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (verify) {
      if (!jobs.isEmpty() || since != null || data != null) {
        throw usage("--verify takes only --reports-dir (and --json)");
      }
      return verify();
    }
    Instant from = null;
    if (since != null) {
      try {
        from = LocalDate.parse(since.strip()).atStartOfDay(context.zone()).toInstant();
      } catch (DateTimeParseException e) {
        throw usage("--since: not a date (YYYY-MM-DD): '" + since + "'");
      }
    }
    if (data != null && !Files.isDirectory(data)) {
      throw usage("--data: no such directory: " + data);
    }
    for (String id : jobs) {
      JobIdArgs.check(spec, id);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BackupProgress progress =
        new BackupProgress(
            json ? err : out,
            context.clock(),
            context.terminal() && !json,
            context.terminalWidth());
    Archive archive =
        new Archive(
            reportsDir,
            line -> {
              err.println("openai-ft: " + line);
              err.flush();
            });
    JobFailures failures = new JobFailures(err);
    Backup.Summary summary;
    try (LifecycleGateway gateway =
        new OpenAiGateway(
            connection.connection(context.env()),
            Sleeper.system(),
            context.clock(),
            context.env().get("OPENAI_ADMIN_KEY"))) {
      Backup backup =
          new Backup(
              gateway,
              archive,
              ArchiveSettings.defaults(context.zone()),
              context.clock(),
              Sleeper.system(),
              FollowOptions.defaults(),
              progress);
      // one backup at a time: a second one waits (and says so), then finds the jobs unchanged
      try (Archive.Lock held = archive.lock("backup")) {
        summary = backup.run(new Backup.Options(jobs, from, data), failures::attempt);
      }
    } finally {
      progress.clear();
    }
    if (json) {
      out.println(summaryJson(summary));
    } else {
      printSummary(out, summary);
    }
    return failures.exitCode();
  }

  private static void printSummary(PrintWriter out, Backup.Summary s) {
    out.println(
        "backup: "
            + s.jobs()
            + " job"
            + (s.jobs() == 1 ? "" : "s")
            + " ("
            + s.archived()
            + " archived, "
            + s.unchanged()
            + " unchanged, "
            + s.failed()
            + " failed), "
            + s.dataFiles()
            + " training/validation file"
            + (s.dataFiles() == 1 ? "" : "s")
            + ", "
            + BackupProgress.size(s.bytes())
            + " written");
    for (BackupManifest.Missing m : s.missing()) {
      out.println("not fetched: " + m.what() + ": " + m.reason());
    }
    out.println(
        "manifest: "
            + FollowRunner.shown(s.manifest())
            + " ("
            + s.files()
            + " files); check it with"
            + " openai-ft backup --verify");
  }

  private static String summaryJson(Backup.Summary s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("jobs", s.jobs());
    n.put("archived", s.archived());
    n.put("unchanged", s.unchanged());
    n.put("failed", s.failed());
    n.put("data_files", s.dataFiles());
    n.put("bytes_written", s.bytes());
    n.put("manifest", s.manifest().toString());
    n.put("files", s.files());
    ArrayNode missing = n.putArray("not_fetched");
    s.missing().forEach(m -> missing.addObject().put("what", m.what()).put("reason", m.reason()));
    return write(n);
  }

  private int verify() {
    PrintWriter out = spec.commandLine().getOut();
    Path root = reportsDir.toAbsolutePath().normalize();
    List<BackupManifest.Damage> damage = BackupManifest.verify(root);
    int checked = BackupManifest.read(root).size();
    if (json) {
      ObjectNode n = JSON.createObjectNode();
      n.put("checked", checked);
      ArrayNode list = n.putArray("damaged");
      damage.forEach(d -> list.addObject().put("path", d.path()).put("problem", d.problem()));
      out.println(write(n));
    } else {
      for (BackupManifest.Damage d : damage) {
        out.println(
            d.problem().startsWith("missing")
                ? "missing: " + d.path()
                : d.path() + ": " + d.problem());
      }
      out.println(
          damage.isEmpty()
              ? "verified: all "
                  + checked
                  + " files of "
                  + FollowRunner.shown(root.resolve(BackupManifest.FILE))
                  + " match"
              : damage.size() + " of " + checked + " files missing or altered");
    }
    return damage.isEmpty() ? ExitCode.OK.code() : ExitCode.FILE.code();
  }

  private static String write(ObjectNode n) {
    try {
      return Json.pretty().writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
