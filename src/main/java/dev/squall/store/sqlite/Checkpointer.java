package dev.squall.store.sqlite;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database on its own thread and connection (passive checkpoints), so the
 * writer never stalls on a checkpoint's disk syncs; the writer's automatic checkpoints are switched off.
 */
final class Checkpointer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  static final long INTERVAL_MS = 1000;

  private final Path file;
  private final SqliteStoreOptions options;
  private final Writer writer;
  private final Thread thread;
  private volatile boolean running = true;

  Checkpointer(Path file, SqliteStoreOptions options, Writer writer) {
    this.file = file;
    this.options = options;
    this.writer = writer;
    this.thread = new Thread(this, "squall-sqlite-checkpoint");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  @Override
  public void run() {
    Session session = null;
    while (running) {
      try {
        Thread.sleep(INTERVAL_MS);
        if (session == null) {
          session = Connections.open(file, options, false);
        }
        session.execute("PRAGMA wal_checkpoint(PASSIVE)");
        writer.requestTailCheckpoint();
      } catch (InterruptedException e) {
        break;
      } catch (Exception e) {
        LOG.debug("checkpoint of {} skipped: {}", file, e.getMessage());
      }
    }
    if (session != null) {
      session.close();
    }
  }

  void stop() {
    running = false;
    thread.interrupt();
  }
}
