package dev.squall.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/**
 * A cluster node says it is alive: every {@value #PERIOD_MS} ms it writes its document in {@code nodes} (name,
 * host and process, the services it runs, the time). {@link Liveness} reads them. The id is the node's name and
 * process id, so a node restarted under the same name is a new node and its old self can still be found dead.
 */
public final class Heartbeat {
  static final long PERIOD_MS = 2000;

  private final Vertx vertx;
  private final NodeStore nodes;
  private final JsonObject self;
  private final Clock clock;
  private long timer = -1;

  /** {@code instances}: the verticle instances of each service this node runs. */
  public Heartbeat(Vertx vertx, NodeStore nodes, String node, String hostname, List<String> services,
      JsonObject instances, Clock clock) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.clock = clock;
    long pid = ProcessHandle.current().pid();
    this.self = new JsonObject().put("id", id(node, pid)).put("node", node).put("hostname", hostname).put("pid", pid)
        .put("services", new JsonArray(services)).put("instances", instances).put("started_at", clock.millis());
  }

  static String id(String node, long pid) {
    return node + ":" + pid;
  }

  /** Beats once (completing when written), then every period. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(PERIOD_MS, t -> beat());
    return beat();
  }

  private Future<Void> beat() {
    return nodes.beat(self.copy().put("heartbeat_at", clock.millis()));
  }

  /** Stops beating and removes the node's document (its work was settled by its own orderly stop). */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return nodes.delete(self.getString("id")).mapEmpty();
  }
}
