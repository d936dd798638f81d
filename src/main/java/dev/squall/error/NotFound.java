package dev.squall.error;

/** HTTP 404. */
public final class NotFound extends SquallException {
  public NotFound(String message) {
    super(404, message);
  }
}
