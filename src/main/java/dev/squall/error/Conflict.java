package dev.squall.error;

/** HTTP 409; carries the id of the record that already exists, rendered as {@code conflict-id}. */
public final class Conflict extends SquallException {
  private final String conflictId;

  public Conflict(String message, String conflictId) {
    super(409, message);
    this.conflictId = conflictId;
  }

  public String conflictId() {
    return conflictId;
  }
}
