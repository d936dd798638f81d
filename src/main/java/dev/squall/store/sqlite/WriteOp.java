package dev.squall.store.sqlite;

/**
 * One caller's write, run by the {@link Writer} inside a shared transaction. Its outcome is held until
 * the transaction commits, then delivered.
 */
final class WriteOp<T> {

  /** The SQL work; runs on the writer thread. */
  @FunctionalInterface
  interface Work<T> {
    T run(Session session) throws Exception;
  }

  final Delivery<T> delivery = new Delivery<>();
  final Work<T> work;
  final int size;
  final boolean atomic;
  T result;
  Throwable failure;

  /**
   * @param size rows touched, counted against the batch cap
   * @param atomic several statements that must apply all or none (run under a savepoint)
   */
  WriteOp(Work<T> work, int size, boolean atomic) {
    this.work = work;
    this.size = size;
    this.atomic = atomic;
  }

  void deliver() {
    if (failure == null) {
      delivery.succeed(result);
    } else {
      delivery.fail(failure);
    }
  }
}
