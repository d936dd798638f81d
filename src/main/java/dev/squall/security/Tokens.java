package dev.squall.security;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.Unauthorized;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Auth tokens: 32 random hex characters, opaque to clients. The store keeps only their sha256 (a leaked
 * database hands out no sessions); every node keeps the tokens it has seen in memory, so checking one is a
 * map lookup. A token issued on another node costs one store read the first time. Revocation deletes the
 * stored token, writes a revocation record that every node polls (the command line has no bus), and tells
 * the nodes over the bus at once.
 */
public final class Tokens {
  private static final String KIND = "kind";

  /** A token this node knows. */
  record Entry(String id, String user, String hash, Instant expiry, Instant issued, boolean service) {
  }

  private final TokenStore store;
  private final RevocationStore revocations;
  private final Bus bus;
  private final Clock clock;
  private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
  private final Set<String> seenRevocations = ConcurrentHashMap.newKeySet();
  /** Revoked hashes and users (with when), so a store read in flight during a revocation cannot re-admit. */
  private final Set<String> revokedHashes = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> revokedUsers = new ConcurrentHashMap<>();
  private volatile Instant polledUntil;

  public Tokens(TokenStore store, RevocationStore revocations, Bus bus, Clock clock) {
    this.store = store;
    this.revocations = revocations;
    this.bus = bus;
    this.clock = clock;
    this.polledUntil = clock.instant();
  }

  /** Follows revocations announced by other nodes. */
  public Tokens listen() {
    if (bus != null) {
      bus.subscribe(Addresses.AUTH_CUD, event -> {
        switch (event.getString(KIND, "")) {
          case "token_revoked" -> evictHash(event.getString("token_hash"));
          case "user_revoked" -> evictUser(event.getString("user"), Times.parse(event.getString("revoked_at")));
          default -> {
          }
        }
      });
    }
    return this;
  }

  /**
   * Issues a token; the reply is StackStorm's Token ({@code id, user, token, expiry, metadata, service}) and
   * the only place the clear token appears.
   */
  public Future<JsonObject> issue(String user, long ttlSeconds, boolean service, JsonObject metadata) {
    String token = Digests.randomHex(16);
    Instant now = clock.instant();
    Instant expiry = now.plusSeconds(ttlSeconds);
    Entry entry = new Entry(Ids.next(), user, Digests.sha256Hex(token), expiry, now, service);
    JsonObject doc = new JsonObject()
        .put("id", entry.id())
        .put("user", user)
        .put("token_hash", entry.hash())
        .put("expiry", Times.format(expiry))
        .put("issued_at", Times.format(now))
        .put("metadata", metadata == null ? new JsonObject() : metadata)
        .put("service", service);
    return store.insert(doc).map(v -> {
      byToken.put(token, entry);
      return new JsonObject().put("id", entry.id()).put("user", user).put("token", token)
          .put("expiry", Times.format(expiry)).put("metadata", doc.getJsonObject("metadata")).put("service", service);
    });
  }

  /** The caller a token stands for; fails with 401 when unknown, expired or revoked. */
  public Future<Caller> authenticate(String token) {
    Entry known = byToken.get(token);
    if (known != null) {
      return check(token, known);
    }
    if (token.length() > 256) {
      return Future.failedFuture(new Unauthorized("Unauthorized"));
    }
    return store.byHash(Digests.sha256Hex(token))
        .compose(doc -> {
          if (doc == null) {
            return Future.failedFuture(new Unauthorized("Unauthorized"));
          }
          Entry entry = new Entry(doc.getString("id"), doc.getString("user"), doc.getString("token_hash"),
              Times.parse(doc.getString("expiry")), Times.parse(doc.getString("issued_at", "1970-01-01T00:00:00Z")),
              doc.getBoolean("service", false));
          if (revoked(entry)) {
            return Future.failedFuture(new Unauthorized("Unauthorized"));
          }
          byToken.put(token, entry);
          return check(token, entry);
        });
  }

