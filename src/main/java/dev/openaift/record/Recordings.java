package dev.openaift.record;

import dev.openaift.api.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where recordings live in the archive: {@code <reports>/recordings/<model folder>/<data sha256>/}
 * holding {@code header.json} and {@code answers.jsonl} for answers from OpenAI's API, and {@code
 * <reports>/recordings/<model folder>/<data sha256>@<endpoint folder>/} for answers from any other
 * endpoint (an Azure resource, a local OpenAI-compatible server): a model name is only a name, and
 * the same name on two endpoints is two models. The endpoint folder is {@link Endpoint#id()}
 * written like a model name ({@code openai:127.0.0.1:8000/v1} becomes {@code
 * openai_127.0.0.1_8000%2Fv1}, {@code azure:res.openai.azure.com} becomes {@code
 * azure_res.openai.azure.com}). Recordings made before endpoints were recorded sit in the plain
 * folder and are read as OpenAI's (see {@link RecordingHeader}).
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

  /** Between the data's hash and the endpoint in a recording's folder name. */
  static final char ENDPOINT_MARK = '@';

  /**
   * {@code <reportsRoot>/recordings/<model folder>/<dataSha256>}, followed by {@code @<endpoint
   * folder>} unless the endpoint is OpenAI's API.
   *
   * @throws IllegalArgumentException when the model is empty or its folder name would be too long,
   *     or the hash is not 64 hex digits
   */
  public static Path dir(Path reportsRoot, Endpoint endpoint, String model, String dataSha256) {
    if (dataSha256 == null || !dataSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 in hex: '" + dataSha256 + "'");
    }
    String data = dataSha256;
    if (!endpoint.isOpenAiDefault()) {
      data = dataSha256 + ENDPOINT_MARK + escaped(endpoint.id());
      if (data.length() > MAX_FOLDER) {
        throw new IllegalArgumentException(
            "the endpoint's address is too long to name a folder ("
                + endpoint.id().length()
                + " characters)");
      }
    }
    return reportsRoot.resolve(FOLDER).resolve(folderOf(model)).resolve(data);
  }

  /**
   * Every recording of {@code model} for the data with this hash, whatever its endpoint, sorted by
   * folder (the OpenAI one first): for a message that points at a recording made elsewhere.
   */
  public static List<Recording> ofEveryEndpoint(Path reportsRoot, String model, String dataSha256) {
    return recordingsOf(
        reportsRoot,
        model,
        folder -> folder.equals(dataSha256) || folder.startsWith(dataSha256 + ENDPOINT_MARK),
        recording -> true);
  }

  /**
   * Every recording of {@code model} from {@code endpoint}'s service, whatever its data, sorted by
   * folder: where {@code eval --against recorded:M} looks for answers by prompt when M was not
   * recorded on the evaluated file itself (a hold-out cut from the recorded file, say).
   */
  public static List<Recording> ofModel(Path reportsRoot, String model, Endpoint endpoint) {
    return recordingsOf(
        reportsRoot,
        model,
        folder -> true,
        recording -> recording.header().endpoint().sameServiceAs(endpoint));
  }

  /** The recordings of {@code model} in the folders {@code folder} keeps, sorted by folder. */
  private static List<Recording> recordingsOf(
      Path reportsRoot,
      String model,
      java.util.function.Predicate<String> folder,
      java.util.function.Predicate<Recording> keep) {
    Path modelDir;
    try {
      modelDir = reportsRoot.resolve(FOLDER).resolve(folderOf(model));
    } catch (IllegalArgumentException badName) {
      return List.of();
    }
    if (!Files.isDirectory(modelDir)) {
      return List.of();
    }
    List<Recording> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(modelDir)) {
      for (Path d : dirs.sorted().toList()) {
        if (folder.test(d.getFileName().toString())) {
          Recording.find(d).filter(keep).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modelDir + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** The folder name of a model (see the class comment). */
  public static String folderOf(String model) {
    if (model == null || model.isEmpty()) {
      throw new IllegalArgumentException("the model name is empty");
    }
    String b = escaped(model);
    if (b.length() > MAX_FOLDER) {
      throw new IllegalArgumentException(
          "the model name is too long to name a folder (" + model.length() + " characters)");
    }
    return b;
  }

  /** A name written as the class comment says, whatever its length. */
  private static String escaped(String model) {
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
