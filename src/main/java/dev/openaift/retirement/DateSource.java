package dev.openaift.retirement;

/** Where a shutdown date came from, most trusted first. */
public enum DateSource {
  /** The model's own {@code shutdown_date} in the models API. */
  MODELS_API("models api"),
  /**
   * The {@code shutdown_date} of the model's base model in the models API (a fine-tune dies with
   * it).
   */
  BASE_MODEL("base model"),
  /** The dated table of known retirement dates ({@link RetirementTable}). */
  RESOURCE("resource"),
  /**
   * The dated table of the provider that serves the job's fine-tune (Azure's deployments), whose
   * own label ({@link Shutdown#from()}) says which.
   */
  PROVIDER_TABLE("provider table"),
  /** No date anywhere: none announced. */
  NONE("none");

  private final String label;

  DateSource(String label) {
    this.label = label;
  }

  /**
   * How tables and JSON name it: {@code models api}, {@code base model}, {@code resource}, {@code
   * none}.
   */
  public String label() {
    return label;
  }
}
