package dev.openaift.prepare;

/** How much a finding matters. */
public enum Severity {
  /** The service would reject the file (or the example): the file is not usable. */
  ERROR,
  /**
   * The file is accepted but something will not go as the user may expect (truncation, repeats).
   */
  WARNING,
  /** Worth knowing; nothing to fix necessarily. */
  INFO
}
