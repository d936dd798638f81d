package dev.squall.cluster;

import dev.squall.util.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;

/**
 * A lease on a singleton service, held by at most one node of a cluster at a time: one stored document per
 * service whose token changes on every renewal (compare-and-set on the token), with an expiry. A node takes the
 * lease when there is none or it has expired, keeps it by renewing before it expires, and gives it up on stop.
 * A node that restarts under the same name waits for its old lease to expire like any other.
 */
public final class Lease {
  private final LeaseStore leases;
  private final String service;
  private final String node;
  private final Clock clock;
  private final Duration ttl;
  private String token;

  public Lease(LeaseStore leases, String service, String node, Clock clock, Duration ttl) {
    this.leases = leases;
    this.service = service;
    this.node = node;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Takes or renews the lease; completes with whether this node holds it now (until now + ttl). */
  public Future<Boolean> tryHold() {
    return leases.get(service).compose(current -> {
      long now = clock.millis();
      JsonObject next = new JsonObject().put("id", service).put("owner", node).put("token", Ids.next())
          .put("expires_at", now + ttl.toMillis()).put("renewed_at", now);
      if (current == null) {
        return leases.insert(next).map(v -> held(next)).otherwise(e -> lost());
      }
      boolean mine = token != null && token.equals(current.getString("token"));
      boolean expired = current.getLong("expires_at", 0L) <= now;
      if (!mine && !expired) {
        return Future.succeededFuture(lost());
      }
      return leases.replaceIfToken(next, current.getString("token")).map(won -> won ? held(next) : lost());
    }).otherwise(e -> lost());
  }

  /** Gives the lease up at once (it expires now), so another node takes it without waiting. */
  public Future<Void> release() {
    if (token == null) {
      return Future.succeededFuture();
    }
    String held = token;
    token = null;
    JsonObject expired = new JsonObject().put("id", service).put("owner", node).put("token", Ids.next())
        .put("expires_at", 0L).put("renewed_at", clock.millis());
    return leases.replaceIfToken(expired, held).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Whether this node held the lease at its last try. */
  public boolean held() {
    return token != null;
  }

  public String service() {
    return service;
  }

  private boolean held(JsonObject lease) {
    token = lease.getString("token");
    return true;
  }

  private boolean lost() {
    token = null;
    return false;
  }
}
