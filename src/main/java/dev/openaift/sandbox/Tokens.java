package dev.openaift.sandbox;

/**
 * An approximate tokenizer: no BPE tables, just a count that tracks real token counts for English
 * chat text closely enough for trained-token figures and the sandbox's own answers (a chat
 * request's prompt is counted with the real tokenizer, see {@link ChatEndpoint}). A text costs
 * ceil(1.3 x (words + punctuation marks)), where a word is a run of letters or digits; a chat
 * message adds 4 tokens of framing and an example 3 more, like the service's chat format.
 */
final class Tokens {
  private Tokens() {}

  static long count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    long units = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (!inWord) {
          units++;
          inWord = true;
        }
      } else {
        inWord = false;
        if (!Character.isWhitespace(cp)) {
          units++;
        }
      }
    }
    return (long) Math.ceil(units * 1.3);
  }

  static long message(String text) {
    return 4 + count(text);
  }
}
