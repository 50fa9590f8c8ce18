package dev.openaift.retirement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ModelEntry;
import dev.openaift.io.InputFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownsTest {
  @TempDir Path dir;

  /** 2026-11-29 23:30 UTC: still the 29th in UTC, already the 30th in Tokyo. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T23:30:00Z"), ZoneOffset.ofHours(9));

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void theBuiltInTableHasTheAnnouncedDates() {
    RetirementTable t = RetirementTable.builtIn();
    assertEquals("2026-11-29", t.asOf());
    assertEquals(d("2027-01-06"), t.newJobsStop().orElseThrow());
    assertEquals(d("2027-01-14"), t.find("gpt-4o-mini-2024-07-18").orElseThrow());
    assertEquals(
        d("2027-01-14"), t.find("gpt-4o-mini").orElseThrow(), "alias: its newest snapshot");
    assertEquals(d("2026-10-23"), t.find("o4-mini-2025-04-16").orElseThrow());
    assertTrue(
        t.find("gpt-4o-2099-01-01").isEmpty(), "no family entry for gpt-4o in the built-in table");
    assertTrue(t.find("gpt-3.5-turbo-0125").isEmpty());
    assertTrue(t.describe().contains("built-in table as of 2026-11-29"), t.describe());
  }

  @Test
  void daysLeftAreCountedInUtcDaysFromTheClock() {
    Shutdowns s = new Shutdowns(RetirementTable.builtIn(), CLOCK);
    assertEquals(d("2026-11-29"), s.today());
    // 2026-11-29 -> 2027-01-14: 1 (to Nov 30) + 1 (to Dec 1) + 31 (December) + 13 = 46
    Shutdown gpt4o = s.of("ft:gpt-4o-mini-2024-07-18:acme:support:abc123");
    assertEquals(d("2027-01-14"), gpt4o.date());
    assertEquals(46L, gpt4o.daysLeft());
    assertEquals(DateSource.RESOURCE, gpt4o.source());
    assertFalse(gpt4o.past());
    assertTrue(gpt4o.within(90));
    assertFalse(gpt4o.within(30));
    // 2026-10-23 is 37 days before 2026-11-29 (8 left in October + 29)
    Shutdown nano = s.of("ft:gpt-4.1-nano-2025-04-14:acme::x:ckpt-step-10");
    assertEquals(-37L, nano.daysLeft());
    assertTrue(nano.past());
    assertEquals("shut down 37 days ago", Shutdowns.describeDaysLeft(nano));
    assertEquals("46 days", Shutdowns.describeDaysLeft(gpt4o));
    Shutdown none = s.of("ft:gpt-3.5-turbo-0125:acme::y");
    assertNull(none.date());
    assertEquals(DateSource.NONE, none.source());
    assertEquals("-", Shutdowns.describeDaysLeft(none));
    // 2026-11-29 -> 2027-01-06: 2 + 31 + 5 = 38
    assertEquals(
        "new fine-tuning jobs stop on 2027-01-06 (38 days)", s.platformLine().orElseThrow());
  }

  @Test
  void theModelsApiWinsThenTheBaseModelThenTheTable() {
    Shutdowns s =
        new Shutdowns(RetirementTable.builtIn(), CLOCK)
            .withModels(
                List.of(
                    new ModelEntry(
                        "ft:gpt-4o-mini-2024-07-18:acme::own", 1L, "acme", d("2026-12-01")),
                    new ModelEntry("gpt-4.1-2025-04-14", 1L, "system", d("2027-03-01")),
                    new ModelEntry("ft:gpt-4.1-2025-04-14:acme::nodate", 1L, "acme", null),
                    new ModelEntry("gpt-4o-mini-2024-07-18", 1L, "system", null)));
    Shutdown own = s.of("ft:gpt-4o-mini-2024-07-18:acme::own");
    assertEquals(DateSource.MODELS_API, own.source());
    assertEquals(2L, own.daysLeft());
    Shutdown viaBase = s.of("ft:gpt-4.1-2025-04-14:acme::nodate");
    assertEquals(DateSource.BASE_MODEL, viaBase.source());
    assertEquals(d("2027-03-01"), viaBase.date());
    assertEquals(
        DateSource.RESOURCE,
        s.of("ft:gpt-4o-mini-2024-07-18:acme::other").source(),
        "the API lists the base without a date: the table still knows it");
    assertEquals(DateSource.MODELS_API, s.of("gpt-4.1-2025-04-14").source());
  }

  @Test
  void aShutdownOnTheDayAndAfterIt() {
    Clock onTheDay = Clock.fixed(Instant.parse("2027-01-14T00:00:00Z"), ZoneOffset.UTC);
    Shutdowns s = new Shutdowns(RetirementTable.builtIn(), onTheDay);
    Shutdown x = s.of("gpt-4.1-mini-2025-04-14");
    assertEquals(0L, x.daysLeft());
    assertTrue(x.past());
    assertEquals("shuts down today", Shutdowns.describeDaysLeft(x));
    assertEquals(
        "new fine-tuning jobs stopped on 2027-01-06 (8 days ago)", s.platformLine().orElseThrow());
  }

  @Test
  void anOverrideFileReplacesDatesAndCanSayNone() throws Exception {
    Path f = dir.resolve("dates.json");
    Files.writeString(
        f,
        "{\"as_of\": \"2026-12-10\", \"new_jobs_stop\": \"2027-02-01\", \"models\":"
            + " {\"gpt-4o-mini-2024-07-18\": \"2027-06-30\", \"gpt-4.1-2025-04-14\": null,"
            + " \"gpt-4o\": \"2027-01-20\"}}",
        StandardCharsets.UTF_8);
    RetirementTable t = RetirementTable.builtIn().withOverrides(f);
    assertEquals("2026-12-10", t.asOf());
    assertEquals(d("2027-06-30"), t.find("gpt-4o-mini-2024-07-18").orElseThrow());
    assertTrue(t.find("gpt-4.1-2025-04-14").isEmpty());
    assertEquals(d("2027-01-20"), t.find("gpt-4o-2024-11-20").orElseThrow(), "family entry");
    assertEquals(d("2027-02-01"), t.newJobsStop().orElseThrow());
    assertTrue(t.describe().contains(f.toString()) && t.describe().contains("2026-12-10"));

    Files.writeString(f, "{\"models\": {\"gpt-4o\": \"soon\"}}", StandardCharsets.UTF_8);
    InputFileException e =
        assertThrows(InputFileException.class, () -> RetirementTable.builtIn().withOverrides(f));
    assertTrue(e.getMessage().contains("\"gpt-4o\" must be a date"), e.getMessage());
    assertThrows(
        InputFileException.class,
        () -> RetirementTable.builtIn().withOverrides(dir.resolve("missing.json")));
  }

  @Test
  void azureFineTunesAreDatedByAzuresTableNotOpenAisOrItsModelsList() {
    Shutdowns openai =
        new Shutdowns(RetirementTable.builtIn(), CLOCK)
            .withModels(
                List.of(new ModelEntry("gpt-4o-mini-2024-07-18", null, null, d("2027-01-14"))));
    Shutdowns azure = openai.forProvider("azure");
    for (String model :
        List.of(
            "ft:gpt-4o-mini-2024-07-18:acme::abc123",
            "gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678")) {
      Shutdown s = azure.of(model);
      assertEquals(d("2027-10-01"), s.date(), model);
      assertEquals(DateSource.PROVIDER_TABLE, s.source());
      assertEquals("azure table (October 2027)", s.from());
    }
    assertEquals(d("2027-10-01"), azure.of("ft:gpt-4.1-2025-04-14:acme::x").date());
    assertFalse(azure.of("ft:o4-mini-2025-04-16:acme::x").known(), "no Azure date: none");
    // OpenAI jobs, Trainer runs and folders without a provider keep OpenAI's dates
    assertEquals(d("2027-01-14"), openai.of("ft:gpt-4o-mini-2024-07-18:acme::abc123").date());
    // but a fine-tune named as Azure names them never gets the date OpenAI gives its base
    Shutdown azureNamed = openai.of("gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678");
    assertFalse(azureNamed.known(), String.valueOf(azureNamed.date()));
    assertEquals(openai, openai.forProvider("openai"));
    assertEquals(openai, openai.forProvider("huggingface-trainer"));
    assertEquals(openai, openai.forProvider(null));
  }

  @Test
  void azuresDatesAreOverriddenUnderProviders() throws Exception {
    Path file = dir.resolve("dates.json");
    Files.writeString(
        file,
        "{\"models\": {}, \"providers\": {\"azure\": {\"label\": \"my azure dates\","
            + " \"models\": {\"gpt-4o-mini-2024-07-18\": \"2027-06-30\"}}}}",
        StandardCharsets.UTF_8);
    RetirementTable t = RetirementTable.builtIn().withOverrides(file);
    Shutdown s = new Shutdowns(t, CLOCK).forProvider("azure").of("ft:gpt-4o-mini-2024-07-18:a::b");
    assertEquals(d("2027-06-30"), s.date(), "the file's entry replaces the built-in one");
    assertEquals("my azure dates", s.from());
    assertEquals(
        d("2027-10-01"),
        new Shutdowns(t, CLOCK).forProvider("azure").of("ft:gpt-4.1-2025-04-14:a::b").date(),
        "the built-in Azure entries stay");
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad, "{\"models\": {}, \"providers\": {\"azure\": []}}", StandardCharsets.UTF_8);
    InputFileException e =
        assertThrows(InputFileException.class, () -> RetirementTable.builtIn().withOverrides(bad));
    assertTrue(e.getMessage().contains("\"azure\""), e.getMessage());
  }

  @Test
  void aFileMayDateOnlyAzureAndItsDatesNameTheFile() throws Exception {
    Path file = dir.resolve("azure-dates.json");
    Files.writeString(
        file,
        "{\"providers\": {\"azure\": {\"models\": {\"gpt-4o-mini-2024-07-18\": \"2027-01-20\"}}}}",
        StandardCharsets.UTF_8);
    RetirementTable t = RetirementTable.builtIn().withOverrides(file);
    Shutdown s = new Shutdowns(t, CLOCK).forProvider("azure").of("ft:gpt-4o-mini-2024-07-18:a::b");
    assertEquals(d("2027-01-20"), s.date());
    assertEquals("azure table with azure-dates.json over it", s.from());
    assertEquals(
        RetirementTable.builtIn().find("gpt-4o-mini-2024-07-18"),
        t.find("gpt-4o-mini-2024-07-18"),
        "OpenAI's dates unchanged");
    Path neither = dir.resolve("neither.json");
    Files.writeString(neither, "{\"as_of\": \"2026-12-07\"}", StandardCharsets.UTF_8);
    InputFileException e =
        assertThrows(
            InputFileException.class, () -> RetirementTable.builtIn().withOverrides(neither));
    assertTrue(e.getMessage().contains("\"providers\""), e.getMessage());
  }
}
