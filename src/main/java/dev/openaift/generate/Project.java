package dev.openaift.generate;

import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A project folder, {@code DIR/projects/NAME/}: its {@code generate.json}, a {@code README.md} that
 * documents it, and {@code datasets/N/} for each generated dataset.
 */
public final class Project {
  /** The longest project name, in characters (it becomes a folder name). */
  public static final int MAX_NAME = 100;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");

  private final String name;
  private final Path dir;

  private Project(String name, Path dir) {
    this.name = name;
    this.dir = dir;
  }

  /**
   * The project {@code NAME} under {@code root/projects/}; the name is checked, the folder is not.
   */
  public static Project at(Path root, String name) {
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "project name must be letters, digits, '.', '_' or '-' (not starting with"
              + " '.', '_' or '-', at most 100), got \""
              + name
              + "\"");
    }
    return new Project(name, root.resolve("projects").resolve(name));
  }

  /** Whether {@code name} can name a project or a dataset (one path segment, no dot files). */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public Path configFile() {
    return dir.resolve(GenerateConfig.FILE_NAME);
  }

  public Path datasetDir(String dataset) {
    return dir.resolve("datasets").resolve(dataset);
  }

  /** Reads and validates the config; a missing project is named as one. */
  public GenerateConfig config() {
    if (!Files.isDirectory(dir)) {
      throw new InputFileException(
          dir, "no such project (create it with: openai-ft init " + name + ")");
    }
    return GenerateConfig.read(configFile());
  }

  /**
   * Creates the folder with the starter {@code generate.json} and its {@code README.md}.
   *
   * @throws InputFileException when the folder exists already (nothing is touched)
   */
  public void create() {
    if (Files.exists(dir)) {
      throw new InputFileException(
          dir,
          "already exists; a project is never overwritten (choose another name,"
              + " or edit its "
              + GenerateConfig.FILE_NAME
              + ")");
    }
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir);
      AtomicFiles.write(dir.resolve("README.md"), resource("project-README.md"));
      AtomicFiles.write(configFile(), resource("generate.json"));
    } catch (FileAlreadyExistsException e) {
      throw new InputFileException(dir, "already exists; a project is never overwritten");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create project " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = Project.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + file);
      }
      return in.readAllBytes();
    }
  }
}
