package dev.openaift.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Speed and memory benchmark of the whole {@code report} command (a separate JVM per run, as a user
 * runs it). Generates current-format result files of 1k, 100k and 1M steps (validation every 10, 10
 * and 100 steps), runs {@code java -jar target/openai-ft.jar report} on each a few times and prints
 * the median wall time and the peak resident set size (from GNU time's {@code %M}).
 *
 * <p>Run after {@code mvn package}: {@code java -cp target/test-classes
 * dev.openaift.bench.ReportBenchmark [runs] [sizes...]}. It prints figures; it asserts nothing (the
 * machines are noisy: compare the rows of one run with each other). Each size runs twice: plain
 * {@code java -jar target/openai-ft.jar}, and the {@code target/openai-ft} launcher (C1 only,
 * serial GC, small young generation, class-data sharing).
 *
 * <p>Then the start-up figure (median wall of 5 {@code --help}, launcher and {@code java -jar}) and
 * the paired comparison with the peer, the pandas + matplotlib script a user would write instead
 * ({@code ../shared/bench/peer_report.py}, or {@code -Dopenaift.peer=FILE}, run by Debian's {@code
 * /usr/bin/python3}): whole processes on the same file, runs alternating ours / peer, median of
 * {@value #PAIRS}, for 1,000 steps (validation every 10) and 1,000,000 steps (validation every
 * 100); it prints both walls, both peak RSS and the ratios ours / peer. Without that python3,
 * pandas or matplotlib, or the script, it says so and skips the peer. {@code --paired} runs only
 * these two parts.
 */
