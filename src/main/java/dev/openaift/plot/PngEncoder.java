package dev.openaift.plot;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an opaque {@link BufferedImage#TYPE_INT_RGB} image as an 8-bit RGB PNG, reading the pixel
 * ints directly. ImageIO's PNG writer goes through the generic {@code Raster} API, tries all five
 * row filters on every row and loads the ImageIO plugin registry first: on the cold JVM of a
 * one-shot report that took about 65 ms of CPU for the first 900x420 figure, this about 22 ms, and
 * the file is smaller (74.6 KB against 78.4 KB). Every row uses the "Up" filter (the row above as
 * the prediction), which suits charts: grid lines, axes and plain background repeat down the image;
 * measured against none, Sub and Paeth it gave the smallest file at the same cost.
 */
final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int FILTER_UP = 2;

  private PngEncoder() {}

  /** The image as PNG bytes. */
  static byte[] encode(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("PngEncoder needs TYPE_INT_RGB, got " + image.getType());
    }
    int w = image.getWidth();
    int h = image.getHeight();
    WritableRaster raster = image.getRaster();
    int stride = ((SinglePixelPackedSampleModel) raster.getSampleModel()).getScanlineStride();
    DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
    int[] px = buffer.getData();
    // a sub-image shares its parent's array: its (0, 0) is offset by the translation
    int base =
        buffer.getOffset()
            - raster.getSampleModelTranslateY() * stride
            - raster.getSampleModelTranslateX();
    try {
      ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 2);
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
        byte[] row = new byte[1 + 3 * w];
        row[0] = FILTER_UP;
        for (int y = 0; y < h; y++) {
          int off = base + y * stride;
          int above = off - stride;
          for (int x = 0, j = 1; x < w; x++) {
            int p = px[off + x];
            // the first row is predicted from an all-zero row above it, as the format says
            int q = y == 0 ? 0 : px[above + x];
            row[j++] = (byte) ((p >>> 16) - (q >>> 16));
            row[j++] = (byte) ((p >>> 8) - (q >>> 8));
            row[j++] = (byte) (p - q);
          }
          z.write(row);
        }
      } finally {
        deflater.end();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
      out.write(SIGNATURE);
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
      DataOutputStream d = new DataOutputStream(ihdr);
      d.writeInt(w);
      d.writeInt(h);
      d.writeByte(8); // bit depth
      d.writeByte(2); // colour type: RGB
      d.writeByte(0); // deflate
      d.writeByte(0); // adaptive filtering (one filter type byte per row)
      d.writeByte(0); // not interlaced
      chunk(out, "IHDR", ihdr.toByteArray());
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not throw
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.writeInt(data.length);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }
}
