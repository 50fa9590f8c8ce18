package dev.openaift.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluations attached to a job's report ({@code eval --job}): each keeps its cells for the job's
 * page and notebook in its folder under {@code evals/}; this class puts them into the job's {@code
 * index.html} and {@code report.ipynb}, between markers, after the page's own cells. The cells
 * themselves are rendered by {@link EvalReport}.
 */
public final class AttachedEvaluations {
  /**
   * The evaluation's cells for a job's page, kept in the evaluation's folder so a rebuilt report
   * gets them again.
   */
  public static final String ATTACHED_HTML = "job-cells.html";

  /** The evaluation's notebook cells for a job's notebook (a JSON list). */
  public static final String ATTACHED_CELLS = "job-cells.json";

  /** Where evaluations attached to a job live, under the job's folder. */
  public static final String EVALS_DIR = "evals";

  /** Prefix of the cell ids (HTML sections, notebook cells) attached to a job's report. */
  static final String ATTACHED = "eval-";

  static final String BEGIN = "<!-- openai-ft evaluation cells: begin -->";
  static final String END = "<!-- openai-ft evaluation cells: end -->";

  private static final ObjectMapper JSON = Json.mapper();

  private AttachedEvaluations() {}

  /**
   * Attaches an evaluation to the job report in {@code jobDir}: renders its cells for the job's
   * page and notebook (numbered after the page's own cells), keeps them in {@code
   * jobDir/evals/NAME/}, then {@link #reapply reapplies} every attached evaluation to {@code
   * index.html} and {@code report.ipynb}.
   *
   * @param name the evaluation's folder name under {@code evals/} (letters, digits, '-' and '_')
   * @return whether the job has a page or notebook the cells went into
   */
  public static boolean attach(Path jobDir, EvalReport.Input in, String name, Path templatesDir) {
    if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
      throw new IllegalArgumentException(
          "evaluation name must be 1 to 40 letters, digits, '-' or '_': " + name);
    }
    String folder = EVALS_DIR + "/" + name + "/";
    Path dir = jobDir.resolve(EVALS_DIR).resolve(name);
    try {
      Path html = jobDir.resolve(ReportRenderer.HTML_FILE);
      int start = 1;
      if (Files.isRegularFile(html)) {
        start = countCells(removeAttached(Files.readString(html, StandardCharsets.UTF_8))) + 1;
      }
      EvalReport.JobCells cells =
          EvalReport.jobCells(in, folder, ATTACHED + name + "-", start, templatesDir);
      Files.createDirectories(dir);
      AtomicFiles.write(dir.resolve(ATTACHED_HTML), cells.html());
      AtomicFiles.write(
          dir.resolve(ATTACHED_CELLS),
          Json.insertionOrder().writeValueAsBytes(cells.notebookCells()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot attach the evaluation to " + jobDir + ": " + e.getMessage(), e);
    }
    return reapply(jobDir);
  }

  /**
   * Puts the cells of every evaluation attached to the job in {@code jobDir} (its {@code evals/}
   * folder) into its {@code index.html} and {@code report.ipynb}, replacing those put there before.
   * Called after a job's report is written, so a rebuilt report keeps its evaluations.
   *
   * @return whether a page or notebook was there to change
   */
  public static boolean reapply(Path jobDir) {
    List<Path> attached = new ArrayList<>();
    Path evals = jobDir.resolve(EVALS_DIR);
    try {
      if (Files.isDirectory(evals)) {
        try (var ds = Files.newDirectoryStream(evals)) {
          for (Path p : ds) {
            if (Files.isRegularFile(p.resolve(ATTACHED_HTML))
                && Files.isRegularFile(p.resolve(ATTACHED_CELLS))) {
              attached.add(p);
            }
          }
        }
      }
      attached.sort(null);
      boolean any = false;
      Path html = jobDir.resolve(ReportRenderer.HTML_FILE);
      if (Files.isRegularFile(html)) {
        String page = removeAttached(Files.readString(html, StandardCharsets.UTF_8));
        if (!attached.isEmpty()) {
          StringBuilder block = new StringBuilder(BEGIN).append('\n');
          for (Path p : attached) {
            block
                .append(Files.readString(p.resolve(ATTACHED_HTML), StandardCharsets.UTF_8).strip())
                .append('\n');
          }
          page = insert(page, block.append(END).append('\n').toString());
        }
        AtomicFiles.write(html, page.getBytes(StandardCharsets.UTF_8));
        any = true;
      }
      Path nb = jobDir.resolve(ReportRenderer.NOTEBOOK_FILE);
      if (Files.isRegularFile(nb)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = JSON.readValue(Files.readAllBytes(nb), TreeMap.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells =
            new ArrayList<>((List<Map<String, Object>>) doc.get("cells"));
        cells.removeIf(c -> String.valueOf(c.get("id")).startsWith(ATTACHED));
        int count = 0;
        for (Map<String, Object> c : cells) {
          if (c.get("execution_count") instanceof Number n) {
            count = Math.max(count, n.intValue());
          }
        }
        for (Path p : attached) {
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> extra =
              JSON.readValue(Files.readAllBytes(p.resolve(ATTACHED_CELLS)), List.class);
          for (Map<String, Object> c : extra) {
            if (c.containsKey("execution_count")) {
              c.put("execution_count", ++count);
              renumberOutputs(c, count);
            }
            cells.add(new TreeMap<>(c));
          }
        }
        doc.put("cells", cells);
        AtomicFiles.write(nb, NotebookWriter.json(doc));
        any = true;
      }
      return any;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot attach evaluations to the report in " + jobDir + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void renumberOutputs(Map<String, Object> cell, int count) {
    for (Map<String, Object> o : (List<Map<String, Object>>) cell.get("outputs")) {
      if (o.containsKey("execution_count")) {
        o.put("execution_count", count);
      }
    }
  }

  static String removeAttached(String page) {
    int b = page.indexOf(BEGIN);
    int e = page.indexOf(END);
    if (b < 0 || e < b) {
      return page;
    }
    int after = e + END.length();
    if (after < page.length() && page.charAt(after) == '\n') {
      after++;
    }
    return page.substring(0, b) + page.substring(after);
  }

  private static int countCells(String page) {
    int n = 0;
    int i = 0;
    while ((i = page.indexOf("class=\"cell-group\"", i)) >= 0) {
      n++;
      i++;
    }
    return n;
  }

  /** Before the page's footer, else before {@code </main>} or {@code </body>}, else at the end. */
  private static String insert(String page, String block) {
    for (String mark : List.of("<footer", "</main>", "</body>")) {
      int i = page.lastIndexOf(mark);
      if (i >= 0) {
        return page.substring(0, i) + block + page.substring(i);
      }
    }
    return page + block;
  }
}
