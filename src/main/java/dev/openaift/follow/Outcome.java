package dev.openaift.follow;

import dev.openaift.api.AzureSupport;
import dev.openaift.io.Echo;
import dev.openaift.job.Job;
import java.util.ArrayList;
import java.util.List;

/** The lines printed when following ends: the job's outcome, or how to resume after Ctrl-C. */
public final class Outcome {
  private Outcome() {}

  /** Whether the job ended well: succeeded. Failed and cancelled jobs are not. */
  public static boolean succeeded(Job job) {
    return job != null && "succeeded".equals(job.status());
  }

  /** The outcome of a terminal job on OpenAI: see {@link #lines(Job, boolean)}. */
  public static List<String> lines(Job job) {
    return lines(job, false);
  }

  /**
   * The outcome of a terminal job: its status, then the model and how to try it (on Azure: how to
   * deploy it, as Azure answers no request naming the model's id), or the error.
   */
  public static List<String> lines(Job job, boolean azure) {
    List<String> out = new ArrayList<>();
    String status = job.status();
    switch (status) {
      case "succeeded" -> {
        out.add("Job complete! Status: succeeded");
        String model = job.fineTunedModel();
        if (model != null) {
          // the name comes from the API: shown without control characters, quoted where pasted
          out.add("Fine-tuned model: " + Echo.visible(model));
          if (azure) {
            out.addAll(AzureSupport.tryItLines(Echo.shellWord(Echo.visible(model))));
            return out;
          }
          out.add("Try it:");
          out.add("  openai-ft chat " + Echo.shellWord(Echo.visible(model)) + " \"Hello!\"");
          String body =
              "{\"model\": "
                  + Echo.jsonString(model)
                  + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hello!\"}]}";
          out.add(
              "  curl \"$OPENAI_BASE_URL/chat/completions\" -H \"Authorization: Bearer"
                  + " $OPENAI_API_KEY\" -H \"Content-Type: application/json\" -d "
                  + Echo.shellWord(body));
        }
      }
      case "failed" -> {
        StringBuilder b = new StringBuilder("Job failed");
        if (job.errorMessage() != null) {
          b.append(": ").append(Echo.visible(job.errorMessage()));
        }
        if (job.errorCode() != null) {
          b.append(" (").append(Echo.visible(job.errorCode())).append(')');
        }
        out.add(b.toString());
      }
      case "cancelled" -> out.add("Job cancelled.");
      default -> out.add("Job status: " + Echo.visible(status));
    }
    return out;
  }

  /** After Ctrl-C: the last known status, how to resume following and how to cancel the job. */
  public static List<String> interrupted(String jobId, Job lastKnown) {
    String status = lastKnown == null ? "unknown" : lastKnown.status();
    return List.of(
        "Stopped following " + jobId + " (status: " + status + "); the job itself was left alone.",
        "Resume: openai-ft follow " + jobId,
        "Cancel: openai-ft jobs cancel " + jobId);
  }
}
