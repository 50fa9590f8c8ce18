import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step, run by Maven at prepare-package (pom.xml, execution {@code retarget-picocli}) as a
 * single-file Java program with ASM and picocli on its class path: copies one library package's
 * class files into the jar's classes, those compiled for Java 5 (class file version 49) rewritten
 * as version 52 with stack map frames. The code itself is unchanged.
 *
 * <p>Why: the JDK's class-data sharing archive refuses classes older than version 50, and picocli
 * ships all of its 228 classes as version 49 ("Pre JDK 6 class not supported by CDS"), so without
 * this every command line loads, parses and verifies them from the jar with the old type-inferring
 * verifier. Measured with the launcher, each build with its own archive, runs alternating
 * (2026-12-07, the shared 2-core machine at load average 21-25): {@code openai-ft report --help}
 * 0.28 s of CPU with the rewritten classes against 0.33-0.38 s without (medians of 9), a 1,000-step
 * report 0.99 against 1.03-1.06 s of CPU (medians of 7).
 *
 * <p>Usage: {@code java -cp ASM_JAR:PICOCLI_JAR RetargetClasses.java OUTPUT_DIR PACKAGE/} (e.g.
 * {@code target/classes picocli/}). The package is read from the jar on the class path that holds
 * it; the shade plugin then takes these classes instead of that jar's ({@code RetargetClassesTest}
 * runs it the same way).
 */
public final class RetargetClasses {
  /** Class file major version of Java 6, the oldest the archive accepts. */
  static final int OLDEST_ARCHIVED = 50;

  /** Says in the jar which library's files were changed, and how. */
  static final String NOTICE = "RETARGETED-CLASSES.txt";

  private RetargetClasses() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !args[1].endsWith("/")) {
      System.err.println("usage: RetargetClasses OUTPUT_DIR PACKAGE/");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    String prefix = args[1];
    Path jar = jarHolding(prefix);
    copy(jar, prefix, out); // silent, as a quiet build should be; the notice says what changed
  }

  /**
   * Copies every class under {@code prefix} from {@code jar} into {@code out}, the old ones
   * rewritten; returns {copied, rewritten}.
   */
  static int[] copy(Path jar, String prefix, Path out) throws IOException {
    int copied = 0;
    int rewritten = 0;
    try (JarFile file = new JarFile(jar.toFile());
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        String name = entry.getName();
        if (!name.startsWith(prefix) || !name.endsWith(".class")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        if (majorVersion(bytes) < OLDEST_ARCHIVED) {
          bytes = retarget(bytes, loader);
          rewritten++;
        }
        Path target = out.resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        copied++;
      }
    }
    if (rewritten > 0) {
      Path notice = out.resolve("META-INF").resolve(NOTICE);
      Files.createDirectories(notice.getParent());
      Files.writeString(
          notice,
          "The class files under "
              + prefix
              + " are those of "
              + jar.getFileName()
              + ", changed by openai-ft's build: "
              + rewritten
              + " of them were rewritten from class file version 49 to 52 with stack map frames"
              + " computed by ASM, so that the JDK's class-data sharing archive can hold them."
              + " Their code is unchanged.\n");
    }
    return new int[] {copied, rewritten};
  }

  /** The class rewritten as version 52 (Java 8), its frames computed against {@code loader}. */
  static byte[] retarget(byte[] bytes, ClassLoader loader) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer =
        new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
          @Override
          protected ClassLoader getClassLoader() {
            return loader;
          }
        };
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public void visit(
              int version,
              int access,
              String name,
              String signature,
              String superName,
              String[] interfaces) {
            super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
          }
        },
        0);
    return writer.toByteArray();
  }

  static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  /** The jar on this JVM's class path that holds classes under {@code prefix}. */
  static Path jarHolding(String prefix) {
    List<Path> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
        continue;
      }
      try (JarFile jar = new JarFile(p.toFile())) {
        if (jar.stream().anyMatch(e -> e.getName().startsWith(prefix))) {
          found.add(p);
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + p, ex);
      }
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one jar with " + prefix + " on the class path, found " + found);
    }
    return found.get(0);
  }
}
