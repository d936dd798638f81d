package dev.squall.actions.runner;

/** Receives output as it is produced; may be called from any thread. */
@FunctionalInterface
public interface OutputSink {
  /**
   * One chunk of output, usually a line with its newline.
   *
   * @param outputType {@code stdout}, {@code stderr} or {@code output}
   */
  void write(String outputType, String data);

  OutputSink NONE = (type, data) -> { };
}
