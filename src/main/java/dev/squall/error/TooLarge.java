package dev.squall.error;

/** HTTP 413. */
public final class TooLarge extends SquallException {
  public TooLarge(String message) {
    super(413, message);
  }
}
