package dev.openaift.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.io.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A 128-bit key per example: the first half of the SHA-256 digest of its canonical JSON form
 * (object keys sorted, no whitespace), so two lines that differ only in key order or spacing get
 * the same key. Duplicate detection keeps these keys, never the lines. One instance per thread.
 */
final class ExampleHasher {
  private final MessageDigest digest;

  ExampleHasher() {
    digest = Sha256.newDigest();
  }

  /** The key of one example. */
  Key key(JsonNode example) {
    digest.reset();
    feed(example);
    ByteBuffer hash = ByteBuffer.wrap(digest.digest());
    return new Key(hash.getLong(), hash.getLong());
  }

  private void feed(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        digest.update((byte) '{');
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
          names.add(it.next());
        }
        Collections.sort(names);
        for (String name : names) {
          text(name);
          feed(node.get(name));
        }
        digest.update((byte) '}');
      }
      case ARRAY -> {
        digest.update((byte) '[');
        for (JsonNode child : node) {
          feed(child);
        }
        digest.update((byte) ']');
      }
      case STRING -> text(node.asText());
      default -> {
        // numbers, booleans, null: their JSON text, tagged so that "1" and 1 differ
        digest.update((byte) '#');
        text(node.toString());
      }
    }
  }

  /** A length-prefixed string, so that concatenations cannot collide. */
  private void text(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }

  /** Equal for equal examples. */
  record Key(long high, long low) {}
}
