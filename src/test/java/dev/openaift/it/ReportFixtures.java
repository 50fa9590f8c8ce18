package dev.openaift.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** Prepares job folders for the end-to-end tests from the checked-in fixtures. */
final class ReportFixtures {
  private ReportFixtures() {}

  static final Path SUCCEEDED =
      Paths.get("src/test/resources/fixtures/jobs/succeeded").toAbsolutePath();

  /**
   * A copy of the succeeded job with hostile text added: an event message and a warning that would
   * run script if the report did not escape them.
   */
  static Path hostileCopy(Path dir) throws IOException {
    Path job = dir.resolve("job");
    Files.createDirectories(job);
    try (Stream<Path> files = Files.list(SUCCEEDED)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (!name.startsWith("expected")) {
          Files.copy(f, job.resolve(name));
        }
      }
    }
    String lines =
        "{\"id\":\"ftevent-zz-hostile-1\",\"object\":\"fine_tuning.job.event\",\"created_at\":1700000999,\"level\":\"warn\",\"message\":\"<script>alert(1)</script>"
            + " example 3 is too long\",\"type\":\"message\",\"data\":{}}\n"
            + "{\"id\":\"ftevent-zz-hostile-2\",\"object\":\"fine_tuning.job.event\",\"created_at\":1700001000,\"level\":\"info\",\"message\":\"<img"
            + " src=x onerror=alert(2)> done\",\"type\":\"message\",\"data\":{}}\n";
    Path events = job.resolve("events.jsonl");
    String existing = Files.readString(events, StandardCharsets.UTF_8);
    if (!existing.isEmpty() && !existing.endsWith("\n")) {
      lines = "\n" + lines;
    }
    Files.writeString(events, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return job;
  }
}
