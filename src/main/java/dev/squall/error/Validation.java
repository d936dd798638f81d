package dev.squall.error;

/** HTTP 400. */
public final class Validation extends SquallException {
  public Validation(String message) {
    super(400, message);
  }
}
