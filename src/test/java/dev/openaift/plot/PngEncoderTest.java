package dev.openaift.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
  private static BufferedImage noise(int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // some rows repeat the one above (the Up filter's zero case), the rest is noise
        img.setRGB(x, y, y % 3 == 1 ? img.getRGB(x, y - 1) : r.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static void assertSamePixels(BufferedImage expected, byte[] png) throws Exception {
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(expected.getWidth(), back.getWidth());
    assertEquals(expected.getHeight(), back.getHeight());
    int w = expected.getWidth();
    int h = expected.getHeight();
    assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), back.getRGB(0, 0, w, h, null, 0, w));
  }

  @Test
  void decodesToTheSamePixels() throws Exception {
    BufferedImage img = noise(37, 23, 7);
    byte[] png = PngEncoder.encode(img);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    assertSamePixels(img, png);
  }

  @Test
  void aSubImageIsReadAtItsOwnOffset() throws Exception {
    BufferedImage sub = noise(50, 40, 11).getSubimage(7, 5, 30, 20);
    assertSamePixels(sub, PngEncoder.encode(sub));
  }

  @Test
  void sameImageSameBytes() {
    assertArrayEquals(PngEncoder.encode(noise(20, 20, 3)), PngEncoder.encode(noise(20, 20, 3)));
  }

  @Test
  void refusesImagesWithAlpha() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PngEncoder.encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB)));
  }
}
