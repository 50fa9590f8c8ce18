package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.generate.GenerateConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path tmp;

  @Test
  void createsADocumentedConfigThatPassesItsOwnChecks() throws Exception {
    CliRun r = CliRun.of("init", "support-bot", "--dir", tmp.toString());
    assertEquals(0, r.code(), r.err());
    Path dir = tmp.resolve("projects/support-bot");
    assertTrue(r.out().contains(dir.resolve("generate.json").toString()), r.out());
    GenerateConfig config = GenerateConfig.read(dir.resolve("generate.json"));
    assertEquals(4, config.topics().size());
    assertTrue(config.prompt("billing").startsWith("Topic: billing\n"), config.prompt("billing"));
    assertFalse(config.prompt("billing").contains("{{"), "every placeholder filled");
    String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
    for (String key :
        new String[] {
          "system",
          "topics",
          "count",
          "turns",
          "template",
          "variables",
          "model",
          "epochs",
          "suffix",
          "provider"
        }) {
      assertTrue(readme.contains("| `" + key + "` |"), "README documents " + key);
    }
  }

  @Test
  void neverOverwritesAProject() throws Exception {
    assertEquals(0, CliRun.of("init", "p", "--dir", tmp.toString()).code());
    Path config = tmp.resolve("projects/p/generate.json");
    Files.writeString(config, "{\"edited\": true}");
    CliRun again = CliRun.of("init", "p", "--dir", tmp.toString());
    assertEquals(5, again.code());
    assertTrue(again.err().contains("already exists"), again.err());
    assertEquals("{\"edited\": true}", Files.readString(config), "untouched");
  }

  @Test
  void aNameThatIsNotOneFolderIsBadUsage() {
    CliRun r = CliRun.of("init", "../escape", "--dir", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("NAME must be"), r.err());
    assertFalse(Files.exists(tmp.resolve("escape")));
  }

  @Test
  void aTooLongNameIsRefusedForItsLength() {
    CliRun r = CliRun.of("init", "a".repeat(300), "--dir", tmp.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("openai-ft: NAME is 300 characters long, at most 100"), r.err());
    assertTrue(r.err().length() < 300, r.err());
  }
}
