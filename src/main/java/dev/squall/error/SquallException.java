package dev.squall.error;

/**
 * A failure that maps to one HTTP status and a client-facing {@code faultstring}. Rendered in one place by
 * the API failure handler; on the bus it travels as {@code msg.fail(status, message)}.
 */
public sealed class SquallException extends RuntimeException
    permits NotFound, Conflict, Validation, Unauthorized, AccessDenied, Unavailable, TooLarge,
    TooManyRequests {
  private final int status;

  protected SquallException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The exception for a status received over the bus. */
  public static SquallException of(int status, String message) {
    return switch (status) {
      case 404 -> new NotFound(message);
      case 409 -> new Conflict(message, null);
      case 401 -> new Unauthorized(message);
      case 403 -> new AccessDenied(message);
      case 503 -> new Unavailable(message, 1);
      case 413 -> new TooLarge(message);
      case 429 -> new TooManyRequests(message, 1);
      default -> new Validation(message);
    };
  }
}
