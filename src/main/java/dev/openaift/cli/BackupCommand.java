package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.Backup;
import dev.openaift.archive.BackupJson;
import dev.openaift.archive.BackupManifest;
import dev.openaift.follow.FollowOptions;
import dev.openaift.io.Echo;
import dev.openaift.io.InputFileException;
import dev.openaift.io.ShownPath;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
      "--verify re-hashes every record (job, events, checkpoints, result files, training and"
          + " validation files, models list, recordings, evaluation results) against the manifest"
          + " and lists each one missing or altered, and each job whose backup failed (exit 5 when"
          + " any); pages rebuilt from the records (index.html, reports, notebooks, figures) are"
          + " counted apart and are not damage. It writes backup-verified.json (when, ok, each"
          + " job's state).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft backup",
      "  openai-ft backup --since 2026-06-01 --data ~/datasets",
      "  openai-ft backup --jobs ftjob-abc123 ftjob-def456 --reports-dir ~/ft-archive",
      "  openai-ft backup --verify"
    })
final class BackupCommand extends ContextCommand {

  @Mixin ConnectionOptions connection;

  @Mixin ReportsDirOption reportsDir;

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
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "" + Backup.Options.DEFAULT_CONCURRENCY,
      description =
          "Jobs fetched at once, 1 to 32 (default: ${DEFAULT-VALUE}); a rate limit pauses them"
              + " all.")
  int concurrency;

  @Option(
      names = "--verify",
      description = "Re-hash the archive against backup.json; list missing or altered files.")
  boolean verify;

  BackupCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (concurrency < Backup.Options.MIN_CONCURRENCY
        || concurrency > Backup.Options.MAX_CONCURRENCY) {
      throw usage(
          "--concurrency: must be "
              + Backup.Options.MIN_CONCURRENCY
              + " to "
              + Backup.Options.MAX_CONCURRENCY
              + ", got "
              + concurrency);
    }
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
    PrintWriter out = out();
    PrintWriter err = err();
    BackupProgress progress =
        new BackupProgress(
            json ? err : out,
            context.clock(),
            context.terminal() && !json,
            context.terminalWidth());
    Archive archive = new Archive(reportsDir.dir(), notices());
    JobFailures failures = new JobFailures(err);
    Backup.Summary summary;
    try (LifecycleGateway gateway =
        context
            .gateways()
            .open(
                connection.connection(context.env()),
                context.sleeper(),
                context.clock(),
                context.env().get("OPENAI_ADMIN_KEY"))) {
      Backup backup =
          new Backup(
              gateway,
              archive,
              ArchiveSettings.defaults(context.zone()),
              context.clock(),
              context.sleeper(),
              FollowOptions.defaults(),
              progress);
      // one backup at a time: a second one waits (and says so), then finds the jobs unchanged
      try (Archive.Lock held = archive.lock("backup")) {
        summary = backup.run(new Backup.Options(jobs, from, data, concurrency), failures::attempt);
      }
    } finally {
      progress.clear();
    }
    if (json) {
      Echo.raw(out).println(BackupJson.summary(summary));
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
      out.println("not fetched: " + Echo.visible(m.what()) + ": " + Echo.message(m.reason()));
    }
    out.println(
        "manifest: "
            + ShownPath.of(s.manifest())
            + " ("
            + s.records()
            + " record"
            + (s.records() == 1 ? "" : "s")
            + ", "
            + s.views()
            + " page"
            + (s.views() == 1 ? "" : "s")
            + " rebuilt from them); check it with openai-ft backup --verify");
  }

  private int verify() {
    PrintWriter out = out();
    Path root = reportsDir.dir().toAbsolutePath().normalize();
    BackupManifest.Verification v;
    // a backup rewrites records first and the manifest last, under the archive's lock: hashed in
    // between, its new files look altered against the old manifest (and backup-verified.json,
    // which inventory trusts, would say so). So verify waits its turn like a writer. A folder that
    // does not exist holds nothing to verify, and taking its lock would create it.
    Archive archive = new Archive(root, notices());
    try (Archive.Lock held = Files.isDirectory(root) ? archive.lock("backup --verify") : null) {
      try {
        v = BackupManifest.verify(root);
      } catch (InputFileException e) {
        BackupManifest.writeVerified(root, context.clock().instant(), null, e.problem());
        throw e;
      }
      BackupManifest.writeVerified(root, context.clock().instant(), v, null);
    }
    if (json) {
      Echo.raw(out).println(BackupJson.verification(v));
    } else {
      printVerification(out, v, root);
    }
    return v.ok() ? ExitCode.OK.code() : ExitCode.FILE.code();
  }

  private static void printVerification(PrintWriter out, BackupManifest.Verification v, Path root) {
    for (BackupManifest.Damage d : v.damaged()) {
      out.println(
          d.problem().equals("missing")
              ? "missing: " + Echo.visible(d.path())
              : Echo.visible(d.path()) + ": " + Echo.message(d.problem()));
    }
    for (BackupManifest.JobProblem p : v.jobProblems()) {
      out.println("job " + Echo.cut(p.jobId()) + ": " + Echo.message(p.problem()));
    }
    for (BackupManifest.Grown g : v.grown()) {
      out.println(
          "grown since the backup (appended to; the part backed up is unchanged): "
              + Echo.visible(g.path())
              + " ("
              + g.bytesBefore()
              + " -> "
              + g.bytesNow()
              + " bytes)");
    }
    int views = v.viewsRebuilt().size() + v.viewsMissing().size();
    if (views > 0) {
      out.println(
          "pages: "
              + v.viewsRebuilt().size()
              + " rebuilt and "
              + v.viewsMissing().size()
              + " gone since the backup (made from the records by report, eval, compare: not"
              + " damage)");
    }
    int jobsOk = (int) v.jobs().values().stream().filter("ok"::equals).count();
    if (v.ok()) {
      out.println(
          "verified: all "
              + v.records()
              + " records of "
              + ShownPath.of(root.resolve(BackupManifest.FILE))
              + " match; "
              + jobsOk
              + " job"
              + (jobsOk == 1 ? "" : "s")
              + " backed up");
    } else {
      int jobsBad = v.jobs().size() - jobsOk;
      out.println(
          v.damaged().size()
              + " of "
              + v.records()
              + " records missing or altered; "
              + jobsBad
              + " of "
              + v.jobs().size()
              + " job"
              + (v.jobs().size() == 1 ? "" : "s")
              + " not backed up as archived");
    }
  }
}
