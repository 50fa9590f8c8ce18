package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Provider;
import dev.openaift.record.ChatData;
import dev.openaift.record.Recording;
import dev.openaift.record.Recordings;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings keep the endpoint that answered, and {@code eval} asks each model where it is named:
 * an OpenAI-flavoured sandbox, a second one on another port standing in for a local
 * OpenAI-compatible server (vLLM, Ollama), and the Azure flavour, with the requests counted on
 * each.
 */
class EvalEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gpt-4o-mini";
  private static LifecycleSandbox openai;
  private static LifecycleSandbox local;
  private static Sandbox azure;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    openai = new LifecycleSandbox();
    local = new LifecycleSandbox();
    azure =
        Sandbox.startAzure(
            SandboxConfig.defaults()
                .withApiKey(LifecycleSandbox.KEY)
                .withClock(LifecycleSandbox.CLOCK)
                .withSeed(1));
    azure.deploy(MODEL, MODEL);
  }

  @AfterAll
  static void stop() {
    openai.close();
    local.close();
    azure.close();
  }

  private static long asked(LifecycleSandbox s) {
    return s.sandbox.faultStats().requests();
  }

  private Path data() {
    return LifecycleSandbox.write(tmp.resolve("valid.jsonl"), LifecycleSandbox.examples(12));
  }

  private static Map<String, String> azureEnv() {
    return Map.of(
        "AZURE_OPENAI_ENDPOINT",
        azure.baseUrl().toString(),
        "AZURE_OPENAI_API_KEY",
        LifecycleSandbox.KEY,
        "OPENAI_API_VERSION",
        "2024-10-21");
  }

  @Test
  void aRecordingFromOneEndpointIsNotReusedForAModelOfTheSameNameElsewhere() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    CliRun rec =
        openai.run("record", MODEL, "--data", data.toString(), "--reports-dir", reports.toString());
    assertEquals(0, rec.code(), rec.toString());

    long azureBefore = azure.faultStats().requests();
    long openaiBefore = asked(openai);
    CliRun onAzure =
        CliRun.withEnv(
            azureEnv(),
            "eval",
            "--data",
            data.toString(),
            "--model",
            MODEL,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("azure-eval").toString(),
            "--yes");
    assertEquals(0, onAzure.code(), onAzure.toString());
    assertTrue(onAzure.out().contains("  " + MODEL + ": 12 requests to ask: "), onAzure.out());
    assertEquals(12, azure.faultStats().requests() - azureBefore, "the deployment was asked");
    assertEquals(0, asked(openai) - openaiBefore);

    String sha = ChatData.read(data).sha256();
    Endpoint azureEndpoint =
        new Endpoint(
            Provider.AZURE, azure.baseUrl().toString().replaceAll("/+$", ""), "2024-10-21");
    Path azureDir = Recordings.dir(reports, azureEndpoint, MODEL, sha);
    assertEquals(12, Recording.read(azureDir).answers().size());
    String header = Files.readString(azureDir.resolve(Recordings.HEADER), StandardCharsets.UTF_8);
    assertFalse(header.contains(LifecycleSandbox.KEY), "no key in the header");
    JsonNode where = JSON.readTree(header).get("endpoint");
    assertEquals("azure", where.get("provider").asText());
    assertEquals("127.0.0.1:" + azure.baseUrl().getPort(), where.get("host").asText());
    assertEquals("2024-10-21", where.get("api_version").asText());
    assertEquals(MODEL, where.get("deployment").asText());
    assertEquals(2, JSON.readTree(header).get("version").asInt());
    JsonNode openaiHeader =
        JSON.readTree(
            Recordings.dir(reports, openai.endpoint(), MODEL, sha)
                .resolve(Recordings.HEADER)
                .toFile());
    assertEquals("openai", openaiHeader.at("/endpoint/provider").asText());
    assertTrue(openaiHeader.at("/endpoint/deployment").isNull());

    // back on the OpenAI endpoint, its own recording is reused: nothing is asked
    long again = asked(openai);
    CliRun onOpenAi =
        openai.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            MODEL,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("openai-eval").toString());
    assertEquals(0, onOpenAi.code(), onOpenAi.toString());
    assertTrue(onOpenAi.out().contains(MODEL + ": 0 requests to ask (12 recorded before)."));
    assertEquals(0, asked(openai) - again);

    // the reference is looked up on the command's endpoint too, and the message names the other
    CliRun missing =
        CliRun.withEnv(
            azureEnv(),
            "eval",
            "--data",
            data.toString(),
            "--model",
            "other",
            "--against",
            "recorded:gpt-4.1-mini",
            "--reports-dir",
            reports.toString());
    assertEquals(5, missing.code(), missing.toString());
    assertTrue(
        missing.err().contains("no recording of gpt-4.1-mini from Azure OpenAI"), missing.err());
  }

  @Test
  void aRecordingThatFailedOnItsFirstRequestIsNoReference() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    // a record run that fails on its first request leaves nothing behind
    CliRun failed =
        openai.run(
            "record",
            "no-such-model",
            "--data",
            data.toString(),
            "--reports-dir",
            reports.toString(),
            "--yes");
    assertEquals(4, failed.code(), failed.toString());
    Path dir =
        Recordings.dir(reports, openai.endpoint(), "no-such-model", ChatData.read(data).sha256());
    assertFalse(Files.exists(dir), "no empty recording left behind");

    long before = asked(openai);
    Path out = tmp.resolve("out");
    CliRun eval =
        openai.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            MODEL,
            "--against",
            "recorded:no-such-model",
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString(),
            "--yes");
    assertEquals(5, eval.code(), eval.toString());
    assertEquals(0, asked(openai) - before, "nothing was asked");
    assertEquals(1, eval.err().strip().lines().count(), eval.err());
    assertTrue(eval.err().contains("no recording of no-such-model"), eval.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aLocalStandInIsJudgedAgainstARecordingInOneRun() throws Exception {
    Path data = data();
    Path reports = tmp.resolve("reports");
    // the reference: 5 of the 12 examples recorded from the OpenAI endpoint
    CliRun rec =
        openai.run(
            "record",
            MODEL,
            "--data",
            data.toString(),
            "--limit",
            "5",
            "--reports-dir",
            reports.toString());
    assertEquals(0, rec.code(), rec.toString());

    long openaiBefore = asked(openai);
    long localBefore = asked(local);
    String localModel = "llama-stand-in";
    String at = localModel + "@" + local.sandbox.baseUrl();
    Path out = tmp.resolve("out");
    CliRun eval =
        openai.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            MODEL + "@" + local.sandbox.baseUrl(),
            "--against",
            "recorded:" + MODEL,
            "--margin",
            "0.05",
            "--reports-dir",
            reports.toString(),
            "--out",
            out.toString(),
            "--yes");
    assertEquals(0, eval.code(), eval.toString());
    assertEquals(0, asked(openai) - openaiBefore, "the recording answered for the OpenAI model");
    assertEquals(5, asked(local) - localBefore, "the stand-in was asked what can be scored");
    String label = MODEL + "@127.0.0.1:" + local.sandbox.baseUrl().getPort();
    assertTrue(eval.out().contains("  " + label + ": 5 requests to ask: "), eval.out());
    assertTrue(
        eval.out()
            .contains(
                "The recording of "
                    + MODEL
                    + " answers 5 of 12 examples: the other 7 are neither asked nor scored."),
        eval.out());
    assertTrue(eval.out().contains("  PASS  " + label + ": exact"), eval.out());

    JsonNode e = JSON.readTree(out.resolve("eval.json").toFile());
    assertEquals(5, e.get("reference_answered").asInt());
    assertEquals(12, e.get("examples").asInt());
    assertTrue(e.get("created").isTextual());
    JsonNode v = e.get("verdicts").get(0);
    assertEquals(label, v.get("candidate").asText());
    assertEquals(MODEL, v.get("reference").asText());
    assertEquals("PASS", v.get("verdict").asText());
    assertEquals(5, v.get("n").asInt());
    assertEquals(0.05, v.get("margin").asDouble());
    assertTrue(v.get("examples_to_settle").isNull());
    assertTrue(v.has("lower_bound") && v.has("upper_bound"));
    var page = Jsoup.parse(out.resolve("eval.html").toFile());
    assertTrue(
        page.text().contains("5 of 12 (the recording did not answer the other 7"), page.text());
    assertEquals("PASS", page.selectFirst("#cell-verdicts tbody tr td:nth-child(3)").text());
    Recording local12 =
        Recording.read(
            Recordings.dir(reports, local.endpoint(), MODEL, ChatData.read(data).sha256()));
    assertEquals(5, local12.answers().size());

    // a model of another name on the local server, beside the OpenAI one, in one run
    long localAgain = asked(local);
    CliRun pair =
        openai.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            MODEL,
            "--model",
            at,
            "--dry-run",
            "--reports-dir",
            reports.toString());
    assertEquals(0, pair.code(), pair.toString());
    assertTrue(
        pair.out().contains("  " + MODEL + ": 7 requests to ask (5 recorded before)"), pair.out());
    assertTrue(
        pair.out()
            .contains(
                "  "
                    + localModel
                    + "@127.0.0.1:"
                    + local.sandbox.baseUrl().getPort()
                    + ": 12 requests to ask"),
        pair.out());
    assertEquals(0, asked(local) - localAgain, "a dry run asks nothing");
  }
}
