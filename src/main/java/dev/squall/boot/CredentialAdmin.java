package dev.squall.boot;

import dev.squall.config.SquallConfig;
import dev.squall.security.Htpasswd;
import dev.squall.security.RevocationStore;
import dev.squall.security.TokenStore;
import dev.squall.security.Tokens;
import dev.squall.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * What the command line does to users and tokens of a server that may be running: users live in the htpasswd
 * file (servers re-read it), revocations go into the shared store (servers poll it twice a second).
 */
public final class CredentialAdmin {
  private final SquallConfig config;
  private final Path dataDir;

  public CredentialAdmin(SquallConfig config, Path dataDir) {
    this.config = config;
    this.dataDir = dataDir;
  }

  public Htpasswd users() {
    return new Htpasswd(new DataDir(dataDir).htpasswd(config));
  }

  /** Removes a user from the file and revokes every token they hold; false when there was no such user. */
  public boolean removeUser(String user) {
    boolean removed = users().remove(user);
    withTokens(tokens -> tokens.revokeUser(user));
    return removed;
  }

  /** Revokes every token of a user; returns how many were stored. */
  public long revokeUser(String user) {
    return withTokens(tokens -> tokens.revokeUser(user));
  }

  /** Revokes one token given in clear; false when no such token was stored. */
  public boolean revokeToken(String token) {
    return withTokens(tokens -> tokens.revoke(token));
  }

  private <T> T withTokens(Function<Tokens, Future<T>> work) {
    Vertx vertx = Vertx.vertx();
    DocumentStore store = new DataDir(dataDir).store(vertx, config);
    try {
      return store.open(Stores.AUTH)
          .compose(v -> work.apply(new Tokens(new TokenStore(store), new RevocationStore(store), null,
              Clock.systemUTC())))
          .eventually(store::close)
          .await();
    } finally {
      vertx.close().await();
    }
  }
}