public final class ReportBenchmark {
  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    boolean pairedOnly = args.length > 0 && args[0].equals("--paired");
    if (pairedOnly) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000, 100_000, 1_000_000);
    }
    Path jar = Paths.get("target", "openai-ft.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          "benchmark: " + jar + " not found; run 'mvn -B -DskipTests package' first");
      System.exit(2);
    }
    Path work = Paths.get("target", "bench").toAbsolutePath();
    Files.createDirectories(work);
    Path launcher = Paths.get("target", "openai-ft").toAbsolutePath();
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("java", "-jar", jar.toString()));
    if (Files.isExecutable(launcher)) {
      commands.add(List.of(launcher.toString()));
    }
    System.out.println("load average at start: " + loadAverage());
    if (!pairedOnly) {
      table(runs, sizes, work, commands);
    }
    help(jar, launcher);
    paired(work, commands.get(commands.size() - 1));
    System.out.println("load average at end: " + loadAverage());
  }

  private static void table(int runs, List<Integer> sizes, Path work, List<List<String>> commands)
      throws IOException, InterruptedException {
    System.out.printf(
        "%-10s %-9s %8s %10s %10s %12s%n",
        "steps", "command", "runs", "wall_s", "min_s", "peak_rss_mib");
    for (int steps : sizes) {
      int validEvery = steps >= 1_000_000 ? 100 : 10;
      Path csv = work.resolve("step_metrics_" + steps + ".csv");
      if (!Files.isRegularFile(csv)) {
        generate(csv, steps, validEvery, 42);
      }
      for (List<String> command : commands) {
        double[] walls = new double[runs];
        long peak = 0;
        for (int r = 0; r < runs; r++) {
          Path out = work.resolve("out-" + steps);
          long[] m = runOnce(command, csv, out);
          walls[r] = m[0] / 1000.0;
          peak = Math.max(peak, m[1]);
        }
        Arrays.sort(walls);
        System.out.printf(
            "%-10d %-9s %8d %10.3f %10.3f %12.1f%n",
            steps,
            command.size() > 1 ? "java-jar" : "launcher",
            runs,
            walls[runs / 2],
            walls[0],
            peak / 1024.0);
      }
    }
  }

  /** Runs in paired comparisons: the median of this many of each. */
  static final int PAIRS = 5;

  /** Median wall of {@code --help}: the start-up alone. */
  private static void help(Path jar, Path launcher) throws IOException, InterruptedException {
    List<List<String>> commands = new ArrayList<>();
    if (Files.isExecutable(launcher)) {
      commands.add(List.of(launcher.toString(), "--help"));
    }
    commands.add(List.of("java", "-jar", jar.toString(), "--help"));
    System.out.printf("%n%-28s %8s %10s %10s%n", "start-up (--help)", "runs", "wall_s", "min_s");
    for (List<String> command : commands) {
      double[] walls = new double[PAIRS];
      for (int r = 0; r < PAIRS; r++) {
        walls[r] = time(command)[0] / 1000.0;
      }
      Arrays.sort(walls);
      System.out.printf(
          "%-28s %8d %10.3f %10.3f%n",
          command.size() > 2 ? "java -jar openai-ft.jar" : "launcher openai-ft",
          PAIRS,
          walls[PAIRS / 2],
          walls[0]);
    }
  }

  /**
   * Ours ({@code ours}: the launcher if built, else {@code java -jar}) against the peer script on
   * the same file, runs alternating, {@value #PAIRS} of each.
   */
  private static void paired(Path work, List<String> ours)
      throws IOException, InterruptedException {
    Path peer =
        Paths.get(System.getProperty("openaift.peer", "../shared/bench/peer_report.py"))
            .toAbsolutePath()
            .normalize();
    Path python = Paths.get("/usr/bin/python3");
    String missing = null;
    if (!Files.isRegularFile(peer)) {
      missing = "no peer script at " + peer + " (set -Dopenaift.peer=FILE)";
    } else if (!Files.isExecutable(python)) {
      missing = "no Debian /usr/bin/python3 (apt-get install python3-pandas python3-matplotlib)";
    } else if (time(List.of(python.toString(), "-c", "import pandas, matplotlib"), false) == null) {
      missing =
          "/usr/bin/python3 cannot import pandas and matplotlib"
              + " (apt-get install python3-pandas python3-matplotlib)";
    }
    if (missing != null) {
      System.out.println("\npeer comparison skipped: " + missing);
      return;
    }
    System.out.printf(
        "%npaired with the peer (%s %s), runs alternating, median of %d; ours: %s%n",
        python, peer, PAIRS, ours.size() > 1 ? "java -jar" : "the launcher");
    System.out.printf(
        "%-10s %6s %8s %8s %10s %9s %9s %10s%n",
        "steps", "valid", "ours_s", "peer_s", "wall_ratio", "ours_mib", "peer_mib", "rss_ratio");
    for (int[] size : new int[][] {{1_000, 10}, {1_000_000, 100}}) {
      int steps = size[0];
      Path csv = work.resolve("paired_" + steps + "_" + size[1] + ".csv");
      if (!Files.isRegularFile(csv)) {
        generate(csv, steps, size[1], 42);
      }
      List<String> oursCmd = new ArrayList<>(ours);
      oursCmd.addAll(
          List.of(
              "report",
              "--results",
              csv.toString(),
              "--out",
              work.resolve("paired-ours").toString()));
      List<String> peerCmd =
          List.of(
              python.toString(),
              peer.toString(),
              csv.toString(),
              work.resolve("paired-peer").toString());
      double[] oursWall = new double[PAIRS];
      double[] peerWall = new double[PAIRS];
      long[] oursRss = new long[PAIRS];
      long[] peerRss = new long[PAIRS];
      for (int r = 0; r < PAIRS; r++) {
        long[] o = time(oursCmd);
        long[] p = time(peerCmd);
        oursWall[r] = o[0] / 1000.0;
        oursRss[r] = o[1];
        peerWall[r] = p[0] / 1000.0;
        peerRss[r] = p[1];
      }
      double ow = median(oursWall);
      double pw = median(peerWall);
      double om = Arrays.stream(oursRss).max().orElse(0) / 1024.0;
      double pm = Arrays.stream(peerRss).max().orElse(0) / 1024.0;
      System.out.printf(
          "%-10d %6d %8.3f %8.3f %10.2f %9.1f %9.1f %10.2f%n",
          steps, size[1], ow, pw, ow / pw, om, pm, om / pm);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The 1-minute load average, from /proc/loadavg ("unknown" elsewhere). */
  static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Returns {wall millis, peak RSS KiB} of one {@code report} run. */
  private static long[] runOnce(List<String> command, Path csv, Path out)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of("report", "--results", csv.toString(), "--out", out.toString()));
    return time(cmd);
  }

  /** {wall millis, peak RSS KiB} of one run of {@code command}, which must exit 0. */
  static long[] time(List<String> command) throws IOException, InterruptedException {
    return time(command, true);
  }

  /** As above; when the command fails, throws if {@code mustSucceed}, else returns null. */
  private static long[] time(List<String> command, boolean mustSucceed)
      throws IOException, InterruptedException {
    Path timeFile = Files.createTempFile("bench-time", ".txt");
    List<String> cmd =
        new ArrayList<>(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%e %M"));
    cmd.addAll(command);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish in 300 s: " + cmd);
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    if (p.exitValue() != 0) {
      Files.deleteIfExists(timeFile);
      if (!mustSucceed) {
        return null;
      }
      throw new IllegalStateException("exited " + p.exitValue() + ": " + String.join(" ", cmd));
    }
    String[] parts = Files.readString(timeFile).trim().split("\\s+");
    Files.deleteIfExists(timeFile);
    long rssKib = Long.parseLong(parts[parts.length - 1]);
    return new long[] {wallMs, rssKib};
  }

  /**
   * Writes a current-format result file: a decaying noisy training loss, rising token accuracy, and
   * validation cells every {@code validEvery} steps (empty otherwise), values rounded to 5 decimals
   * in Python's float notation as the service writes them.
   */
  public static void generate(Path csv, int steps, int validEvery, long seed) throws IOException {
    Random rnd = new Random(seed);
    Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
      double tau = steps / 4.0;
      for (int s = 1; s <= steps; s++) {
        double base = 0.35 + 1.8 * Math.exp(-s / tau);
        double train = Math.max(0, base + rnd.nextGaussian() * 0.12);
        double acc = Math.min(1, Math.max(0, 1 - base / 2.4 + rnd.nextGaussian() * 0.03));
        w.write(Integer.toString(s));
        w.write(',');
        w.write(py(train));
        w.write(',');
        w.write(py(acc));
        w.write(',');
        if (s % validEvery == 0) {
          double valid = Math.max(0, base + 0.08 + rnd.nextGaussian() * 0.25);
          double vacc =
              Math.min(1, Math.max(0, 1 - (base + 0.08) / 2.4 + rnd.nextGaussian() * 0.06));
          w.write(py(valid));
          w.write(',');
          w.write(py(vacc));
        } else {
          w.write(',');
        }
        w.write('\n');
      }
    }
    Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Python's repr of a float rounded to 5 decimals: {@code 0.0}, {@code 0.31}, {@code 6e-05}. */
  static String py(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(5, RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0.0";
    }
    if (d.abs().compareTo(new BigDecimal("0.0001")) < 0) {
      // Python switches to exponent notation below 1e-4: 6e-05
      String unscaled = d.unscaledValue().abs().toString();
      int exp = unscaled.length() - 1 - d.scale();
      String mant =
          unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
      return (d.signum() < 0 ? "-" : "") + mant + "e-" + String.format(Locale.ROOT, "%02d", -exp);
    }
    String s = d.toPlainString();
    return s.contains(".") ? s : s + ".0";
  }
}
