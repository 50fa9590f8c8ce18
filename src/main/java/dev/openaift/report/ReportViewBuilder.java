package dev.openaift.report;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.Methods;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.Finding;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricStats;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a {@link JobAnalysis} and its rendered figures into the {@link ReportView} of the page. */
final class ReportViewBuilder {
  /** above this many events, per-step metrics events are left out of the listed log */
  static final int EVENT_LIMIT = 5000;

  private ReportViewBuilder() {}

  static ReportView build(
      JobAnalysis a, ReportOptions options, List<FigurePlan> plans, List<byte[]> pngs) {
    return build(
        a,
        options,
        plans,
        pngs,
        plans.isEmpty()
            ? null
            : InteractiveFigures.view(plans, a, new StepAxis(), options.figureWidth()));
  }

  /**
   * As above, with the interactive figures already made ({@link InteractiveFigures#view}; null
   * without figures): they need no PNG, so the renderer makes them while the PNGs are drawn.
   */
  static ReportView build(
      JobAnalysis a,
      ReportOptions options,
      List<FigurePlan> plans,
      List<byte[]> pngs,
      ReportView.Interactive interactive) {
    Job job = a.job();
    String status = job != null && job.status() != null ? job.status() : "unknown";
    boolean running = options.running() || (job != null && !job.isTerminal());
    String runningText =
        running
            ? "This job is still running (status: "
                + status
                + "): the figures and findings cover step "
                + Text.integer(a.steps())
                + (a.totalSteps() > a.steps() ? " of " + Text.integer(a.totalSteps()) : "")
                + " and will change."
            : null;
    String modelLine = null;
    if (job != null && job.model() != null) {
      modelLine = job.model() + (job.fineTunedModel() != null ? " → " + job.fineTunedModel() : "");
    }
    List<ReportView.Cell> cells = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      FigurePlan p = plans.get(i);
      String file = "figures/" + p.id() + ".png";
      String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(pngs.get(i));
      cells.add(
          new ReportView.Cell(
              cells.size() + 1,
              p.id(),
              p.title(),
              p.caption(a.smoothingWeight(), a.rollingWindow()),
              "figure",
              new ReportView.FigureOut(
                  uri,
                  p.title() + " per step",
                  options.figureWidth(),
                  options.figureHeight(),
                  file),
              null,
              null,
              null));
    }
    if (!a.epochs().isEmpty()) {
      String source =
          a.epochSource() == null ? "" : " (epoch boundaries from " + a.epochSource() + ")";
      cells.add(
          new ReportView.Cell(
              cells.size() + 1,
              "epochs",
              "Per epoch",
              List.of(
                  "group steps by epoch"
                      + source
                      + " → mean of each metric; full valid loss at the epoch end"),
              "table",
              null,
              TableData.epochs(a).view(null),
              null,
              null));
    }
    if (!a.checkpoints().isEmpty()) {
      cells.add(
          new ReportView.Cell(
              cells.size() + 1,
              "checkpoints",
              "Checkpoints",
              List.of("list checkpoints by step; best = lowest full_valid_loss"),
              "table",
              null,
              TableData.checkpoints(a)
                  .view(
                      a.bestCheckpoint() == null
                          ? "No checkpoint carries a full validation loss, so none is marked best."
                          : null),
              null,
              null));
    }
    List<ReportView.FindingOut> findings = new ArrayList<>();
    for (Finding f : a.findings()) {
      findings.add(new ReportView.FindingOut(severityClass(f.severity()), f.code(), f.text()));
    }
    cells.add(
        new ReportView.Cell(
            cells.size() + 1,
            "findings",
            "Findings",
            List.of("check for overfitting, undertraining, sparse validation and event warnings"),
            "findings",
            null,
            null,
            findings,
            null));
    if (!a.events().isEmpty()) {
      cells.add(
          new ReportView.Cell(
              cells.size() + 1,
              "events",
              "Event log",
              List.of(
                  "events where level ≠ info, then all events in the order they happened (the"
                      + " service's order within a second)"),
              "events",
              null,
              null,
              null,
              eventLog(a.events())));
    }
    String title = "Fine-tuning report: " + a.jobId();
    return new ReportView(
        title,
        a.jobId(),
        status,
        statusClass(status, running),
        running,
        runningText,
        modelLine,
        facts(a, options.sourceFacts()),
        hyperparameters(job),
        metricRows(a),
        highlights(a),
        a.warnings(),
        cells,
        "Generated by openai-ft from the job's files. Times are UTC.",
        FigurePlan.trim(a.smoothingWeight()),
        interactive);
  }

  private static List<ReportView.Fact> facts(JobAnalysis a, List<ReportView.Fact> sourceFacts) {
    Job job = a.job();
    List<ReportView.Fact> out = new ArrayList<>();
    add(out, "Job", a.jobId());
    out.addAll(sourceFacts);
    if (job != null) {
      add(out, "Status", job.status());
      add(out, "Method", Methods.describe(job.methodType()));
      add(out, "Base model", job.model());
      add(out, "Fine-tuned model", job.fineTunedModel());
      add(out, "Suffix", job.suffix());
    }
    String steps = Text.integer(a.steps());
    if (a.totalSteps() > a.steps()) {
      steps += " of " + Text.integer(a.totalSteps());
    }
    add(out, "Steps", steps);
    if (!a.epochEnds().isEmpty()) {
      add(
          out,
          "Epochs",
          a.epochEnds().size()
              + (a.epochSource() != null ? " (from " + a.epochSource() + ")" : ""));
    } else if (job != null && job.hyperparameters().get("n_epochs") != null) {
      add(out, "Epochs", job.hyperparameters().get("n_epochs"));
    }
    if (job != null && job.trainedTokens() != null) {
      add(out, "Trained tokens", Text.integer(job.trainedTokens()));
    }
    Map<String, Long> t = a.timestamps();
    Long created = t.getOrDefault("created", job == null ? null : job.createdAt());
    Long finished = t.getOrDefault("finished", job == null ? null : job.finishedAt());
    if (created != null) {
      add(out, "Created", Text.time(created));
    }
    if (t.get("started") != null) {
      add(out, "Started", Text.time(t.get("started")));
    }
    if (finished != null) {
      add(out, "Finished", Text.time(finished));
    }
    Map<String, Long> d = a.durations();
    for (String key : List.of("queued", "training", "total")) {
      if (d.get(key) != null) {
        add(out, capitalise(key), Text.duration(d.get(key)));
      }
    }
    if (job != null) {
      add(out, "Training file", job.trainingFile());
      add(out, "Validation file", job.validationFile());
      if (job.seed() != null) {
        add(out, "Seed", Long.toString(job.seed()));
      }
      if (job.errorMessage() != null) {
        add(
            out,
            "Error",
            (job.errorCode() != null ? job.errorCode() + ": " : "") + job.errorMessage());
      }
      job.metadata().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> add(out, "metadata." + e.getKey(), e.getValue()));
    }
    add(out, "Result format", a.format());
    return out;
  }

  private static List<ReportView.Fact> hyperparameters(Job job) {
    List<ReportView.Fact> out = new ArrayList<>();
    if (job != null) {
      job.hyperparameters().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  add(
                      out,
                      Methods.isSpecific(job.methodType(), e.getKey())
                          ? e.getKey() + " (" + job.methodType() + " only)"
                          : e.getKey(),
                      e.getValue()));
    }
    return out;
  }

  private static List<ReportView.Fact> highlights(JobAnalysis a) {
    List<ReportView.Fact> out = new ArrayList<>();
    Checkpoint best = a.bestCheckpoint();
    if (best != null) {
      // its own full_valid_loss, else the events' value at its step (what made it the best)
      double loss = Analyzer.fullValidLossOf(best, a);
      add(
          out,
          "Best checkpoint",
          "step "
              + best.stepNumber()
              + (Double.isFinite(loss) ? ", full valid loss " + Text.number(loss) : "")
              + (best.fineTunedModelCheckpoint() != null
                  ? " · " + best.fineTunedModelCheckpoint()
                  : ""));
    }
    if (Double.isFinite(a.generalisationGap())) {
      add(
          out,
          "Generalisation gap",
          Text.signed(a.generalisationGap()) + " (validation − training loss)");
    }
    add(
        out,
        "Smoothing",
        "EMA weight "
            + FigurePlan.trim(a.smoothingWeight())
            + "; validation rolling window "
            + a.rollingWindow());
    return out;
  }

  private static List<ReportView.MetricRow> metricRows(JobAnalysis a) {
    List<ReportView.MetricRow> out = new ArrayList<>();
    for (MetricSeries s : a.series()) {
      MetricStats st = a.stats().get(s.name());
      if (st == null || st.points() == 0) {
        continue;
      }
      String best = Text.MISSING;
      String bestStep = "";
      if (s.isLoss()) {
        best = Text.number(st.min());
        bestStep = "step " + st.minStep();
      } else if (s.isAccuracy() || s.kind() == MetricSeries.Kind.CLASSIFICATION) {
        // accuracy, precision, recall, AUROC, AUPRC, F1: higher is better
        best = Text.number(st.max());
        bestStep = "step " + st.maxStep();
      }
      // a schedule (the learning rate) is not smoothed: the page draws and shows it as logged
      double smoothed =
          s.smoothed().length == 0 || FigurePlanner.schedule(s.name())
              ? Double.NaN
              : s.smoothed()[s.smoothed().length - 1];
      String source =
          s.sourceName() != null && !s.sourceName().equals(s.name()) ? s.sourceName() : null;
      out.add(
          new ReportView.MetricRow(
              s.name(),
              source,
              Text.integer(st.points()),
              Text.number(st.last()),
              "step " + st.lastStep(),
              best,
              bestStep,
              Text.number(smoothed)));
    }
    return out;
  }

  static ReportView.EventLog eventLog(List<JobEvent> events) {
    List<ReportView.EventOut> flagged = new ArrayList<>();
    for (JobEvent e : events) {
      if (!"info".equals(levelClass(e.level()))) {
        flagged.add(event(e));
      }
    }
    List<JobEvent> listed = events;
    String note = null;
    if (events.size() > EVENT_LIMIT) {
      List<JobEvent> messages = events.stream().filter(e -> !e.isMetrics()).toList();
      int omitted = events.size() - messages.size();
      listed = messages;
      note =
          Text.integer(omitted)
              + " per-step metrics events are not listed here: their values are in the figures and"
              + " metrics.csv.";
      if (messages.size() > EVENT_LIMIT) {
        int half = EVENT_LIMIT / 2;
        List<JobEvent> cut = new ArrayList<>(messages.subList(0, half));
        cut.addAll(messages.subList(messages.size() - half, messages.size()));
        listed = cut;
        note +=
            " Of the "
                + Text.integer(messages.size())
                + " other events the first and last "
                + Text.integer(half)
                + " are shown.";
      }
    }
    List<ReportView.EventOut> all = new ArrayList<>(listed.size());
    for (JobEvent e : listed) {
      all.add(event(e));
    }
    return new ReportView.EventLog(flagged, all, Text.integer(events.size()), note);
  }

  private static ReportView.EventOut event(JobEvent e) {
    return new ReportView.EventOut(
        Text.shortTime(e.createdAt()), e.level(), levelClass(e.level()), e.message());
  }

  static String levelClass(String level) {
    String l = level == null ? "info" : level.toLowerCase(Locale.ROOT);
    if (l.startsWith("err") || l.equals("fatal")) {
      return "error";
    }
    if (l.startsWith("warn")) {
      return "warn";
    }
    return "info";
  }

  private static String severityClass(String severity) {
    String s = severity == null ? "info" : severity.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "error", "warning" -> s;
      case "warn" -> "warning";
      default -> "info";
    };
  }

  private static String statusClass(String status, boolean running) {
    return switch (status) {
      case "succeeded" -> "ok";
      case "failed", "cancelled" -> "bad";
      case "unknown" -> running ? "busy" : "unknown";
      default -> "busy";
    };
  }

  private static void add(List<ReportView.Fact> out, String label, String value) {
    if (value != null && !value.isBlank()) {
      out.add(new ReportView.Fact(label, value));
    }
  }

  private static String capitalise(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
