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
 * Evaluations attached to a job's report ({@code eval --job}). Each keeps its section in its folder
 * under {@code evals/}: the page's view model ({@value #SECTION_FILE}) and the notebook's cells
 * ({@value #NOTEBOOK_CELLS}). Every write of the job's report renders them again after the job's
 * own cells ({@link #addTo}, called by {@link ReportService}), numbered after them and with the
 * report's templates, so a rebuilt report keeps its evaluations. The sections themselves are made
 * by {@link EvalReport}.
 */
public final class AttachedEvaluations {
  /** Where evaluations attached to a job live, under the job's folder. */
  public static final String EVALS_DIR = "evals";

  /** The evaluation's section of the job's page: its view model, as JSON. */
  public static final String SECTION_FILE = "job-section.json";

  /** The evaluation's cells for the job's notebook (a JSON list). */
  public static final String NOTEBOOK_CELLS = "job-cells.json";

  /**
   * The section as finished HTML, numbered when it was attached: what archives written before
   * {@value #SECTION_FILE} keep; shown as it is.
   */
  static final String OLD_HTML = "job-cells.html";

  /** Prefix of the cell ids (HTML sections, notebook cells) attached to a job's report. */
  static final String ATTACHED = "eval-";

  static final String BEGIN = "<!-- openai-ft evaluation cells: begin -->";
  static final String END = "<!-- openai-ft evaluation cells: end -->";

  private static final ObjectMapper JSON = Json.mapper();

  private AttachedEvaluations() {}

  /**
   * Attaches an evaluation to the job report in {@code jobDir}: keeps its section in {@code
   * jobDir/evals/NAME/}, then puts every attached evaluation into the job's {@code index.html} and
   * {@code report.ipynb}.
   *
   * @param name the evaluation's folder name under {@code evals/} (letters, digits, '-' and '_')
   * @return whether the job has a page or notebook the cells went into
   */
  public static boolean attach(Path jobDir, EvalReport.Input in, String name, Path templatesDir) {
    if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
      throw new IllegalArgumentException(
          "evaluation name must be 1 to 40 letters, digits, '-' or '_': " + name);
    }
    EvalReport.JobSection section =
        EvalReport.jobSection(in, EVALS_DIR + "/" + name + "/", ATTACHED + name + "-");
    Path dir = jobDir.resolve(EVALS_DIR).resolve(name);
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(
          dir.resolve(SECTION_FILE), Json.insertionOrder().writeValueAsBytes(section.view()));
      AtomicFiles.write(
          dir.resolve(NOTEBOOK_CELLS),
          Json.insertionOrder().writeValueAsBytes(section.notebookCells()));
      Files.deleteIfExists(dir.resolve(OLD_HTML));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot attach the evaluation to " + jobDir + ": " + e.getMessage(), e);
    }
    return reapply(jobDir, templatesDir);
  }

  /**
   * Puts every evaluation attached to the job in {@code jobDir} into its {@code index.html} and
   * {@code report.ipynb} on disk, replacing those put there before; the two are written as one set.
   *
   * @return whether a page or notebook was there to change
   */
  static boolean reapply(Path jobDir, Path templatesDir) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      for (String name : List.of(ReportRenderer.HTML_FILE, ReportRenderer.NOTEBOOK_FILE)) {
        if (Files.isRegularFile(jobDir.resolve(name))) {
          files.put(name, Files.readAllBytes(jobDir.resolve(name)));
        }
      }
      addTo(files, jobDir, templatesDir);
      try (StagedOutput out = new StagedOutput(jobDir)) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          out.write(f.getKey(), f.getValue());
        }
        out.commit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot attach evaluations to the report in " + jobDir + ": " + e.getMessage(), e);
    }
    return !files.isEmpty();
  }

  /** Whether a job's folder has evaluations attached. */
  static boolean any(Path jobDir) {
    return Files.isDirectory(jobDir.resolve(EVALS_DIR));
  }

  /**
   * Puts the sections of every evaluation attached to the job in {@code jobDir} into its report's
   * pages in memory ({@code index.html} and {@code report.ipynb}, where {@code files} has them),
   * replacing those put there before.
   */
  static void addTo(Map<String, byte[]> files, Path jobDir, Path templatesDir) throws IOException {
    List<Path> attached = attached(jobDir);
    byte[] html = files.get(ReportRenderer.HTML_FILE);
    if (html != null) {
      String page = page(new String(html, StandardCharsets.UTF_8), attached, templatesDir);
      files.put(ReportRenderer.HTML_FILE, page.getBytes(StandardCharsets.UTF_8));
    }
    byte[] nb = files.get(ReportRenderer.NOTEBOOK_FILE);
    if (nb != null) {
      files.put(ReportRenderer.NOTEBOOK_FILE, notebook(nb, attached));
    }
  }

  /** The folders under {@code evals/} with a section for the job's report, sorted. */
  private static List<Path> attached(Path jobDir) throws IOException {
    List<Path> attached = new ArrayList<>();
    Path evals = jobDir.resolve(EVALS_DIR);
    if (Files.isDirectory(evals)) {
      try (var ds = Files.newDirectoryStream(evals)) {
        for (Path p : ds) {
          if ((Files.isRegularFile(p.resolve(SECTION_FILE))
                  || Files.isRegularFile(p.resolve(OLD_HTML)))
              && Files.isRegularFile(p.resolve(NOTEBOOK_CELLS))) {
            attached.add(p);
          }
        }
      }
    }
    attached.sort(null);
    return attached;
  }

  private static String page(String rendered, List<Path> attached, Path templatesDir)
      throws IOException {
    String page = removeAttached(rendered);
    if (attached.isEmpty()) {
      return page;
    }
    int next = countCells(page) + 1;
    StringBuilder block = new StringBuilder(BEGIN).append('\n');
    for (Path p : attached) {
      Path section = p.resolve(SECTION_FILE);
      String cells;
      if (Files.isRegularFile(section)) {
        EvalReport.View view = JSON.readValue(Files.readAllBytes(section), EvalReport.View.class);
        cells = new String(EvalReport.jobHtml(view, next, templatesDir), StandardCharsets.UTF_8);
        next += view.cells().size();
      } else {
        cells = Files.readString(p.resolve(OLD_HTML), StandardCharsets.UTF_8);
      }
      block.append(cells.strip()).append('\n');
    }
    return insert(page, block.append(END).append('\n').toString());
  }

  private static byte[] notebook(byte[] rendered, List<Path> attached) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = JSON.readValue(rendered, TreeMap.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cells = new ArrayList<>((List<Map<String, Object>>) doc.get("cells"));
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
          JSON.readValue(Files.readAllBytes(p.resolve(NOTEBOOK_CELLS)), List.class);
      for (Map<String, Object> c : extra) {
        if (c.containsKey("execution_count")) {
          c.put("execution_count", ++count);
          renumberOutputs(c, count);
        }
        cells.add(new TreeMap<>(c));
      }
    }
    doc.put("cells", cells);
    return NotebookWriter.json(doc);
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
