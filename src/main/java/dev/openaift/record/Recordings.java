package dev.openaift.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where recordings live in the archive: {@code <reports>/recordings/<model folder>/<data sha256>/}
 * holding {@code header.json} and {@code answers.jsonl}.
 *
 * <p><b>Model names as folder names.</b> Fine-tuned ids contain colons ({@code
 * ft:gpt-4o-mini-2024-07-18:org:suffix:abc123}), which some file systems refuse and which read
 * badly in paths. A model name becomes one folder name by keeping letters, digits, {@code .} and
 * {@code -}, turning {@code :} into {@code _}, and writing every other byte of its UTF-8 form
 * (including {@code _} itself, {@code /} and {@code %}) as {@code %XX}; a leading {@code .} is
 * written {@code %2E}. So {@code ft:gpt-4o-mini-2024-07-18:org:support:abc123} is stored in {@code
 * ft_gpt-4o-mini-2024-07-18_org_support_abc123}, {@code ft:...:my_bot:...} in {@code
 * ft_..._my%5Fbot_...}, and {@code gpt-4o-mini} in {@code gpt-4o-mini}. The mapping is one-to-one
 * (two models never share a folder) and {@link #modelOfFolder} reverses it; the header also keeps
 * the exact name.
 */
public final class Recordings {
  /** The folder under the archive root that holds every recording. */
  public static final String FOLDER = "recordings";

  /** The header file of a recording. */
  public static final String HEADER = "header.json";

  /** The answers file of a recording. */
  public static final String ANSWERS = "answers.jsonl";

  /** The longest folder name a model may get (file systems allow 255 bytes). */
  static final int MAX_FOLDER = 240;

  private Recordings() {}

  /**
   * {@code <reportsRoot>/recordings/<model folder>/<dataSha256>}.
   *
   * @throws IllegalArgumentException when the model is empty or its folder name would be too long,
   *     or the hash is not 64 hex digits
   */
  public static Path dir(Path reportsRoot, String model, String dataSha256) {
    if (dataSha256 == null || !dataSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 in hex: '" + dataSha256 + "'");
    }
    return reportsRoot.resolve(FOLDER).resolve(folderOf(model)).resolve(dataSha256);
  }

  /** The folder name of a model (see the class comment). */
  public static String folderOf(String model) {
    if (model == null || model.isEmpty()) {
      throw new IllegalArgumentException("the model name is empty");
    }
    StringBuilder b = new StringBuilder();
    byte[] bytes = model.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || (c == '.' && i > 0);
      if (plain) {
        b.append((char) c);
      } else if (c == ':') {
        b.append('_');
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    if (b.length() > MAX_FOLDER) {
      throw new IllegalArgumentException(
          "the model name is too long to name a folder (" + model.length() + " characters)");
    }
    return b.toString();
  }

  /** The model name a folder stands for (the reverse of {@link #folderOf}). */
  public static String modelOfFolder(String folder) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < folder.length(); i++) {
      char c = folder.charAt(i);
      if (c == '_') {
        out.write(':');
      } else if (c == '%' && i + 2 < folder.length()) {
        out.write(Integer.parseInt(folder.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
