package dev.openaift.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The figures are PNG only: XChart's vector (PDF, SVG, EPS) and GIF exporters' libraries are left
 * out of the build (pom.xml), and the figures still render. Every report test runs on this class
 * path too, so any use of them at run time fails the suite.
 */
class PngOnlyTest {
  @Test
  void exporterLibrariesAreNotOnTheClassPath() {
    for (String name :
        new String[] {
          "de.erichseifert.vectorgraphics2d.VectorGraphics2D",
          "org.apache.pdfbox.pdmodel.PDDocument",
          "org.apache.fontbox.ttf.TrueTypeFont",
          "de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D",
          "com.madgag.gif.fmsware.AnimatedGifEncoder"
        }) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }

  @Test
  void figuresRenderWithoutThem() throws Exception {
    byte[] png = FigureRenderer.png(FigureRendererTest.lossFigure(1_000), 900, 420);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }
}
