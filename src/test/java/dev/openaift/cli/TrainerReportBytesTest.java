package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code openai-ft report} on every Trainer fixture gives the same bytes as the report made before
 * the reader became a stream (issue 22): each golden file {@code trainer/golden-bytes/CASE.txt}
 * holds the exit code, the SHA-256 of every file the report wrote (by relative path, sorted) and
 * the text written to stderr, as the main branch made them before the change. Regenerate only for
 * an intended change: {@code mvn -o test -Dtest=TrainerReportBytesTest
 * -Dopenaift.updateGolden=true}, and say why in the commit.
 */
class TrainerReportBytesTest {
  private static final Path FIXTURES = Path.of("src/test/resources/trainer");
  private static final boolean UPDATE = Boolean.getBoolean("openaift.updateGolden");

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "lora-run,lora-run",
    "every-epoch,every-epoch",
    "no-eval.json,no-eval",
    "resumed.json,resumed",
    "messy.json,messy",
    "lora-run/checkpoint-40/trainer_state.json,checkpoint-40",
    "lora-run/checkpoint-20,checkpoint-20",
    "lfs-pointer.json,lfs-pointer",
    "empty-history.json,empty-history",
    "broken.json,broken",
    "not-trainer.json,not-trainer",
    "stress.json,stress"
  })
  void theReportIsByteForByteTheOneMadeBeforeTheStreamingReader(String fixture, String name)
      throws IOException {
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            Map.of(),
            false,
            ZoneOffset.UTC,
            Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC),
            action -> () -> {},
            100);
    int code =
        OpenAiFtCommand.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            ctx,
            UserInput.of(""),
            "report",
            FIXTURES.resolve(fixture).toString(),
            "--out",
            out.toString());
    StringBuilder got = new StringBuilder("exit " + code + "\n");
    if (Files.isDirectory(out)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(out)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        byte[] bytes = Files.readAllBytes(f);
        if (f.getFileName().toString().equals("source.json")) {
          // it names the run's folder by its absolute path: the same run wherever the clone is
          String where = FIXTURES.toAbsolutePath().normalize().toString();
          bytes =
              new String(bytes, StandardCharsets.UTF_8)
                  .replace(where, "FIXTURES")
                  .getBytes(StandardCharsets.UTF_8);
        }
        got.append(sha256(bytes))
            .append("  ")
            .append(out.relativize(f).toString().replace('\\', '/'))
            .append('\n');
      }
    }
    got.append("stderr:\n").append(err.toString().replace(tmp.toString(), "TMP"));
    Path golden = FIXTURES.resolve("golden-bytes/" + name + ".txt");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, got.toString(), StandardCharsets.UTF_8);
    } else {
      assertEquals(
          Files.readString(golden, StandardCharsets.UTF_8), got.toString(), golden + " differs");
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
