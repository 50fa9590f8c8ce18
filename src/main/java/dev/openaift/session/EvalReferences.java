package dev.openaift.session;

import dev.openaift.io.Counts;
import dev.openaift.io.Echo;
import dev.openaift.io.ShownPath;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recording;
import dev.openaift.record.RecordingHeader;
import dev.openaift.record.Recordings;
import dev.openaift.record.Sampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference answers of an evaluation: the expected answers of the data, or the answers a
 * recorded model gave (from its recording of this data file, else matched by prompt in its
 * recordings of other data from the same endpoint).
 *
 * @param answers by example index; null where the reference has no answer
 * @param dir the reference recording's folder, or null
 * @param byPrompt one line per recording matched by prompt, for the plan
 * @param sampling how the reference answers were sampled (its recording's, or that of the
 *     recordings matched by prompt, which agree), or null for the expected answers
 */
record EvalReferences(String[] answers, Path dir, List<String> byPrompt, Sampling sampling) {

  /** The reference answers {@code o} names for {@code data}. */
  static EvalReferences load(EvalOptions o, ChatData data) {
    String[] references = new String[data.examples().size()];
    if (o.against() == null) {
      for (ChatExample e : data.examples()) {
        references[e.index()] = e.expected();
      }
      return new EvalReferences(references, null, List.of(), null);
    }
    Optional<Recording> rec = recording(o, data);
    if (rec.isEmpty()) {
      return byPrompt(o, data, references);
    }
    for (RecordedAnswer a : rec.get().answers()) {
      if (a.index() < references.length) {
        references[a.index()] = a.answer();
      }
    }
    return new EvalReferences(
        references, rec.get().dir(), List.of(), rec.get().header().sampling());
  }

  /** Examples with a reference answer. */
  int count() {
    int n = 0;
    for (String r : answers) {
      n += r == null ? 0 : 1;
    }
    return n;
  }

  /**
   * The recording {@code --against recorded:M} names, empty when M has recordings of other data
   * from that endpoint (their answers are matched by prompt), or why there is none.
   */
  private static Optional<Recording> recording(EvalOptions o, ChatData data) {
    EvalTarget t = o.against();
    Path dir = Recordings.dir(o.reportsDir(), t.endpoint(), t.model(), data.sha256());
    Optional<Recording> found = Recording.find(dir);
    if (found.isPresent()
        || !Recordings.ofModel(o.reportsDir(), t.model(), t.endpoint()).isEmpty()) {
      return found;
    }
    List<String> elsewhere = new ArrayList<>();
    for (Recording r : Recordings.ofEveryEndpoint(o.reportsDir(), t.model(), data.sha256())) {
      elsewhere.add(r.header().endpoint().shown());
    }
    throw new EvalException(
        "no recording of "
            + t.model()
            + " from "
            + t.endpoint().shown()
            + " for "
            + o.data()
            + " in "
            + ShownPath.of(dir)
            + (elsewhere.isEmpty()
                ? "; record it while the model answers: openai-ft record "
                    + t.model()
                    + " --data "
                    + o.data()
                : "; there is one from "
                    + String.join(" and from ", elsewhere)
                    + ", which is another service: name it with recorded:"
                    + t.model()
                    + "@URL"));
  }

  /**
   * Without a recording of M on this data file: fills {@code references} with the answers M's
   * recordings from the same endpoint gave to the same prompt messages, asked with the same
   * temperature, seed and token limit (the recording covering most examples sets them; recordings
   * asked otherwise are not mixed in). Returns them with one line per recording used and those
   * settings; never asks M anything.
   */
  private static EvalReferences byPrompt(EvalOptions o, ChatData data, String[] references) {
    EvalTarget t = o.against();
    List<Recording> all = Recordings.ofModel(o.reportsDir(), t.model(), t.endpoint());
    List<Map<String, RecordedAnswer>> maps = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    int[] covers = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Map<String, RecordedAnswer> m = all.get(i).byPrompt();
      maps.add(m);
      order.add(i);
      for (ChatExample e : data.examples()) {
        covers[i] += m.containsKey(e.promptHash()) ? 1 : 0;
      }
    }
    // most examples first, then by folder (all is sorted by folder)
    order.sort((a, b) -> covers[a] != covers[b] ? covers[b] - covers[a] : a - b);
    List<String> lines = new ArrayList<>();
    Sampling settings = null;
    for (int i : order) {
      RecordingHeader h = all.get(i).header();
      if (covers[i] == 0) {
        break;
      }
      if (settings == null) {
        settings = h.sampling();
      } else if (!h.sampling().sameAs(settings)) {
        continue;
      }
      int used = 0;
      for (ChatExample e : data.examples()) {
        RecordedAnswer a = maps.get(i).get(e.promptHash());
        if (references[e.index()] == null && a != null) {
          references[e.index()] = a.answer();
          used++;
        }
      }
      if (used > 0) {
        lines.add(
            "The reference answers ("
                + used
                + ") are "
                + t.label()
                + "'s, matched by prompt in its recording of "
                + (h.dataFile() == null ? "data sha256 " + h.dataSha256() : Echo.cut(h.dataFile()))
                + ": "
                + ShownPath.of(all.get(i).dir()));
      }
    }
    if (lines.isEmpty()) {
      throw new EvalException(
          "no recording of "
              + t.model()
              + " from "
              + t.endpoint().shown()
              + " answers a prompt of "
              + o.data()
              + " (searched "
              + Counts.of(all.size(), "recording")
              + " of other data by prompt in "
              + ShownPath.of(all.get(0).dir().getParent())
              + "), so there is nothing to compare with; nothing was asked. Record it while the"
              + " model answers: openai-ft record "
              + t.model()
              + " --data "
              + o.data());
    }
    return new EvalReferences(references, null, lines, settings);
  }
}
