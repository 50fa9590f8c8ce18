package dev.openaift.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one set of field readers: the same field means the same thing in every reader. */
class JsonFieldsTest {
  private static JsonNode field(String json) throws Exception {
    return Json.mapper().readTree("{\"f\": " + json + "}");
  }

  @ParameterizedTest(name = "text of {0} is {1}")
  @CsvSource(
      nullValues = "none",
      delimiter = '|',
      value = {
        "\"abc\"     | abc",
        "\" a b \"   | ' a b '",
        "\"\"        | ''",
        "12          | 12",
        "1.5e3       | 1500.0",
        "true        | true",
        "null        | none",
        "[1]         | none",
        "{\"a\": 1}  | none",
      })
  void text(String json, String expected) throws Exception {
    assertEquals(expected, Json.text(field(json), "f"));
  }

  @ParameterizedTest(name = "whole number of {0} is {1}")
  @CsvSource(
      nullValues = "none",
      delimiter = '|',
      value = {
        "123                     | 123",
        "\"123\"                 | 123",
        "\" -7 \"                | -7",
        "12.7                    | 12",
        "\"12.7\"                | 12",
        "9223372036854775807     | 9223372036854775807",
        "9223372036854775808     | none",
        "\"9223372036854775808\" | none",
        "NaN                     | none",
        "\"12 apples\"           | none",
        "\"\"                    | none",
        "true                    | none",
        "null                    | none",
        "[1]                     | none",
      })
  void wholeNumber(String json, Long expected) throws Exception {
    assertEquals(expected, Json.wholeNumber(field(json), "f"));
  }

  @ParameterizedTest(name = "number of {0} is {1}")
  @CsvSource(
      nullValues = "none",
      delimiter = '|',
      value = {
        "0.5             | 0.5",
        "\" 0.5 \"       | 0.5",
        "\"1e3\"         | 1000.0",
        "NaN             | NaN",
        "\"NaN\"         | NaN",
        "\"-Infinity\"   | -Infinity",
        "\"0.5.1\"       | none",
        "\"0x10\"        | none",
        "false           | none",
        "{}              | none",
      })
  void number(String json, Double expected) throws Exception {
    assertEquals(expected, Json.number(field(json), "f"));
  }

  @org.junit.jupiter.api.Test
  void aMissingFieldOrObjectIsNull() throws Exception {
    JsonNode empty = Json.mapper().readTree("{}");
    assertNull(Json.text(empty, "f"));
    assertNull(Json.wholeNumber(empty, "f"));
    assertNull(Json.number(empty, "f"));
    assertNull(Json.text(null, "f"));
    assertNull(Json.text(empty.path("absent")));
  }
}