  private Future<Caller> check(String token, Entry entry) {
    if (!entry.expiry().isAfter(clock.instant())) {
      byToken.remove(token);
      return Future.failedFuture(new Unauthorized("Unauthorized - Token has expired."));
    }
    return Future.succeededFuture(new Caller(entry.user(), Caller.TOKEN, null, entry.expiry()));
  }

  /** Revokes one token, given in clear; true when it existed. */
  public Future<Boolean> revoke(String token) {
    String hash = Digests.sha256Hex(token);
    JsonObject record = revocation().put("token_hash", hash);
    return revocations.insert(record)
        .compose(v -> store.deleteByHash(hash))
        .map(deleted -> {
          evictHash(hash);
          announce(record.copy().put(KIND, "token_revoked"));
          return deleted > 0;
        });
  }

  /** Revokes every token of a user issued until now; completes with how many were stored. */
  public Future<Long> revokeUser(String user) {
    JsonObject record = revocation().put("user", user);
    return revocations.insert(record)
        .compose(v -> store.deleteOfUser(user))
        .map(deleted -> {
          evictUser(user, Times.parse(record.getString("revoked_at")));
          announce(record.copy().put(KIND, "user_revoked"));
          return deleted;
        });
  }

  private JsonObject revocation() {
    return new JsonObject().put("id", Ids.next()).put("revoked_at", Times.format(clock.instant()));
  }

  private void announce(JsonObject event) {
    if (bus != null) {
      bus.publish(Addresses.AUTH_CUD, event);
    }
  }

  /**
   * Applies revocations written since the last poll, including by other processes (the command line).
   * Reads a little before the last poll so a record written with a slightly older clock is not missed.
   */
  public Future<Integer> pollRevocations() {
    Instant until = clock.instant();
    Instant from = polledUntil.minusSeconds(5);
    return revocations.since(Times.format(from))
        .map(records -> {
          int applied = 0;
          for (JsonObject r : records) {
            if (!seenRevocations.add(r.getString("id"))) {
              continue;
            }
            applied++;
            if (r.getString("token_hash") != null) {
              evictHash(r.getString("token_hash"));
            } else if (r.getString("user") != null) {
              evictUser(r.getString("user"), Times.parse(r.getString("revoked_at")));
            }
          }
          polledUntil = until;
          return applied;
        });
  }

  /** Forgets expired tokens held in memory and old revocation ids; the store's copies are purged by gc. */
  public void sweep() {
    Instant now = clock.instant();
    byToken.values().removeIf(e -> !e.expiry().isAfter(now));
    if (seenRevocations.size() > 100_000) {
      seenRevocations.clear();
    }
  }

  /**
   * Deletes the stored tokens that have expired and the revocation records older than {@code keepRevocations}
   * (by then every token they revoked has expired anyway).
   */
  public Future<Void> purgeExpired(java.time.Duration keepRevocations) {
    Instant now = clock.instant();
    return Future.all(store.deleteExpired(Times.format(now)),
            revocations.deleteBefore(Times.format(now.minus(keepRevocations))))
        .mapEmpty();
  }

  /** The user of every stored token (one entry per token). */
  public Future<List<String>> holders() {
    return store.holders();
  }

  private boolean revoked(Entry entry) {
    Instant userRevoked = revokedUsers.get(entry.user());
    return revokedHashes.contains(entry.hash()) || userRevoked != null && !entry.issued().isAfter(userRevoked);
  }

  private void evictHash(String hash) {
    if (hash != null) {
      if (revokedHashes.size() > 100_000) {
        revokedHashes.clear(); // bounded; the store no longer holds these tokens anyway
      }
      revokedHashes.add(hash);
      byToken.values().removeIf(e -> hash.equals(e.hash()));
    }
  }

  private void evictUser(String user, Instant before) {
    if (user != null) {
      revokedUsers.merge(user, before, (a, b) -> a.isAfter(b) ? a : b);
      byToken.values().removeIf(e -> user.equals(e.user()) && !e.issued().isAfter(before));
    }
  }
}
