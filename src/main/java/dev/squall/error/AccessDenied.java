package dev.squall.error;

/** HTTP 403. */
public final class AccessDenied extends SquallException {
  public AccessDenied(String message) {
    super(403, message);
  }
}
