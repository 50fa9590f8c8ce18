package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void numbersIgnoreTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.1235", Text.number(0.123456));
      assertEquals("1,234,568", Text.number(1_234_567.6));
      assertEquals("1.000e-05", Text.number(1e-05));
      assertEquals("0.0000", Text.number(0));
      assertEquals("—", Text.number(Double.NaN));
      assertEquals("+0.1000", Text.signed(0.1));
      assertEquals("-0.1000", Text.signed(-0.1));
      assertEquals("1,234,567", Text.integer(1_234_567));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void durationsAndTimes() {
    assertEquals("7s", Text.duration(7));
    assertEquals("4m 05s", Text.duration(245));
    assertEquals("1h 02m 03s", Text.duration(3723));
    assertEquals("2d 03h 04m", Text.duration(2 * 86_400 + 3 * 3600 + 4 * 60 + 5));
    assertEquals("2024-05-01 12:00:00 UTC", Text.time(1_714_564_800L));
    assertEquals("2024-05-01 12:00:00", Text.shortTime(1_714_564_800L));
  }

  @Test
  void escaping() {
    assertEquals("&lt;b&gt; \\*x\\* \\| a\\_b &amp;", Text.markdown("<b> *x* | a_b &"));
    assertEquals("&lt;a href=&quot;x&quot;&gt;&#39;", Text.html("<a href=\"x\">'"));
    assertEquals("a b c\\\\d \\~", Text.markdown("a\nb\rc\\d ~"));
    assertEquals(
        "\"a\\\"b\\\\c\\nd\\re\\tf\\x01g\u00e9\"",
        Text.pythonString("a\"b\\c\nd\re\tf\u0001g\u00e9"));
  }

  @Test
  void optionsAreValidated() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ReportOptions.of(EnumSet.noneOf(ReportFormat.class), null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReportOptions(EnumSet.of(ReportFormat.HTML), null, false, 10, 10));
    assertEquals(
        EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), ReportOptions.defaults().formats());
  }
}
