package dev.openaift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code form no cycle: read from the compiled classes' constant pools (the
 * classes, field and method types a class names), as {@code jdeps} reads them. A package that needs
 * another one's class in both directions is two halves of one package, or a class in the wrong one.
 */
class PackageCyclesTest {
  private static final String ROOT = "dev/openaift/";

  /** A class named in a constant pool: as a class entry or inside a type descriptor. */
  private static final Pattern NAMED = Pattern.compile("(?<![\\w/$])dev/openaift/([\\w/$]+)");

  /** package -> package it uses -> one class-to-class reference that shows it. */
  private static Map<String, Map<String, String>> graph;

  @BeforeAll
  static void readClasses() throws IOException, URISyntaxException {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    graph = graph(classes);
    assertTrue(graph.size() > 10, "read the packages of " + classes + ": " + graph.keySet());
  }

  @Test
  void noPackageCycle() {
    List<Set<String>> cycles = cycles(graph);
    StringBuilder why = new StringBuilder();
    for (Set<String> cycle : cycles) {
      why.append("\ncycle ").append(cycle);
      for (String from : cycle) {
        for (Map.Entry<String, String> to : graph.get(from).entrySet()) {
          if (cycle.contains(to.getKey())) {
            why.append("\n  ").append(to.getValue());
          }
        }
      }
    }
    assertEquals(List.of(), cycles, why.toString());
  }

  @Test
  void ioIsTheBottom() {
    assertEquals(Map.of(), graph.getOrDefault("io", Map.of()), "io uses no other package of ours");
  }

  @Test
  void metricsReachesNeitherTheApiNorRetirement() {
    Set<String> reached = reachable("metrics");
    assertTrue(
        !reached.contains("api") && !reached.contains("retirement"),
        "metrics reaches " + reached + " (the shutdown dates come in as metrics.ShutdownDates)");
  }

  /** The packages {@code from} uses, directly or through others. */
  private static Set<String> reachable(String from) {
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      for (String next : graph.getOrDefault(todo.pop(), Map.of()).keySet()) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    return seen;
  }

  @Test
  void findsACycleOfTwoAndLeavesAChainAlone() {
    Map<String, Map<String, String>> g = new TreeMap<>();
    g.put("a", Map.of("b", "a.A -> b.B"));
    g.put("b", Map.of("a", "b.B -> a.A", "c", "b.B -> c.C"));
    g.put("c", Map.of("d", "c.C -> d.D"));
    assertEquals(List.of(Set.of("a", "b")), cycles(g));
  }

  /** Every package (below {@code dev.openaift}, dotted) and the packages of ours it names. */
  static Map<String, Map<String, String>> graph(Path classes) throws IOException {
    Map<String, Map<String, String>> g = new TreeMap<>();
    Path root = classes.resolve(ROOT);
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    for (Path file : files) {
      String name = root.relativize(file).toString().replace('\\', '/');
      String from = packageOf(name);
      Map<String, String> uses = g.computeIfAbsent(from, k -> new TreeMap<>());
      for (String used : namedClasses(file)) {
        String to = packageOf(used);
        if (!to.equals(from)) {
          uses.putIfAbsent(to, name.replace(".class", "") + " -> " + used);
        }
      }
    }
    return g;
  }

  private static String packageOf(String classPath) {
    int slash = classPath.lastIndexOf('/');
    return slash < 0 ? "(root)" : classPath.substring(0, slash).replace('/', '.');
  }

  /**
   * The classes below {@code dev/openaift/} that a class file's constant pool names (class entries
   * and descriptors; a string constant such as a resource path is not a use).
   */
  static Set<String> namedClasses(Path classFile) throws IOException {
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + ": not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      Set<Integer> stringConstants = new HashSet<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 16, 19, 20 -> in.readUnsignedShort();
          case 8 -> stringConstants.add(in.readUnsignedShort());
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++;
          }
          default -> throw new IOException(classFile + ": constant pool tag " + tag + " unknown");
        }
      }
      Set<String> named = new TreeSet<>();
      for (int i = 1; i < count; i++) {
        if (utf8[i] == null || stringConstants.contains(i)) {
          continue;
        }
        Matcher m = NAMED.matcher(utf8[i]);
        while (m.find()) {
          named.add(m.group(1));
        }
      }
      return named;
    }
  }

  /** The strongly connected parts of more than one package (Tarjan's algorithm, iterative). */
  static List<Set<String>> cycles(Map<String, Map<String, String>> g) {
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> found = new ArrayList<>();
    for (String start : g.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      Deque<Map.Entry<String, List<String>>> work = new ArrayDeque<>();
      enter(start, g, index, low, stack, onStack, work);
      while (!work.isEmpty()) {
        String v = work.peek().getKey();
        List<String> next = work.peek().getValue();
        if (!next.isEmpty()) {
          String w = next.remove(0);
          if (!index.containsKey(w)) {
            enter(w, g, index, low, stack, onStack, work);
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = work.peek().getKey();
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          Set<String> part = new TreeSet<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            part.add(w);
          } while (!w.equals(v));
          if (part.size() > 1) {
            found.add(part);
          }
        }
      }
    }
    return found;
  }

  private static void enter(
      String v,
      Map<String, Map<String, String>> g,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      Deque<Map.Entry<String, List<String>>> work) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    work.push(Map.entry(v, new ArrayList<>(g.getOrDefault(v, Map.of()).keySet())));
  }
}
