package dev.squall.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A consistent online copy of the embedded store: one read transaction (a snapshot of every commit so far,
 * while a running server goes on writing) copied into a new, compact database file.
 */
public final class SqliteBackup {
  private SqliteBackup() {
  }

  /** Writes the copy of {@code database} to {@code target}, which must not exist yet. */
  public static void copy(Path database, Path target) throws IOException, SQLException {
    if (!Files.isRegularFile(database)) {
      throw new IOException("no store at " + database);
    }
    if (Files.exists(target)) {
      throw new IOException(target + " already exists");
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Session session = Connections.open(database, SqliteStoreOptions.defaults(), false);
        var statement = session.connection.prepareStatement("VACUUM INTO ?")) {
      statement.setString(1, target.toAbsolutePath().toString());
      statement.execute();
    }
  }
}
