package dev.openaift.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the build step {@code src/build/java/RetargetClasses.java} as the build does (a single-file
 * program with ASM and picocli on its class path) and checks what it wrote.
 */
class RetargetClassesTest {
  private static final Path SOURCE = Path.of("src/build/java/RetargetClasses.java");

  @Test
  void picocliComesOutAsVersion52AndVerifiesAndParses(@TempDir Path out) throws Exception {
    Run run = runBuildStep(out, "picocli/");
    assertEquals(0, run.exitCode(), run.output());
    List<Path> classes;
    try (Stream<Path> s = Files.walk(out.resolve("picocli"))) {
      classes = s.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    assertTrue(classes.size() > 200, "picocli 4.7 has 228 classes: " + classes.size());
    for (Path f : classes) {
      assertEquals(52, majorVersion(Files.readAllBytes(f)), f.toString());
    }
    String notice = Files.readString(out.resolve("META-INF/RETARGETED-CLASSES.txt"));
    assertTrue(
        notice.contains(classes.size() + " of them were rewritten from class file version 49"));

    // loaded apart from the test's own picocli: every class links (a wrong stack map frame is a
    // VerifyError here), and a command line parses through them
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (Path f : classes) {
        String name = out.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, true, loader);
        assertEquals(loader, c.getClassLoader(), name);
      }
      assertEquals(3, parseCount(loader, "--count", "3"));
    }
  }

  @Test
  void aWrongCommandLineSaysHowToUseIt(@TempDir Path out) throws Exception {
    Run run = runBuildStep(out, "picocli");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("usage: RetargetClasses OUTPUT_DIR PACKAGE/"), run.output());
  }

  private record Run(int exitCode, String output) {}

  /** The build step run as the pom runs it, on {@code out} and {@code pkg}. */
  private static Run runBuildStep(Path out, String pkg) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPathOf("asm-", "picocli-"),
                SOURCE.toString(),
                out.toString(),
                pkg)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the build step did not finish in 120 s: " + output);
    }
    return new Run(p.exitValue(), output);
  }

  /** The jars of this test's class path whose file names start with one of {@code prefixes}. */
  private static String classPathOf(String... prefixes) {
    List<String> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String file = Path.of(entry).getFileName().toString();
      for (String prefix : prefixes) {
        if (file.startsWith(prefix) && file.endsWith(".jar")) {
          found.add(entry);
        }
      }
    }
    assertEquals(prefixes.length, found.size(), "jars found: " + found);
    return String.join(File.pathSeparator, found);
  }

  private static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  /** {@code --count N} parsed by the picocli classes of {@code loader}, through its plain API. */
  private static Object parseCount(ClassLoader loader, String... args) throws Exception {
    Class<?> specClass = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
    Class<?> optionClass = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
    Class<?> builderClass = loader.loadClass("picocli.CommandLine$Model$OptionSpec$Builder");
    Object spec = specClass.getMethod("create").invoke(null);
    Object builder =
        optionClass
            .getMethod("builder", String[].class)
            .invoke(null, (Object) new String[] {"--count"});
    // declared on a package-private superclass of the builder
    java.lang.reflect.Method type = builderClass.getMethod("type", Class.class);
    type.setAccessible(true);
    type.invoke(builder, int.class);
    Object option = builderClass.getMethod("build").invoke(builder);
    specClass.getMethod("addOption", optionClass).invoke(spec, option);
    Class<?> commandLine = loader.loadClass("picocli.CommandLine");
    Object cmd = commandLine.getConstructor(Object.class).newInstance(spec);
    Object result = commandLine.getMethod("parseArgs", String[].class).invoke(cmd, (Object) args);
    return result
        .getClass()
        .getMethod("matchedOptionValue", String.class, Object.class)
        .invoke(result, "--count", 0);
  }
}
