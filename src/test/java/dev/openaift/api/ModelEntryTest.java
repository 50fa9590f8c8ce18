package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.openaift.io.Json;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The one encoding of a models-list entry reads back as itself. */
class ModelEntryTest {
  @Test
  void writesTheKeptFieldsAndReadsThemBack() throws Exception {
    ModelEntry e =
        new ModelEntry("ft:gpt-4o-mini:org::x", 1700000000L, "org", LocalDate.of(2027, 1, 14));
    assertEquals(
        "{\"id\":\"ft:gpt-4o-mini:org::x\",\"created\":1700000000,\"owned_by\":\"org\","
            + "\"shutdown_date\":\"2027-01-14\"}",
        Json.mapper().writeValueAsString(e.toJson()));
    assertEquals(e, ModelEntry.fromJson(e.toJson()));
    ModelEntry bare = new ModelEntry("gpt-4o", null, null);
    assertEquals(bare, ModelEntry.fromJson(bare.toJson()));
  }

  @Test
  void aShutdownDateThatIsNoDateIsNone() throws Exception {
    assertNull(
        ModelEntry.fromJson(Json.mapper().readTree("{\"id\":\"m\",\"shutdown_date\":\"soon\"}"))
            .shutdownDate());
    assertEquals(
        LocalDate.of(2027, 1, 14),
        ModelEntry.fromJson(
                Json.mapper().readTree("{\"id\":\"m\",\"shutdown_date\":\"2027-01-14T00:00:00Z\"}"))
            .shutdownDate());
  }
}
