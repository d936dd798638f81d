package dev.squall.store.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread. It takes every write op queued so far (up to the batch cap), runs them in one
 * transaction, commits once, and only then completes their futures: one disk sync serves many callers.
 */
final class Writer implements Runnable, dev.squall.store.WriterStats {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
  /** A transaction slower than this is logged: every caller of the batch waited that long. */
  private static final long SLOW_NANOS = 250_000_000L;
  private static final WriteOp<Void> STOP = new WriteOp<>(s -> null, 0, false);
  private static final long PROBE_INTERVAL_MS = 1000;
  private static final WriteOp<Void> WAKE = new WriteOp<>(s -> null, 0, false);

  private final BlockingQueue<WriteOp<?>> queue = new LinkedBlockingQueue<>();
  private final Path file;
  private final SqliteStoreOptions options;
  private final Thread thread;
  private volatile Runnable onExit = () -> { };
  private volatile CompletableFuture<Void> tailCheckpoint;
  private final WriteHealth health;
  private Session session;
  // written by the writer thread only, read by metrics
  private volatile long commits;
  private volatile long committedOps;
  private volatile long commitNanos;
  private volatile long refusedBatches;

  Writer(Path file, SqliteStoreOptions options) {
    this.file = file;
    this.options = options;
    this.health = new WriteHealth(file);
    this.thread = new Thread(this, "squall-sqlite-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void submit(WriteOp<?> op) {
    queue.add(op);
  }

  /**
   * Asks for a checkpoint of what the {@link Checkpointer} could not see, run here between two batches.
   * SQLite starts the WAL over from its first frame only when a write begins while every frame is already in
   * the database; under steady load the writer never pauses for that, the WAL grows without end, and every
   * commit writes fresh file pages (zeroed, then flushed by the kernel in bulk: long stalls). The checkpointer
   * copies the bulk (and syncs) off this thread; this copies the frames written meanwhile, so the next
   * transaction rewrites the WAL from its start, over pages already in the page cache. The answer completes
   * once it ran (or the writer stopped): a checkpointer that starts its next pass before then would hold the
   * checkpoint lock and make this one give up.
   */
  CompletableFuture<Void> requestTailCheckpoint() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    tailCheckpoint = done;
    queue.offer(WAKE);
    return done;
  }

  /** Runs everything queued before this call, closes the connection, then runs {@code onExit}. */
  void stop(Runnable onExit) {
    this.onExit = onExit;
    queue.add(STOP);
  }

  @Override
  public void run() {
    List<WriteOp<?>> batch = new ArrayList<>();
    boolean running = true;
    while (running) {
      WriteOp<?> op = take();
      int rows = 0;
      while (op != null) {
        if (op == STOP) {
          running = false;
          break;
        }
        if (op != WAKE) {
          batch.add(op);
          rows += op.size;
        }
        op = rows < options.maxBatchDocs() ? queue.poll() : null;
      }
      if (!batch.isEmpty()) {
        commit(batch);
        batch.clear();
      }
      CompletableFuture<Void> tail = tailCheckpoint;
      if (tail != null) {
        tailCheckpoint = null;
        checkpointTail();
        tail.complete(null);
      }
    }
    closeSession();
    CompletableFuture<Void> tail = tailCheckpoint;
    if (tail != null) {
      tail.complete(null);
    }
    for (WriteOp<?> left; (left = queue.poll()) != null; ) {
      left.delivery.fail(new IllegalStateException("store is closed"));
    }
    onExit.run();
  }

  boolean writable() {
    return health.writable();
  }

  @Override
  public int queued() {
    return queue.size();
  }

  @Override
  public long commits() {
    return commits;
  }

  @Override
  public long committedOps() {
    return committedOps;
  }

  @Override
  public long commitNanos() {
    return commitNanos;
  }

  @Override
  public long refusedBatches() {
    return refusedBatches;
  }

