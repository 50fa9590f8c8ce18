package dev.openaift.lifecycle;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a local file with {@code prepare}'s rules, then uploads it; an unusable file is never
 * sent.
 */
public final class FileUploader {
  /** The purpose of training and validation files. */
  public static final String FINE_TUNE = "fine-tune";

  private final LifecycleGateway gateway;

  public FileUploader(LifecycleGateway gateway) {
    this.gateway = gateway;
  }

  /**
   * The uploaded file and the check's report.
   *
   * @param report null when the file was not checked
   */
  public record Uploaded(FileInfo file, PrepareReport report) {}

  /**
   * Runs the checks (unless {@code checks} is null) and throws when the file is not usable.
   *
   * @throws UnusableFileException when the checks find a problem
   */
  public static PrepareReport check(Path file, PrepareOptions checks) {
    if (checks == null) {
      return null;
    }
    PrepareReport report = DatasetChecker.check(file, checks);
    if (!report.usable()) {
      throw new UnusableFileException(file, report);
    }
    return report;
  }

  /**
   * Checks (when {@code checks} is not null) and uploads {@code file} under its own name.
   *
   * @throws UnusableFileException when the checks find a problem (nothing is uploaded)
   */
  public Uploaded upload(Path file, String purpose, PrepareOptions checks) {
    PrepareReport report = check(file, checks);
    return new Uploaded(upload(file, purpose), report);
  }

  private FileInfo upload(Path file, String purpose) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return gateway.uploadFile(file.getFileName().toString(), content, purpose);
  }
}
