package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.metrics.JobAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One report's pages made by two threads: the same files as by one, and failures thrown once. */
class PagesTest {
  private static final ReportOptions ALL =
      ReportOptions.of(
          EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB, ReportFormat.PNG), null, false);

  @Test
  void twoThreadsMakeTheSameFilesAsOne() throws Exception {
    JobAnalysis a = TestAnalyses.sample();
    SortedMap<String, byte[]> alone = ReportRenderer.render(a, ALL);
    for (int round = 0; round < 5; round++) {
      ReportRenderer.Pages pages = new ReportRenderer.Pages(a, ALL);
      CompletableFuture<Void> helping = CompletableFuture.runAsync(pages::help);
      SortedMap<String, byte[]> together = pages.render();
      helping.get(60, TimeUnit.SECONDS);
      assertEquals(alone.keySet(), together.keySet());
      for (String name : alone.keySet()) {
        assertArrayEquals(alone.get(name), together.get(name), name + " in round " + round);
      }
    }
  }

  @Test
  void aHelperThatComesFirstLeavesTheFailureToRender(@TempDir Path dir) throws Exception {
    ReportRenderer.Pages pages = withPageTemplate(dir, "<p>\n<#if>\n</p>");
    // every figure is drawn here, the broken template is met here first: nothing is thrown
    pages.help();
    ReportException e = assertThrows(ReportException.class, pages::render);
    assertTrue(e.getMessage().startsWith("cannot load template report.ftlh"), e.getMessage());
  }

  @Test
  void aHelperWaitingForThePageIsReleasedWhenRenderFails(@TempDir Path dir) throws Exception {
    ReportRenderer.Pages pages = withPageTemplate(dir, "<p>${view.noSuchField}</p>");
    CompletableFuture<Void> helping = CompletableFuture.runAsync(pages::help);
    ReportException e = assertThrows(ReportException.class, pages::render);
    assertTrue(e.getMessage().startsWith("template error in report.ftlh"), e.getMessage());
    // the helper ends, having thrown nothing of its own
    helping.get(60, TimeUnit.SECONDS);
  }

  /** The sample's pages (page and notebook) with {@code template} as the page's template. */
  private static ReportRenderer.Pages withPageTemplate(Path dir, String template)
      throws java.io.IOException {
    Files.writeString(dir.resolve("report.ftlh"), template);
    return new ReportRenderer.Pages(
        TestAnalyses.sample(),
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), dir, false));
  }
}