  private static WriteOp<Void> probe() {
    return new WriteOp<>(session -> {
      session.execute("CREATE TABLE IF NOT EXISTS squall_probe (id INTEGER PRIMARY KEY, at INTEGER)");
      session.execute("INSERT OR REPLACE INTO squall_probe VALUES (1, " + System.currentTimeMillis() + ")");
      return null;
    }, 1, false);
  }

  // while the store cannot write and nothing else is queued, a probe write every second finds out when it can again
  private WriteOp<?> take() {
    try {
      if (health.writable()) {
        return queue.take();
      }
      WriteOp<?> next = queue.poll(PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
      return next != null ? next : probe();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return STOP;
    }
  }

  /**
   * Runs the batch in one transaction. An op that fails on its own (a conflict) fails alone; a storage fault
   * (in BEGIN, COMMIT or any op: SQLite may then have rolled the whole transaction back by itself) fails the
   * whole batch with {@link dev.squall.error.Unavailable}, rolls back, and drops the connection, so the next
   * batch starts on a fresh one instead of inside a half-aborted transaction.
   */
  private void commit(List<WriteOp<?>> batch) {
    Exception batchFailure = null;
    try {
      if (session == null) {
        session = Connections.open(file, options, true);
      }
      long t0 = System.nanoTime();
      session.repeat("BEGIN IMMEDIATE");
      long t1 = System.nanoTime();
      for (WriteOp<?> op : batch) {
        runOne(op);
      }
      long t2 = System.nanoTime();
      session.repeat("COMMIT");
      long t3 = System.nanoTime();
      health.committed();
      commits++;
      committedOps += batch.size();
      commitNanos += t3 - t0;
      if (t3 - t0 > SLOW_NANOS) {
        LOG.warn("slow store commit: {} ops in {} ms (begin {} ms, ops {} ms, commit {} ms)", batch.size(),
            (t3 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
      }
    } catch (Exception e) {
      batchFailure = e instanceof StorageFault fault ? fault.cause : e;
      rollback();
      closeSession();
    }
    Exception refusal = batchFailure == null ? null : health.refused(batchFailure, batch.size());
    if (refusal != null) {
      refusedBatches++;
    }
    for (WriteOp<?> op : batch) {
      if (refusal != null) {
        op.failure = refusal;
      }
      op.deliver();
    }
  }

  private void checkpointTail() {
    if (session == null) {
      return;
    }
    try {
      long t0 = System.nanoTime();
      session.execute("PRAGMA wal_checkpoint(PASSIVE)");
      long took = System.nanoTime() - t0;
      if (took > SLOW_NANOS) {
        LOG.warn("slow tail checkpoint: {} ms", took / 1_000_000);
      }
    } catch (Exception e) {
      LOG.debug("tail checkpoint skipped: {}", e.getMessage());
    }
  }

  private <T> void runOne(WriteOp<T> op) {
    try {
      if (op.atomic) {
        session.repeat("SAVEPOINT op");
      }
      op.result = op.work.run(session);
      if (op.atomic) {
        session.repeat("RELEASE op");
      }
    } catch (Exception e) {
      if (WriteHealth.isStorageFault(e)) {
        throw new StorageFault(e);
      }
      op.failure = e;
      if (op.atomic) {
        undo();
      }
    }
  }

  /** A storage fault inside one op: it ends the batch. */
  private static final class StorageFault extends RuntimeException {
    final Exception cause;

    StorageFault(Exception cause) {
      super(cause.getMessage(), cause, false, false);
      this.cause = cause;
    }
  }

  // A failed multi-statement op leaves no trace, and the rest of the batch goes on.
  private void undo() {
    try {
      session.repeat("ROLLBACK TO op");
      session.repeat("RELEASE op");
    } catch (Exception e) {
      LOG.warn("rollback to savepoint failed", e);
    }
  }

  private void rollback() {
    if (session == null) {
      return;
    }
    try {
      session.repeat("ROLLBACK");
    } catch (Exception ignored) {
      // no transaction left to roll back (SQLite may have rolled it back itself)
    }
  }

  private void closeSession() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
