package dev.openaift.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetargetClassesTest {

  @Test
  void picocliComesOutAsVersion52AndVerifiesAndParses(@TempDir Path out) throws Exception {
    Path jar = RetargetClasses.jarHolding("picocli/");
    int[] counts = RetargetClasses.copy(jar, "picocli/", out);
    List<Path> classes;
    try (Stream<Path> s = Files.walk(out.resolve("picocli"))) {
      classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    assertEquals(counts[0], classes.size());
    assertTrue(counts[1] > 200, "picocli 4.7 ships its classes as version 49: " + counts[1]);
    for (Path p : classes) {
      assertEquals(52, RetargetClasses.majorVersion(Files.readAllBytes(p)), p.toString());
    }
    assertTrue(Files.readString(out.resolve("META-INF/" + RetargetClasses.NOTICE)).contains("49"));

    // loaded apart from the test's own picocli: every class links (a wrong stack map frame is a
    // VerifyError here), and a command line parses through them
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (Path p : classes) {
        String name = out.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, true, loader);
        assertEquals(loader, c.getClassLoader(), name);
      }
      assertEquals(3, parseCount(loader, "--count", "3"));
    }
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
