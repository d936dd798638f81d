package dev.squall.security;

import dev.squall.util.ProcessLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The users of StackStorm's flat-file backend: an Apache htpasswd file, one {@code name:hash} per line.
 * Re-read whenever the file changes, so {@code squall user add} and hand edits apply without a restart.
 * All methods touch the file system: call them off the event loop.
 */
public final class Htpasswd {
  private final Path file;
  private volatile Map<String, String> users = Map.of();
  private volatile FileTime loadedAt;
  private volatile long loadedSize = -1;
  private volatile Object loadedKey;

  public Htpasswd(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The stored hash of a user, or null (reloading first if the file changed). */
  public String hashOf(String user) {
    reloadIfChanged();
    return users.get(user);
  }

  public Set<String> users() {
    reloadIfChanged();
    return users.keySet();
  }

  /**
   * Re-reads the file when its time or size changed; returns the users that were there before and are gone
   * now (their tokens must be revoked).
   */
  public synchronized Set<String> reloadIfChanged() {
    try {
      if (!Files.exists(file)) {
        Set<String> gone = users.keySet();
        users = Map.of();
        loadedAt = null;
        loadedSize = -1;
        return gone;
      }
      var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      FileTime modified = attributes.lastModifiedTime();
      long size = attributes.size();
      // rewrites replace the file (new inode), so the key catches a same-size change within one clock tick
      if (modified.equals(loadedAt) && size == loadedSize && java.util.Objects.equals(attributes.fileKey(), loadedKey)) {
        return Set.of();
      }
      Map<String, String> fresh = parse(Files.readString(file, StandardCharsets.UTF_8));
      Set<String> gone = new java.util.HashSet<>(users.keySet());
      gone.removeAll(fresh.keySet());
      users = fresh;
      loadedAt = modified;
      loadedSize = size;
      loadedKey = attributes.fileKey();
      return gone;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Map<String, String> parse(String text) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      int colon = line.indexOf(':');
      if (line.isEmpty() || line.startsWith("#") || colon <= 0) {
        continue;
      }
      parsed.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return parsed;
  }

  /** Adds the user or replaces their password (stored as bcrypt), keeping every other line. */
  public synchronized void put(String user, String password) {
    checkName(user);
    Map<String, String> next = new LinkedHashMap<>(readCurrent());
    next.put(user, PasswordHashes.bcrypt(password));
    write(next);
  }

  /** Removes the user; false when there was no such user. */
  public synchronized boolean remove(String user) {
    Map<String, String> next = new LinkedHashMap<>(readCurrent());
    if (next.remove(user) == null) {
      return false;
    }
    write(next);
    return true;
  }

  static void checkName(String user) {
    if (user == null || user.isEmpty() || user.contains(":") || user.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new IllegalArgumentException("A user name must be non-empty, without ':', spaces or control characters");
    }
  }

  private Map<String, String> readCurrent() {
    try {
      return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(Map<String, String> entries) {
    StringBuilder text = new StringBuilder();
    entries.forEach((u, h) -> text.append(u).append(':').append(h).append('\n'));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".htpasswd", ".tmp");
      restrict(temp);
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    reloadIfChanged();
  }

  /** Owner read/write only, where the file system knows POSIX permissions. */
  static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing finer to set
    }
  }

  /** The user created on the very first start with auth on: {@value #INITIAL_ADMIN}. */
  public static final String INITIAL_ADMIN = "admin";

  /**
   * When the file holds no user, adds {@value #INITIAL_ADMIN} with a random password, also written to
   * {@code passwordFile} (0600); returns that password once, or null when users already existed.
   */
  public synchronized String ensureInitialAdmin(Path passwordFile) {
    // nodes sharing a data dir start together: one makes the admin, the others find it
    return ProcessLock.holding(file.resolveSibling(file.getFileName() + ".lock"), () -> {
      if (!readCurrent().isEmpty()) {
        return null;
      }
      String password = Digests.randomToken(18);
      writeSecretFile(passwordFile, password + "\n");
      put(INITIAL_ADMIN, password);
      return password;
    });
  }

  /** Writes a secret to a new owner-only file (0600). */
  public static void writeSecretFile(Path path, String content) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.deleteIfExists(path);
      Files.createFile(path);
      restrict(path);
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
