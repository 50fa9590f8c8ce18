package dev.openaift.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Appends to a log file that must only ever hold whole lines (the event log, recorded answers). */
public final class AppendOnly {
  private AppendOnly() {}

  /**
   * Writes {@code bytes} at {@code at} (the end of the whole lines already written), then forces
   * them to disk. When anything fails the file is cut back to {@code at}, so it never keeps half a
   * batch.
   *
   * @return the new end of the file
   */
  public static long appendSynced(FileChannel channel, long at, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer, at + buffer.position());
      }
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(at);
      } catch (IOException cannotUndo) {
        e.addSuppressed(cannotUndo);
      }
      throw e;
    }
    return at + bytes.length;
  }

  /**
   * {@link #appendSynced(FileChannel, long, byte[])} through a {@link RandomAccessFile}, whose
   * writes are not interruptible: an interrupt of the writing thread (a pool shutting down on
   * Ctrl-C) neither cuts the write short nor closes the file, as it would a {@link FileChannel}'s.
   *
   * @return the new end of the file
   */
  public static long appendSynced(RandomAccessFile file, long at, byte[] bytes) throws IOException {
    try {
      file.seek(at);
      file.write(bytes);
      file.getFD().sync();
    } catch (IOException e) {
      try {
        file.setLength(at);
      } catch (IOException cannotUndo) {
        e.addSuppressed(cannotUndo);
      }
      throw e;
    }
    return at + bytes.length;
  }
}
