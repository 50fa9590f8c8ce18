package dev.openaift.report;

import dev.openaift.job.Checkpoint;
import dev.openaift.metrics.EpochRow;
import dev.openaift.metrics.JobAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A table with typed cells ({@link Long}, {@link Double} or {@link String}), shown in the HTML as
 * formatted text and rebuilt in the notebook as a pandas DataFrame from literals.
 *
 * @param columns column names
 * @param rows cells per row, as long as {@code columns}
 * @param highlight index of the highlighted row, or -1
 * @param badge the word shown on the highlighted row
 */
record TableData(List<String> columns, List<List<Object>> rows, int highlight, String badge) {

  static TableData epochs(JobAnalysis a) {
    List<EpochRow> epochs = a.epochs();
    boolean trainAcc = epochs.stream().anyMatch(e -> Double.isFinite(e.meanTrainAccuracy()));
    boolean validAcc = epochs.stream().anyMatch(e -> Double.isFinite(e.meanValidAccuracy()));
    boolean validLoss = epochs.stream().anyMatch(e -> Double.isFinite(e.meanValidLoss()));
    boolean fullValid = epochs.stream().anyMatch(e -> Double.isFinite(e.fullValidLoss()));
    List<String> cols =
        new ArrayList<>(List.of("epoch", "first step", "last step", "mean train loss"));
    if (validLoss) {
      cols.add("mean valid loss");
    }
    if (fullValid) {
      cols.add("full valid loss at end");
    }
    if (trainAcc) {
      cols.add("mean train accuracy");
    }
    if (validAcc) {
      cols.add("mean valid accuracy");
    }
    List<List<Object>> rows = new ArrayList<>();
    for (EpochRow e : epochs) {
      List<Object> r =
          new ArrayList<>(
              List.of((long) e.epoch(), e.firstStep(), e.lastStep(), e.meanTrainLoss()));
      if (validLoss) {
        r.add(e.meanValidLoss());
      }
      if (fullValid) {
        r.add(e.fullValidLoss());
      }
      if (trainAcc) {
        r.add(e.meanTrainAccuracy());
      }
      if (validAcc) {
        r.add(e.meanValidAccuracy());
      }
      rows.add(r);
    }
    return new TableData(cols, rows, -1, null);
  }

  static TableData checkpoints(JobAnalysis a) {
    TreeSet<String> metricNames = new TreeSet<>();
    for (Checkpoint c : a.checkpoints()) {
      metricNames.addAll(c.metrics().keySet());
    }
    metricNames.remove("step");
    List<String> cols = new ArrayList<>(List.of("step", "created", "model checkpoint"));
    cols.addAll(metricNames);
    List<List<Object>> rows = new ArrayList<>();
    int highlight = -1;
    for (Checkpoint c : a.checkpoints()) {
      List<Object> r = new ArrayList<>();
      r.add(c.stepNumber());
      // a checkpoint without a time (a Trainer run's checkpoint-N folder) is read as 0: no time
      r.add(c.createdAt() > 0 ? Text.shortTime(c.createdAt()) : Text.MISSING);
      r.add(c.fineTunedModelCheckpoint() == null ? Text.MISSING : c.fineTunedModelCheckpoint());
      for (String m : metricNames) {
        Double v = c.metrics().get(m);
        r.add(v == null ? Double.NaN : v);
      }
      if (a.bestCheckpoint() != null && a.bestCheckpoint().id().equals(c.id())) {
        highlight = rows.size();
      }
      rows.add(r);
    }
    return new TableData(cols, rows, highlight, "best");
  }

  boolean numeric(int column) {
    return !rows.isEmpty() && rows.stream().allMatch(r -> !(r.get(column) instanceof String));
  }

  static String format(Object cell) {
    if (cell instanceof Long l) {
      return Long.toString(l);
    }
    if (cell instanceof Double d) {
      return Text.number(d);
    }
    return String.valueOf(cell);
  }

  static String python(Object cell) {
    if (cell instanceof Long l) {
      return Long.toString(l);
    }
    if (cell instanceof Double d) {
      return Text.python(d);
    }
    return Text.pythonString(String.valueOf(cell));
  }

  /** The HTML view of this table. */
  ReportView.Table view(String note) {
    List<ReportView.Column> cs = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      cs.add(new ReportView.Column(columns.get(i), numeric(i)));
    }
    List<ReportView.Row> rs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<String> cells = rows.get(i).stream().map(TableData::format).toList();
      rs.add(new ReportView.Row(cells, i == highlight, i == highlight ? badge : null));
    }
    return new ReportView.Table(cs, rs, note);
  }

  /** A pandas-like HTML table for the notebook's saved output; every string escaped. */
  String html() {
    StringBuilder b =
        new StringBuilder(
            "<table border=\"1\" class=\"dataframe\">\n"
                + "<thead>\n"
                + "<tr style=\"text-align: right;\">\n");
    for (String c : columns) {
      b.append("<th>").append(Text.html(c)).append("</th>\n");
    }
    b.append("</tr>\n</thead>\n<tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      b.append(i == highlight ? "<tr style=\"font-weight: bold;\">\n" : "<tr>\n");
      for (Object cell : rows.get(i)) {
        b.append("<td>").append(Text.html(format(cell))).append("</td>\n");
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody>\n</table>").toString();
  }

  /** A fixed-width text table for the notebook's {@code text/plain} output. */
  String plain() {
    int[] width = new int[columns.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = columns.get(i).length();
      for (List<Object> r : rows) {
        width[i] = Math.max(width[i], format(r.get(i)).length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendLine(b, columns.stream().map(Object.class::cast).toList(), width, false);
    for (List<Object> r : rows) {
      b.append('\n');
      appendLine(b, r, width, true);
    }
    return b.toString();
  }

  private static void appendLine(StringBuilder b, List<Object> cells, int[] width, boolean format) {
    for (int i = 0; i < width.length; i++) {
      String s = format ? format(cells.get(i)) : String.valueOf(cells.get(i));
      if (i > 0) {
        b.append("  ");
      }
      b.append(" ".repeat(width[i] - s.length())).append(s);
    }
  }
}
