package dev.squall.error;

/** HTTP 429 with a {@code Retry-After} in seconds: the caller must slow down (e.g. repeated failed logins). */
public final class TooManyRequests extends SquallException {
  private final int retryAfterSeconds;

  public TooManyRequests(String message, int retryAfterSeconds) {
    super(429, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
