package dev.openaift.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
  @Test
  void onlyPairsFromDifferentGroupsAboveTheThreshold() {
    String text =
        "Open the billing page, choose invoices and download the PDF of the month you need";
    List<NearDuplicates.Text> texts =
        List.of(
            new NearDuplicates.Text("a", 0, text),
            new NearDuplicates.Text("a", 1, text),
            new NearDuplicates.Text("b", 2, text.toUpperCase(java.util.Locale.ROOT) + "!"),
            new NearDuplicates.Text(
                "c", 3, "Reset the password from the login page with the link we email you"));
    List<NearDuplicates.Pair> pairs = NearDuplicates.find(texts, 0.8);
    assertEquals(2, pairs.size(), "0-2 and 1-2; not 0-1 (same group), not 3");
    assertEquals(0, pairs.get(0).a().id());
    assertEquals(2, pairs.get(0).b().id());
    assertEquals(1.0, pairs.get(0).similarity());
    assertEquals(1, pairs.get(1).a().id());
  }

  @Test
  void shortTextsAreOneGram() {
    assertEquals(1, NearDuplicates.grams("Hi there").size());
    assertEquals(2, NearDuplicates.grams("one two three four").size());
  }
}
