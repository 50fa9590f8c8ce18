package dev.openaift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Paired benchmark of {@code openai-ft report trainer_state.json} (issue 22): the launcher {@code
 * target/openai-ft} (run in place: its class-data archive is tied to the jar's path) against the
 * peer a user would write for a Trainer run ({@code ../shared/bench/peer_trainer.py} from the main
 * tree or a worktree, or {@code -Dopenaift.peer=FILE}, run by Debian's {@code /usr/bin/python3}),
 * on files made by {@code ../shared/bench/gen_trainer_state.py} (or {@code -Dopenaift.gen=FILE})
 * with 1,000 and 200,000 logged steps (or the sizes given). Whole processes, runs alternating ours
 * / peer, median wall of {@code runs} (5 by default) and the largest peak RSS of each (GNU time's
 * {@code %M}); it prints both and the ratios ours / peer. It asserts nothing: the machines are
 * noisy, compare the rows of one run.
 *
 * <p>Run after {@code mvn package}: {@code java -cp target/test-classes
 * dev.openaift.bench.TrainerBenchmark [runs] [steps...]}; {@code --jsonl} reports the same entries
 * written one JSON object per line (ours only reads that; the peer still reads the state file);
 * {@code --before LAUNCHER} runs another build's launcher (built in its own folder, where its
 * class-data archive belongs) in the same rotation, on the state file, for before/after rows.
 */
public final class TrainerBenchmark {
  private TrainerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean jsonl = rest.remove("--jsonl");
    int b = rest.indexOf("--before");
    Path before = null;
    if (b >= 0) {
      before = Paths.get(rest.remove(b + 1)).toAbsolutePath();
      rest.remove(b);
    }
    int runs = rest.isEmpty() ? ReportBenchmark.PAIRS : Integer.parseInt(rest.remove(0));
    List<Integer> sizes = new ArrayList<>();
    rest.forEach(s -> sizes.add(Integer.parseInt(s)));
    if (sizes.isEmpty()) {
      sizes.addAll(List.of(1_000, 200_000));
    }
    Path launcher = Paths.get("target", "openai-ft").toAbsolutePath();
    Path python = Paths.get("/usr/bin/python3");
    Path peer = script("openaift.peer", "peer_trainer.py");
    Path gen = script("openaift.gen", "gen_trainer_state.py");
    for (Path needed : List.of(launcher, python, peer, gen)) {
      if (!Files.isRegularFile(needed)) {
        System.err.println(
            "benchmark: " + needed + " not found (mvn -B -DskipTests package; python3-pandas)");
        System.exit(2);
      }
    }
    Path work = Paths.get("target", "bench").toAbsolutePath();
    Files.createDirectories(work);
    System.out.println("load average at start: " + ReportBenchmark.loadAverage());
    System.out.printf(
        "paired with the peer (%s %s), runs alternating, median of %d; ours: the launcher%s%n",
        python, peer, runs, jsonl ? " on the JSON-lines log" : "");
    System.out.printf(
        "%-10s %-7s %8s %8s %8s %10s %9s %9s %10s%n",
        "steps",
        "command",
        "file_mb",
        "ours_s",
        "peer_s",
        "wall_ratio",
        "ours_mib",
        "peer_mib",
        "rss_ratio");
    for (int steps : sizes) {
      Path state = work.resolve("trainer_state_" + steps + ".json");
      if (!Files.isRegularFile(state)) {
        run(List.of(python.toString(), gen.toString(), Integer.toString(steps), state.toString()));
      }
      Path input = state;
      if (jsonl) {
        input = work.resolve("trainer_log_" + steps + ".jsonl");
        if (!Files.isRegularFile(input)) {
          run(
              List.of(
                  python.toString(),
                  "-c",
                  "import json,sys\n"
                      + "h=json.load(open(sys.argv[1]))['log_history']\n"
                      + "open(sys.argv[2],'w').write(''.join(json.dumps(e)+'\\n' for e in h))",
                  state.toString(),
                  input.toString()));
        }
      }
      Map<String, List<String>> commands = new LinkedHashMap<>();
      if (before != null) {
        commands.put("before", report(before, state, work.resolve("trainer-before")));
      }
      commands.put("ours", report(launcher, input, work.resolve("trainer-ours")));
      commands.put(
          "peer",
          List.of(
              python.toString(),
              peer.toString(),
              state.toString(),
              work.resolve("trainer-peer").toString()));
      Map<String, double[]> walls = new LinkedHashMap<>();
      Map<String, Long> rss = new LinkedHashMap<>();
      commands.keySet().forEach(k -> walls.put(k, new double[runs]));
      for (int r = 0; r < runs; r++) {
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
          long[] m = ReportBenchmark.time(c.getValue());
          walls.get(c.getKey())[r] = m[0] / 1000.0;
          rss.merge(c.getKey(), m[1], Math::max);
        }
      }
      double pw = ReportBenchmark.median(walls.get("peer"));
      long pm = rss.get("peer");
      for (String k : commands.keySet()) {
        if (k.equals("peer")) {
          continue;
        }
        double ow = ReportBenchmark.median(walls.get(k));
        long om = rss.get(k);
        System.out.printf(
            "%-10d %-7s %8.1f %8.3f %8.3f %10.2f %9.1f %9.1f %10.2f%n",
            steps,
            k,
            Files.size(k.equals("before") ? state : input) / 1e6,
            ow,
            pw,
            ow / pw,
            om / 1024.0,
            pm / 1024.0,
            (double) om / pm);
      }
    }
    System.out.println("load average at end: " + ReportBenchmark.loadAverage());
  }

  /**
   * The script named by {@code property}, else {@code ../shared/bench/NAME} from the main tree or
   * from a worktree under {@code wt/}.
   */
  /** {@code launcher report INPUT --out OUT}. */
  private static List<String> report(Path launcher, Path input, Path out) {
    return List.of(launcher.toString(), "report", input.toString(), "--out", out.toString());
  }

  private static Path script(String property, String name) {
    String given = System.getProperty(property);
    if (given != null) {
      return Paths.get(given).toAbsolutePath().normalize();
    }
    Path main = Paths.get("../shared/bench", name).toAbsolutePath().normalize();
    Path worktree = Paths.get("../../shared/bench", name).toAbsolutePath().normalize();
    return Files.isRegularFile(main) || !Files.isRegularFile(worktree) ? main : worktree;
  }

  /** Runs a helper command that must exit 0 (making an input). */
  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("failed: " + String.join(" ", command));
    }
  }
}
