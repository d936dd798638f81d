package dev.squall.error;

/** HTTP 503 with a {@code Retry-After} in seconds: back-pressure, never a silent drop. */
public final class Unavailable extends SquallException {
  private final int retryAfterSeconds;

  public Unavailable(String message, int retryAfterSeconds) {
    super(503, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
