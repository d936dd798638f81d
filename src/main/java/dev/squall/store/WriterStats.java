package dev.squall.store;

/**
 * What a store's writer has done since start, for metrics: read at any time from any thread, each figure on
 * its own (a reader may see one commit's ops before its count).
 */
public interface WriterStats {
  /** Write ops waiting for the writer. */
  int queued();

  /** Transactions committed. */
  long commits();

  /** Write ops committed (their mean per commit is the batch size). */
  long committedOps();

  /** Time spent in committed transactions, from BEGIN to the end of COMMIT. */
  long commitNanos();

  /** Batches refused whole because the store could not write. */
  long refusedBatches();
}
