package dev.squall.actions.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one process stream to its end on the calling (pool) thread: every line goes to the sink as soon
 * as it is complete, and the text is kept for the result up to a cap.
 */
final class OutputPump {

  /** A line longer than this is streamed in pieces, so one endless line cannot grow memory. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

  private final String outputType;
  private final OutputSink sink;
  private final int keepChars;
  private final StringBuilder kept = new StringBuilder();
  private boolean truncated;

  OutputPump(String outputType, OutputSink sink, int keepChars) {
    this.outputType = outputType;
    this.sink = sink;
    this.keepChars = keepChars;
  }

  /** Blocks until end of stream. */
  void drain(InputStream stream) throws IOException {
    try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      int read;
      while ((read = reader.read(buffer)) != -1) {
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line.append(buffer, start, i + 1 - start);
            emit(line);
            start = i + 1;
          }
        }
        line.append(buffer, start, read - start);
        if (line.length() >= MAX_LINE_CHARS) {
          emit(line);
        }
      }
      if (line.length() > 0) {
        emit(line);
      }
    }
  }

  /** The kept text (at most the cap). Call only after {@link #drain} returned. */
  String text() {
    return kept.toString();
  }

  /** Whether output beyond the cap was streamed but not kept. */
  boolean truncated() {
    return truncated;
  }

  private void emit(StringBuilder line) {
    String data = line.toString();
    line.setLength(0);
    int room = keepChars - kept.length();
    if (data.length() <= room) {
      kept.append(data);
    } else {
      kept.append(data, 0, Math.max(room, 0));
      truncated = true;
    }
    try {
      sink.write(outputType, data);
    } catch (RuntimeException e) {
      // A failing sink must not stop the process from being drained.
      LOG.warn("Output sink failed for {}: {}", outputType, e.toString());
    }
  }
}
