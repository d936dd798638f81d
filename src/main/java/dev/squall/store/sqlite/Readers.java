package dev.squall.store.sqlite;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A small pool of reader threads, each with its own connection (WAL lets them read while one writes). */
final class Readers {
  private final Path file;
  private final SqliteStoreOptions options;
  private final ThreadPoolExecutor pool;
  private final AtomicInteger count = new AtomicInteger();

  Readers(Path file, SqliteStoreOptions options) {
    this.file = file;
    this.options = options;
    int n = options.readerThreads();
    this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), ReaderThread::new);
  }

  <T> Future<T> submit(WriteOp.Work<T> work) {
    Delivery<T> delivery = new Delivery<>();
    try {
      pool.execute(() -> {
        try {
          delivery.succeed(work.run(((ReaderThread) Thread.currentThread()).session()));
        } catch (Exception e) {
          delivery.fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      delivery.fail(new IllegalStateException("store is closed"));
    }
    return delivery.future();
  }

  /** Lets queued reads finish, then closes every connection. */
  void shutdown() {
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class ReaderThread extends Thread {
    private Session session;

    ReaderThread(Runnable worker) {
      super(worker, "squall-sqlite-reader-" + count.incrementAndGet());
      setDaemon(true);
    }

    Session session() throws Exception {
      if (session == null) {
        session = Connections.open(file, options, false);
      }
      return session;
    }

    @Override
    public void run() {
      try {
        super.run();
      } finally {
        if (session != null) {
          session.close();
        }
      }
    }
  }
}
