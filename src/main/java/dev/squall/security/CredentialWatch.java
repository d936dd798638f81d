package dev.squall.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every node that checks credentials must keep up with, whatever services it runs: revocations written by
 * other processes (polled twice a second), API keys changed on other nodes, users removed from the htpasswd
 * file (their tokens are revoked, also for removals made while the node was down), and forgetting expired
 * tokens held in memory.
 */
public final class CredentialWatch {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialWatch.class);
  /** How often revocations are read: a revocation takes effect everywhere within a second. */
  public static final long INTERVAL_MS = 500;

  private final Vertx vertx;
  private final Credentials credentials;
  private final String systemUser;
  private long timer = -1;
  private long ticks;

  public CredentialWatch(Vertx vertx, Credentials credentials, String systemUser) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.systemUser = systemUser;
  }

  /** Revokes tokens of users no longer in the file, then watches; completes when the first pass is done. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> credentials.users().users(), false)
        .compose(known -> credentials.tokens().holders()
            .map(users -> users.stream()
                .filter(u -> u != null && !known.contains(u) && !u.equals(systemUser)).collect(Collectors.toSet())))
        .compose(this::revokeAll)
        .andThen(v -> timer = vertx.setPeriodic(INTERVAL_MS, id -> tick()))
        .mapEmpty();
  }

  private Future<Void> revokeAll(Set<String> users) {
    return Future.all(users.stream().map(user -> credentials.tokens().revokeUser(user)
            .andThen(r -> LOG.info("user {} is not in the users file: tokens revoked", user))).toList())
        .mapEmpty();
  }

  private void tick() {
    ticks++;
    credentials.tokens().pollRevocations()
        .onFailure(e -> LOG.warn("cannot read token revocations: {}", e.getMessage()));
    if (ticks % 2 == 0) {
      vertx.executeBlocking(() -> credentials.users().reloadIfChanged(), false)
          .compose(this::revokeAll)
          .onFailure(e -> LOG.warn("cannot re-read the users file: {}", e.getMessage()));
    }
    if (ticks % 4 == 0) {
      credentials.apiKeys().reload().onFailure(e -> LOG.warn("cannot re-read API keys: {}", e.getMessage()));
    }
    if (ticks % 120 == 0) {
      credentials.tokens().sweep();
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
