package dev.squall.store.sqlite;

/**
 * Tuning of {@link SqliteStore}.
 *
 * @param maxBatchDocs documents (or single-row ops) committed together at most in one group commit
 * @param readerThreads threads, each with its own connection, serving get/find/count
 * @param busyTimeoutMs how long a connection waits for a lock held by another process on the same file
 */
public record SqliteStoreOptions(int maxBatchDocs, int readerThreads, int busyTimeoutMs) {
  public static final int DEFAULT_MAX_BATCH_DOCS = 2000;
  public static final int DEFAULT_READER_THREADS = 2;
  public static final int DEFAULT_BUSY_TIMEOUT_MS = 10_000;

  public SqliteStoreOptions {
    if (maxBatchDocs < 1 || readerThreads < 1 || busyTimeoutMs < 0) {
      throw new IllegalArgumentException("invalid SQLite store options: " + maxBatchDocs + ", "
          + readerThreads + ", " + busyTimeoutMs);
    }
  }

  public static SqliteStoreOptions defaults() {
    return new SqliteStoreOptions(DEFAULT_MAX_BATCH_DOCS, DEFAULT_READER_THREADS, DEFAULT_BUSY_TIMEOUT_MS);
  }
}
