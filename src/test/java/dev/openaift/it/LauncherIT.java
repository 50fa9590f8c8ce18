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
 * it prints what {@code java -jar} prints, and the archive it uses maps cleanly.
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
    // -Xshare:on fails instead of silently running without the archive
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:on",
            "-XX:SharedArchiveFile=" + jsa,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            JarRunner.jar().toString(),
            "report",
            ReportFixtures.SUCCEEDED.toString(),
            "--out",
            out.toString());
    String[] r = run(cmd);
    assertEquals("0", r[0], r[2]);
    assertTrue(Files.size(out.resolve("index.html")) > 0);
  }

  /** {exit code, stdout, stderr} of a process that must end within 120 s. */
  private String[] run(List<String> command) throws Exception {
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
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
