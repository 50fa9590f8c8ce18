package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code target/openai-ft} (JVM flags and the class-data archive made by the build):
 * it prints what {@code java -jar} prints, the archives it uses map cleanly, and it maps the report
 * archive for reports of local files only.
 */
class LauncherIT {
  @TempDir Path tmp;

  @Test
  void helpIsTheOneJavaJarPrints() throws Exception {
    Path launcher = JarRunner.jar().resolveSibling("openai-ft");
    assertTrue(Files.isExecutable(launcher), launcher + " is made by mvn package");
    String[] viaLauncher = run(List.of(launcher.toString(), "--help"));
    JarRunner.Result viaJar = JarRunner.run(tmp, "--help");
    assertEquals("0", viaLauncher[0], viaLauncher[2]);
    assertEquals(0, viaJar.exitCode(), viaJar.err());
    assertEquals(viaJar.out(), viaLauncher[1]);
    assertEquals("", viaLauncher[2]);
  }

  @Test
  void theArchiveMapsAndTheReportIsWritten() throws Exception {
    Path jsa = JarRunner.jar().resolveSibling("openai-ft.jsa");
    assertTrue(Files.isRegularFile(jsa), jsa + " is recorded by mvn package");
    Path out = tmp.resolve("out");
    String[] r =
        run(
            withArchive(
                jsa,
                List.of("report", ReportFixtures.SUCCEEDED.toString(), "--out", out.toString())));
    assertEquals("0", r[0], r[2]);
    assertTrue(Files.size(out.resolve("index.html")) > 0);
  }

  @Test
  void theReportArchiveMapsForReportsOfTrainerRunsAndResultFiles() throws Exception {
    Path jsa = JarRunner.jar().resolveSibling("openai-ft-report.jsa");
    assertTrue(Files.isRegularFile(jsa), jsa + " is recorded by mvn package");
    Path trainer = Path.of("src/test/resources/trainer/lora-run").toAbsolutePath();
    List<List<String>> reports =
        List.of(
            List.of("report", trainer.toString(), "--out", tmp.resolve("trainer").toString()),
            List.of(
                "report",
                "--results",
                ReportFixtures.SUCCEEDED.resolve("results.csv").toString(),
                "--out",
                tmp.resolve("results").toString()));
    for (List<String> report : reports) {
      String[] r = run(withArchive(jsa, report));
      assertEquals("0", r[0], r[2]);
    }
    assertTrue(Files.size(tmp.resolve("trainer").resolve("index.html")) > 0);
    assertTrue(Files.size(tmp.resolve("results").resolve("index.html")) > 0);
  }

  @Test
  void theLauncherMapsTheReportArchiveForLocalReportsOnly() throws Exception {
    assertEquals("openai-ft-report.jsa", archiveMapped("report", "--help"));
    assertEquals("openai-ft-report.jsa", archiveMapped("--verbose", "report", "--help"));
    // job ids and --all reach the API, whose client classes only the demo's archive holds
    assertEquals("openai-ft.jsa", archiveMapped("report", "ftjob-abc123", "--help"));
    assertEquals("openai-ft.jsa", archiveMapped("report", "--all", "--help"));
    assertEquals("openai-ft.jsa", archiveMapped("jobs", "--help"));
  }

  /**
   * {@code java} with the launcher's flags and {@code jsa}, then {@code args}; -Xshare:on fails
   * instead of silently running without the archive.
   */
  private static List<String> withArchive(Path jsa, List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + jsa,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                JarRunner.jar().toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** The file name of the project archive the launcher maps for {@code args}, from the CDS log. */
  private String archiveMapped(String... args) throws Exception {
    Path launcher = JarRunner.jar().resolveSibling("openai-ft");
    Path log = tmp.resolve("cds.log");
    Files.deleteIfExists(log);
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    String[] r = run(cmd, "-Xlog:cds=info:file=" + log);
    assertEquals("0", r[0], r[2]);
    String mapped = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int at = line.indexOf("Opened archive ");
      if (at >= 0 && line.contains("openai-ft")) {
        Path p = Path.of(line.substring(at + "Opened archive ".length()).replaceAll("\\.$", ""));
        mapped = p.getFileName().toString();
      }
    }
    return mapped;
  }

  /** {exit code, stdout, stderr} of a process that must end within 120 s. */
  private String[] run(List<String> command) throws Exception {
    return run(command, null);
  }

  /** As above, with {@code javaOpts} in the launcher's OPENAI_FT_JAVA_OPTS when not null. */
  private String[] run(List<String> command, String javaOpts) throws Exception {
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    if (javaOpts != null) {
      pb.environment().put("OPENAI_FT_JAVA_OPTS", javaOpts);
    }
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException("did not finish in 120 s: " + command);
    }
    return new String[] {
      Integer.toString(p.exitValue()),
      Files.readString(out, StandardCharsets.UTF_8),
      Files.readString(err, StandardCharsets.UTF_8)
    };
  }
}
