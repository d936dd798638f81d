package dev.squall.boot;

import dev.squall.config.SquallConfig;
import dev.squall.packs.PackLoader;
import dev.squall.store.DocumentStore;
import dev.squall.store.mongo.MongoStore;
import dev.squall.store.sqlite.SqliteStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a node keeps its files: the store, users, the datastore key, the first admin password, bundled packs. */
public record DataDir(Path path) {
  /** Where the generated first admin password is kept (0600), next to the data it protects. */
  public static final String ADMIN_PASSWORD_FILE = "admin-password";

  /** Creates the directory when missing; fails when it cannot be created or written. */
  public void ensureWritable() {
    try {
      Files.createDirectories(path);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create data directory " + path + ": " + e.getMessage());
    }
    if (!Files.isWritable(path)) {
      throw new IllegalStateException("Data directory " + path + " is not writable");
    }
  }

  public Path adminPassword() {
    return path.resolve(ADMIN_PASSWORD_FILE);
  }

  /** The users file: {@code auth.htpasswd_file}, else {@code htpasswd} in the data dir. */
  public Path htpasswd(SquallConfig config) {
    String configured = config.auth().htpasswdFile();
    return configured.isEmpty() ? path.resolve("htpasswd") : Path.of(configured);
  }

  /** The datastore encryption key: {@code keyvalue.encryption_key_path}, else {@code keys/datastore_key.json}. */
  public Path datastoreKey(SquallConfig config) {
    String configured = config.keyvalue().encryptionKeyPath();
    return configured.isEmpty() ? path.resolve("keys").resolve("datastore_key.json") : Path.of(configured);
  }

  /** The SQLite file of the embedded store (null when the store is MongoDB). */
  public Path sqliteFile(SquallConfig config) {
    if (config.database().isMongo()) {
      return null;
    }
    String url = config.database().url();
    return url.startsWith("sqlite:") ? Path.of(url.substring("sqlite:".length())) : path.resolve("squall.db");
  }

  /** The configured store (not yet opened): MongoDB for a mongodb:// url, else the SQLite file. */
  public DocumentStore store(Vertx vertx, SquallConfig config) {
    if (config.database().isMongo()) {
      return new MongoStore(vertx, config.database().url());
    }
    return new SqliteStore(vertx, sqliteFile(config));
  }

  /** Where pack configs ({@code <pack>.yaml}) live: {@code content.configs_path}, else {@code <data>/configs}. */
  public Path configs(SquallConfig config) {
    String configured = config.content().configsPath();
    return configured.isEmpty() ? path.resolve("configs") : Path.of(configured);
  }

  /** Where pack virtualenvs live: {@code content.virtualenvs_path}, else {@code <data>/virtualenvs}. */
  public Path virtualenvs(SquallConfig config) {
    String configured = config.content().virtualenvsPath();
    return configured.isEmpty() ? path.resolve("virtualenvs") : Path.of(configured);
  }

  /** The bundled packs (extracted here; blocking) followed by {@code content.packs_base_paths}. */
  public List<Path> packPaths(SquallConfig config) {
    List<Path> paths = new ArrayList<>();
    paths.add(PackLoader.extractBundled(path.resolve("packs")));
    paths.addAll(config.content().packsBasePaths());
    return paths;
  }
}
