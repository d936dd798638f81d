package dev.squall.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

/** Opens SQLite connections with the pragmas the store relies on. */
final class Connections {
  static final long WAL_LIMIT_BYTES = 64L << 20;

  private Connections() {
  }

  // the driver would otherwise run "SELECT last_insert_rowid()" after every insert; nothing reads those keys
  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("jdbc.get_generated_keys", "false");
    return properties;
  }

  static Session open(Path file, SqliteStoreOptions options, boolean writer) throws SQLException, IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (writer && parent != null) {
      Files.createDirectories(parent);
    }
    var connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), properties());
    Session session = new Session(connection);
    try {
      session.execute("PRAGMA busy_timeout = " + options.busyTimeoutMs());
      if (writer) {
        // WAL + NORMAL: a commit survives a process kill; readers never block the writer
        session.execute("PRAGMA journal_mode = WAL");
        session.execute("PRAGMA synchronous = NORMAL");
        // checkpoints run on their own thread (Checkpointer), never inside the writer's commits
        session.execute("PRAGMA wal_autocheckpoint = 0");
        // when the WAL starts over after a burst, the file is cut back to this
        session.execute("PRAGMA journal_size_limit = " + WAL_LIMIT_BYTES);
      }
      session.execute("PRAGMA cache_size = -32768");
      session.execute("PRAGMA temp_store = MEMORY");
      session.execute("PRAGMA mmap_size = 268435456");
    } catch (SQLException e) {
      session.close();
      throw e;
    }
    return session;
  }
}
