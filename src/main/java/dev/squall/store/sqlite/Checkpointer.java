package dev.squall.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database on its own thread and connection (passive checkpoints), so the
 * writer never stalls on a checkpoint's disk syncs; the writer's automatic checkpoints are switched off.
 *
 * <p>Every {@link #INTERVAL_MS}, when the writer has committed something, it copies that, then what the writer
 * added meanwhile, flushes the WAL, and asks the writer to checkpoint the last few frames itself
 * ({@link Writer#requestTailCheckpoint}), waiting for that before its next pass: only then does SQLite start
 * the WAL over from its first frame. The
 * writer's share is small (a few milliseconds, mostly the two syncs).
 */
final class Checkpointer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  static final long INTERVAL_MS = 250;
  private static final long TAIL_WAIT_MS = 10_000;

  private final Path file;
  private final Path wal;
  private final SqliteStoreOptions options;
  private final Writer writer;
  private final Thread thread;
  private volatile boolean running = true;

  Checkpointer(Path file, SqliteStoreOptions options, Writer writer) {
    this.file = file;
    this.wal = Path.of(file + "-wal");
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
    int lastFrames = 0;
    FileTime lastModified = null;
    while (running) {
      try {
        Thread.sleep(INTERVAL_MS);
        if (session == null) {
          session = Connections.open(file, options, false);
        }
        FileTime modified = modified();
        int frames = checkpoint(session);
        // the same frames in a WAL untouched since the last pass: nothing was written, nothing to flush or rewind
        boolean written = frames != lastFrames || modified == null || !modified.equals(lastModified);
        if (frames > 0 && written) {
          checkpoint(session);
          flushWal();
          awaitTail();
        }
        lastFrames = frames;
        lastModified = modified;
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

  // the next pass waits for the writer's share: two checkpoints at once and the writer's gives up
  private void awaitTail() throws InterruptedException {
    try {
      writer.requestTailCheckpoint().get(TAIL_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("tail checkpoint of {} not done within {} ms", file, TAIL_WAIT_MS);
    }
  }

  /** One passive checkpoint; the number of WAL frames it found in the database's WAL. */
  private static int checkpoint(Session session) throws SQLException {
    try (var statement = session.connection.createStatement();
        var result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      return result.next() ? result.getInt(2) : 0;
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(wal);
    } catch (IOException e) {
      return null;
    }
  }

  // what the writer's checkpoint would otherwise sync while every commit waits
  private void flushWal() throws IOException {
    try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.WRITE)) {
      channel.force(false);
    } catch (NoSuchFileException gone) {
      // nothing to flush
    }
  }

  void stop() {
    running = false;
    thread.interrupt();
  }
}
