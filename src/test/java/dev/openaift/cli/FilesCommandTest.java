package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.FileInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesCommandTest {
  @TempDir Path tmp;
  private LifecycleSandbox sb;

  @BeforeEach
  void start() {
    sb = new LifecycleSandbox();
  }

  @AfterEach
  void stop() {
    sb.close();
  }

  @Test
  void uploadChecksThenUploadsAndListShowsIt() throws Exception {
    Path train = LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(12));
    CliRun r = sb.run("files", "upload", train.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Checked " + train + ": Result: usable"), r.out());
    List<FileInfo> files = sb.gateway.listFiles();
    assertEquals(1, files.size());
    assertTrue(r.out().contains("Uploaded " + train + " as " + files.get(0).id()), r.out());
    assertEquals(Files.size(train), files.get(0).bytes());

    CliRun list = sb.run("files", "list");
    assertEquals(0, list.code(), list.toString());
    String[] lines = list.out().split("\n");
    assertEquals(2, lines.length, list.out());
    assertTrue(lines[0].matches("ID +CREATED +BYTES +PURPOSE +FILENAME"), lines[0]);
    assertTrue(lines[1].startsWith(files.get(0).id() + "  "), lines[1]);
    assertTrue(lines[1].endsWith("fine-tune  train.jsonl"), lines[1]);
    assertTrue(
        lines[1].matches(".* 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .*"),
        "local time: " + lines[1]);
    for (String l : lines) {
      assertEquals(l.stripTrailing(), l, "no trailing spaces");
    }
  }

  @Test
  void timesAreShownInTheUsersZone() {
    FileInfo f = sb.upload("a.jsonl", LifecycleSandbox.examples(10));
    java.time.ZoneId zone = java.time.ZoneId.of("Asia/Kolkata");
    CliContext india = CliRun.context(sb.env(), zone, CliRun.COLUMNS);
    CliRun r = LifecycleSandbox.run(india, UserInput.of(""), "files", "get", f.id());
    assertEquals(0, r.code(), r.toString());
    String expected =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .format(java.time.Instant.ofEpochSecond(f.createdAt()).atZone(zone));
    assertTrue(r.out().contains("created   " + expected + "\n"), r.out());
  }

  @Test
  void listJsonIsOneListOfApiFileObjects() throws Exception {
    FileInfo a = sb.upload("a.jsonl", LifecycleSandbox.examples(10));
    FileInfo b = sb.upload("b.jsonl", LifecycleSandbox.examples(11));
    CliRun r = sb.run("files", "list", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode list = r.json();
    assertTrue(list.isArray());
    assertEquals(2, list.size());
    assertEquals(b.id(), list.get(0).get("id").asText(), "newest first");
    JsonNode first = list.get(1);
    assertEquals(
        List.of("bytes", "created_at", "filename", "id", "object", "purpose"), fieldNames(first));
    assertEquals(a.id(), first.get("id").asText());
    assertEquals("a.jsonl", first.get("filename").asText());
    assertEquals("file", first.get("object").asText());
    assertTrue(first.get("created_at").isIntegralNumber(), "unix seconds");
    assertEquals(a.createdAt().longValue(), first.get("created_at").asLong());
  }

  @Test
  void unusableFileIsNotUploaded() throws Exception {
    Path bad = LifecycleSandbox.write(tmp.resolve("bad.jsonl"), LifecycleSandbox.unusable(12));
    CliRun r = sb.run("files", "upload", bad.toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains(bad + ": no assistant message (12 lines: 1, 2, 3"), r.err());
    assertTrue(r.err().contains("nothing was uploaded"), r.err());
    assertEquals(0, sb.fileCount(), "nothing uploaded");

    CliRun unchecked = sb.run("files", "upload", bad.toString(), "--no-check");
    assertEquals(0, unchecked.code(), unchecked.toString());
    assertEquals(1, sb.fileCount());
  }

  @Test
  void otherPurposesAreUploadedWithoutTheFineTuneChecks() {
    Path batch = LifecycleSandbox.write(tmp.resolve("batch.jsonl"), LifecycleSandbox.unusable(3));
    CliRun r = sb.run("files", "upload", batch.toString(), "--purpose", "batch", "--json");
    assertEquals(0, r.code(), r.toString());
    assertEquals("batch", r.json().get("purpose").asText());
    assertEquals("batch.jsonl", r.json().get("filename").asText());
    assertEquals(1, sb.fileCount());
  }

  @Test
  void listFiltersByPurpose() {
    sb.gateway.uploadFile("batch.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8), "batch");
    FileInfo ft = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    JsonNode onlyFt = sb.run("files", "list", "--purpose", "fine-tune", "--json").json();
    assertEquals(1, onlyFt.size());
    assertEquals(ft.id(), onlyFt.get(0).get("id").asText());
    CliRun none = sb.run("files", "list", "--purpose", "vision");
    assertEquals("No files.\n", none.out());
  }

  @Test
  void missingLocalFileIsAFileProblem() {
    CliRun r = sb.run("files", "upload", tmp.resolve("nope.jsonl").toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("nope.jsonl"), r.err());
    assertEquals(0, sb.fileCount());
  }

  @Test
  void getShowsOneFileAndUnknownIdIsAnApiErrorNamingIt() throws Exception {
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    CliRun r = sb.run("files", "get", f.id());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("id        " + f.id() + "\nfilename  train.jsonl\n"), r.out());

    CliRun j = sb.run("files", "get", f.id(), "--json");
    assertEquals(f.id(), j.json().get("id").asText());
    assertEquals("fine-tune", j.json().get("purpose").asText());

    CliRun unknown = sb.run("files", "get", "file-doesnotexist");
    assertEquals(4, unknown.code(), unknown.toString());
    assertEquals("", unknown.out());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    assertTrue(
        unknown
            .err()
            .startsWith(
                "openai-ft: no file file-doesnotexist (404 from the API): No such File object:"
                    + " file-doesnotexist"),
        unknown.err());
  }

  @Test
  void downloadRawToStdoutOrAtomicallyToAFile() throws Exception {
    String content = LifecycleSandbox.examples(10);
    FileInfo f = sb.upload("train.jsonl", content);
    CliRun r = sb.run("files", "download", f.id());
    assertEquals(0, r.code(), r.toString());
    assertEquals(content, r.out());

    Path target = tmp.resolve("out").resolve("copy.jsonl");
    Files.createDirectories(target.getParent());
    CliRun saved = sb.run("files", "download", f.id(), "-o", target.toString());
    assertEquals(0, saved.code(), saved.toString());
    assertEquals(content, Files.readString(target, StandardCharsets.UTF_8));
    try (var left = Files.list(target.getParent())) {
      assertEquals(List.of(target), left.toList(), "no temporary file left");
    }

    CliRun dash = sb.run("files", "download", f.id(), "-o", "-");
    assertEquals(0, dash.code(), dash.toString());
    assertEquals(content, dash.out());

    CliRun dir = sb.run("files", "download", f.id(), "-o", target.getParent().toString());
    assertEquals(2, dir.code(), dir.toString());
    assertTrue(
        dir.err().startsWith("openai-ft: -o: " + target.getParent() + " is a directory"),
        dir.err());
  }

  @Test
  void deleteRefusesWithoutYesWhenNotATerminal() {
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    CliRun r = sb.run("files", "delete", f.id());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("pass --yes"), r.err());
    assertEquals(1, sb.fileCount());

    CliRun yes = sb.run("files", "delete", f.id(), "--yes");
    assertEquals(0, yes.code(), yes.toString());
    assertTrue(yes.out().contains("Deleted " + f.id() + " (train.jsonl)."), yes.out());
    assertEquals(0, sb.fileCount());
  }

  @Test
  void deleteAsksOnATerminal() {
    FileInfo a = sb.upload("a.jsonl", LifecycleSandbox.examples(10));
    FileInfo b = sb.upload("b.jsonl", LifecycleSandbox.examples(10));
    CliRun no = sb.run(true, "n\n", "files", "delete", a.id(), b.id());
    assertEquals(0, no.code(), no.toString());
    assertTrue(
        no.err()
            .contains("Delete 2 files (" + a.id() + " (a.jsonl), " + b.id() + " (b.jsonl))? [y/N]"),
        no.err());
    assertTrue(no.err().contains("nothing was changed"), no.err());
    assertEquals(2, sb.fileCount());

    CliRun eof = sb.run(true, "", "files", "delete", a.id());
    assertEquals(0, eof.code(), eof.toString());
    assertEquals(2, sb.fileCount(), "end of input is not a yes");

    CliRun yes = sb.run(true, "y\n", "files", "delete", a.id(), b.id(), "--json");
    assertEquals(0, yes.code(), yes.toString());
    assertEquals(0, sb.fileCount());
    JsonNode answers = yes.json();
    assertEquals(2, answers.size());
    assertEquals(a.id(), answers.get(0).get("id").asText());
    assertTrue(answers.get(0).get("deleted").asBoolean());
    assertEquals("file", answers.get(1).get("object").asText());
  }

  @Test
  void unknownIdStopsBeforeAnythingIsDeleted() {
    FileInfo a = sb.upload("a.jsonl", LifecycleSandbox.examples(10));
    CliRun r = sb.run("files", "delete", a.id(), "file-missing1", "--yes");
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains("file-missing1"), r.err());
    assertEquals(1, sb.fileCount());
  }

  @Test
  void deleteByNameDeletesEveryUploadOfThatNameOnly() {
    sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    sb.upload("train.jsonl", LifecycleSandbox.examples(11));
    FileInfo other = sb.upload("valid.jsonl", LifecycleSandbox.examples(10));
    CliRun r = sb.run("files", "delete-by-name", "train.jsonl", "--yes");
    assertEquals(0, r.code(), r.toString());
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("Deleted file-")).count(), r.out());
    List<FileInfo> left = sb.gateway.listFiles();
    assertEquals(List.of(other.id()), left.stream().map(FileInfo::id).toList());

    CliRun none = sb.run("files", "delete-by-name", "train.jsonl", "--yes");
    assertEquals(0, none.code(), none.toString());
    assertTrue(none.err().contains("nothing to delete"), none.err());
  }

  @Test
  void badOptionIsUsage() {
    CliRun r = sb.run("files", "list", "--no-such-option");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("openai-ft: "), r.err());
    CliRun missing = sb.run("files", "delete");
    assertEquals(2, missing.code(), missing.toString());
    CliRun bare = sb.run("files");
    assertEquals(2, bare.code(), bare.toString());
    assertTrue(bare.err().contains("upload"), bare.err());
  }

  @Test
  void missingKeyIsUsageBeforeAnyRequest() {
    CliRun r = CliRun.withEnv(java.util.Map.of(), "files", "list");
    assertEquals(2, r.code());
    assertFalse(r.err().isEmpty());
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
