package dev.openaift.cli;

import dev.openaift.job.JobIds;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Job ids given on the command line are checked before any request or path (exit 2 when unsafe).
 */
final class JobIdArgs {
  private JobIdArgs() {}

  static String check(CommandSpec spec, String jobId) {
    try {
      return JobIds.requireSafe(jobId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
