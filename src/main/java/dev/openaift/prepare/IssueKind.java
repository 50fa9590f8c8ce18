package dev.openaift.prepare;

import java.util.Locale;

/** Every kind of finding {@code prepare} reports, with its severity and a short description. */
public enum IssueKind {
  NOT_JSON(Severity.ERROR, "line is not valid JSON"),
  NOT_OBJECT(Severity.ERROR, "line is not a JSON object"),
  NO_MESSAGES(Severity.ERROR, "no \"messages\" list (or it is empty)"),
  BAD_DPO(Severity.ERROR, "bad DPO preference format"),
  BAD_COMPLETION(Severity.ERROR, "bad prompt/completion pair"),
  FORMAT_MISMATCH(Severity.ERROR, "example in another format than the file's"),
  MALFORMED_MESSAGE(
      Severity.ERROR, "message is not an object with a text role and text/list content"),
  UNKNOWN_ROLE(Severity.ERROR, "unknown role"),
  MISSING_CONTENT(Severity.ERROR, "message without content"),
  NO_ASSISTANT(Severity.ERROR, "no assistant message"),
  UNKNOWN_MESSAGE_KEY(Severity.ERROR, "unknown key in a message"),
  UNKNOWN_TOP_LEVEL_KEY(Severity.ERROR, "unknown top-level key"),
  BAD_WEIGHT(Severity.ERROR, "weight is not 0 or 1"),
  TOO_FEW_EXAMPLES(Severity.ERROR, "fewer than 10 examples (the service rejects the file)"),
  FORMAT_NOT_FOR_MODEL(Severity.ERROR, "the model does not take this format"),
  TOO_LONG(Severity.WARNING, "over the model's context limit (will be truncated)"),
  DUPLICATE(Severity.WARNING, "repeats an earlier example"),
  NO_SYSTEM(Severity.INFO, "no system message"),
  BLANK_LINE(Severity.INFO, "blank line (skipped)");

  private final Severity severity;
  private final String description;

  IssueKind(Severity severity, String description) {
    this.severity = severity;
    this.description = description;
  }

  public Severity severity() {
    return severity;
  }

  public String description() {
    return description;
  }

  /** Whether this is about the whole file (no line numbers). */
  public boolean fileLevel() {
    return this == TOO_FEW_EXAMPLES || this == FORMAT_NOT_FOR_MODEL;
  }

  /** The name used in JSON output: {@code not_json}, {@code unknown_role}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
