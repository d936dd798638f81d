package dev.squall.store.sqlite;

import dev.squall.error.Unavailable;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * Whether the store can write, kept by the writer thread. A storage fault (disk full, I/O error, file locked
 * by another process or read-only) starts an episode: it is logged once, the store reads as not writable, and
 * every write refused meanwhile fails with {@link Unavailable} (a 503 with {@code Retry-After} at the HTTP
 * edge). The first commit that goes through makes the store writable again; the episode ends, logged once
 * more, with a commit after {@link #QUIET_NANOS} without a fault (a nearly full disk takes small writes and
 * refuses big ones: that is one episode, not many).
 */
final class WriteHealth {
  private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);
  /** What a refused client is told to wait before trying again. */
  static final int RETRY_AFTER_SECONDS = 5;

  // SQLite's primary result codes (the low byte of an extended code) that say the storage, not the op, failed
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int NOMEM = 7;
  private static final int READONLY = 8;
  private static final int IOERR = 10;
  private static final int FULL = 13;
  private static final int CANTOPEN = 14;
  private static final int PROTOCOL = 15;

  private static final long QUIET_NANOS = 10_000_000_000L;

  private final Path file;
  private volatile boolean writable = true;
  private boolean episode;
  private long episodeStart;
  private long lastFault;
  private long refused;

  WriteHealth(Path file) {
    this.file = file;
  }

  boolean writable() {
    return writable;
  }

  /** True for failures of the storage itself rather than of one op (a constraint, a bad value). */
  static boolean isStorageFault(Throwable e) {
    if (e instanceof SQLiteException sqlite) {
      int primary = sqlite.getResultCode().code & 0xff;
      return primary == BUSY || primary == LOCKED || primary == NOMEM || primary == READONLY || primary == IOERR
          || primary == FULL || primary == CANTOPEN || primary == PROTOCOL;
    }
    return e instanceof IOException;
  }

  /** Records a batch lost to a storage fault; answers the failure its callers get. */
  Unavailable refused(Throwable cause, int ops) {
    writable = false;
    lastFault = System.nanoTime();
    if (!episode) {
      episode = true;
      episodeStart = lastFault;
      refused = 0;
      LOG.error("store {} cannot write: {}; writes are refused (503) until it can, further failures are not logged",
          file, cause.getMessage());
    }
    refused += ops;
    return new Unavailable("the store cannot write now: " + cause.getMessage(), RETRY_AFTER_SECONDS);
  }

  /** Records a batch committed. */
  void committed() {
    writable = true;
    if (episode && System.nanoTime() - lastFault > QUIET_NANOS) {
      episode = false;
      LOG.warn("store {} writes again; {} writes were refused in {} s", file, refused,
          (lastFault - episodeStart) / 1_000_000_000L);
    }
  }
}
