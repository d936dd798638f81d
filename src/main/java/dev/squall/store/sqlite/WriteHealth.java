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
 * edge). The first commit that goes through ends the episode, logged once more.
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

  private final Path file;
  private volatile boolean writable = true;
  private long episodeStart;
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
    if (writable) {
      writable = false;
      episodeStart = System.nanoTime();
      refused = 0;
      LOG.error("store {} cannot write: {}; writes are refused (503) until it can, further failures are not logged",
          file, cause.getMessage());
    }
    refused += ops;
    return new Unavailable("the store cannot write now: " + cause.getMessage(), RETRY_AFTER_SECONDS);
  }

  /** Records a batch committed. */
  void committed() {
    if (!writable) {
      writable = true;
      LOG.warn("store {} writes again after {} s; {} writes were refused meanwhile", file,
          (System.nanoTime() - episodeStart) / 1_000_000_000L, refused);
    }
  }
}
