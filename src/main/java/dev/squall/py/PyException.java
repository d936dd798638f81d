package dev.squall.py;

/** An exception Python would raise; the message is what Python prints after its type (no stack trace kept). */
public class PyException extends RuntimeException {
  public PyException(String message) {
    super(message, null, false, false);
  }
}
