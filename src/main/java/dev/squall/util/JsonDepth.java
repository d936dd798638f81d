package dev.squall.util;

import io.vertx.core.buffer.Buffer;

/**
 * How deeply JSON text nests, counted on the raw text before it is parsed. Parsing, copying, encoding and
 * rendering JSON values are recursive: a value nested thousands deep would overflow the stack of whichever
 * thread walks it next, so text is measured (one cheap pass, no allocation) and refused before it becomes one.
 */
public final class JsonDepth {
  /**
   * The nesting allowed for JSON that Squall parses from text it did not receive as a request body (action
   * output, {@code from_json_string}, headers): twice the default request limit, so a request value keeps
   * room for the envelopes it is later wrapped in, and far below what overflows a 512 KiB stack.
   */
  public static final int MAX_VALUE_DEPTH = 128;

  private JsonDepth() {
  }

  /** Whether the JSON text nests arrays and objects at most {@code limit} deep (read in place, no copy). */
  public static boolean within(Buffer text, int limit) {
    return text == null || exceeds(text.length(), text::getByte, limit) < 0;
  }

  /** Whether the JSON text nests arrays and objects at most {@code limit} deep. */
  public static boolean within(CharSequence text, int limit) {
    return text == null || exceeds(text.length(), text::charAt, limit) < 0;
  }

  /**
   * The offset at which UTF-8 JSON text first nests deeper than {@code limit}, or -1. Bytes of multi-byte
   * UTF-8 sequences are all above 0x7F, so they never look like brackets or quotes.
   */
  static int exceeds(byte[] text, int limit) {
    return exceeds(text.length, i -> text[i], limit);
  }

  /** One pass over characters (or bytes) {@code at(0..length-1)}: brackets outside strings counted. */
  private static int exceeds(int length, java.util.function.IntUnaryOperator at, int limit) {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < length; i++) {
      int c = at.applyAsInt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > limit) {
          return i;
        }
      } else if ((c == ']' || c == '}') && depth > 0) {
        depth--;
      }
    }
    return -1;
  }
}
