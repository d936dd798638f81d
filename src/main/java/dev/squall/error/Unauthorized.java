package dev.squall.error;

/** HTTP 401. */
public final class Unauthorized extends SquallException {
  public Unauthorized(String message) {
    super(401, message);
  }
}
