package dev.openaift.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code eval.csv}: one row per example and model, examples in file order and models in the order
 * given: {@code index, line, model, prompt} (an excerpt), {@code reference, answer}, then one
 * column per metric (empty where undefined) and {@code judge_preference} (B's preference against
 * the first model; only with a judge). Written with commons-csv (RFC 4180: quotes around fields
 * with commas, quotes or line breaks; CRLF line ends).
 */
public final class EvalCsv {
  /** Longest prompt excerpt kept in the file. */
  public static final int PROMPT_CHARS = 200;

  private EvalCsv() {}

  public static void write(
      Evaluation.Result r,
      EvalMeta meta,
      String[] references,
      List<ModelAnswers> answers,
      OutputStream out)
      throws IOException {
    List<String> header =
        new ArrayList<>(List.of("index", "line", "model", "prompt", "reference", "answer"));
    for (Metric m : r.metrics()) {
      header.add(m.id());
    }
    boolean judged = meta.judge() != null && !meta.judge().pairs().isEmpty();
    if (judged) {
      header.add("judge_preference");
    }
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CSVPrinter p =
        new CSVPrinter(
            w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
    List<Object> row = new ArrayList<>(header.size());
    for (int i = 0; i < r.examples(); i++) {
      for (int m = 0; m < r.models().size(); m++) {
        Evaluation.ModelResult mr = r.models().get(m);
        row.clear();
        row.add(i);
        row.add(meta.lines()[i]);
        row.add(mr.model());
        row.add(EvalMeta.excerpt(meta.prompts()[i], PROMPT_CHARS));
        row.add(references[i] == null ? "" : references[i]);
        String a = answers.get(m).answers()[i];
        row.add(a == null ? "" : a);
        for (Metric metric : r.metrics()) {
          row.add(score(mr.scores().get(metric)[i]));
        }
        if (judged) {
          row.add(
              m == 0
                  ? ""
                  : judgePreference(meta.judge(), r.models().get(0).model(), mr.model(), i));
        }
        p.printRecord(row);
      }
    }
    p.flush();
  }

  private static String judgePreference(Judge.Result j, String a, String b, int i) {
    for (Judge.PairResult p : j.pairs()) {
      if (p.modelA().equals(a) && p.modelB().equals(b)) {
        return score(p.preference()[i]);
      }
    }
    return "";
  }

  /** Scores as short decimals: {@code 1}, {@code 0}, {@code 0.571429}; empty when undefined. */
  static String score(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
