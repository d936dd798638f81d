package dev.squall.boot;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.squall.bus.Addresses;
import dev.squall.bus.RabbitBus;
import dev.squall.cluster.LeaseStore;
import dev.squall.cluster.Liveness;
import dev.squall.cluster.NodeStore;
import dev.squall.config.SquallConfig;
import dev.squall.store.DocumentStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code squall status} reports on a cluster, read from where the cluster keeps it: the nodes and their
 * services with instances (heartbeats in the store), which node leads each singleton (leases in the store), and
 * how much work waits in each RabbitMQ work queue and its dead-letter queue.
 */
public final class ClusterStatus {
  /** The work queues a cluster uses. */
  static final List<String> WORK = List.of(Addresses.WORK_TRIGGER_INSTANCE, Addresses.WORK_SCHEDULE, Addresses.WORK_RUN,
      Addresses.WORK_NOTIFY);

  private ClusterStatus() {
  }

  /** Reads the cluster's state (blocking); fails with a clear message when the store or broker is unreachable. */
  public static JsonObject read(SquallConfig config, Path dataDir) {
    JsonObject status = new JsonObject().put("mode", "cluster");
    Vertx vertx = Vertx.vertx();
    try {
      DocumentStore store = new DataDir(dataDir).store(vertx, config);
      try {
        store.open(List.of(NodeStore.SPEC, LeaseStore.SPEC)).await();
        long now = System.currentTimeMillis();
        JsonArray nodes = new JsonArray();
        new NodeStore(store).all().await().stream()
            .sorted(Comparator.comparing(n -> n.getString("node", "")))
            .forEach(n -> nodes.add(new JsonObject().put("node", n.getString("node")).put("hostname", n.getString("hostname"))
                .put("pid", n.getValue("pid")).put("services", n.getJsonArray("services", new JsonArray()))
                .put("instances", n.getJsonObject("instances", new JsonObject()))
                .put("heartbeat_ms_ago", now - n.getLong("heartbeat_at", 0L))
                .put("alive", now - n.getLong("heartbeat_at", 0L) <= Liveness.DEAD_AFTER_MS)));
        JsonObject leaders = new JsonObject();
        new LeaseStore(store).all().await().forEach(lease -> {
          if (lease.getLong("expires_at", 0L) > now) {
            leaders.put(lease.getString("id"), lease.getString("owner"));
          }
        });
        status.put("nodes", nodes).put("leaders", leaders);
      } finally {
        store.close().await();
      }
    } finally {
      vertx.close().await();
    }
    status.put("queues", queues(config.cluster().messagingUrl()));
    return status;
  }

  private static JsonObject queues(String uri) {
    ConnectionFactory factory = new ConnectionFactory();
    JsonObject queues = new JsonObject();
    try {
      factory.setUri(uri);
      factory.setConnectionTimeout(10_000);
      try (Connection connection = factory.newConnection("squall status")) {
        for (String queue : WORK) {
          for (String name : List.of(queue, queue + RabbitBus.DEAD)) {
            // a passive declare fails (and closes its channel) for a queue no node has used yet
            Channel channel = connection.createChannel();
            try {
              AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(name);
              queues.put(name, new JsonObject().put("ready", ok.getMessageCount()).put("consumers", ok.getConsumerCount()));
              channel.close();
            } catch (java.io.IOException notYet) {
              queues.put(name, new JsonObject().put("ready", 0).put("consumers", 0));
            }
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach RabbitMQ at " + RabbitBus.redacted(uri) + ": " + e.getMessage(), e);
    }
    return queues;
  }

  /** The status as lines for a terminal. */
  public static String text(JsonObject status) {
    StringBuilder out = new StringBuilder("nodes:\n");
    for (Object o : status.getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      out.append(String.format("  %-24s %s pid %s  %s  heartbeat %.1f s ago%s%n", n.getString("node"),
          n.getString("hostname"), n.getValue("pid"), services(n), n.getLong("heartbeat_ms_ago") / 1000.0,
          n.getBoolean("alive") ? "" : "  DEAD"));
    }
    out.append("leaders:\n");
    status.getJsonObject("leaders").forEach(e -> out.append(String.format("  %-24s %s%n", e.getKey(), e.getValue())));
    out.append("queues (ready, consumers):\n");
    status.getJsonObject("queues").forEach(e -> {
      JsonObject q = (JsonObject) e.getValue();
      out.append(String.format("  %-48s %8d %4d%n", e.getKey(), q.getLong("ready"), q.getInteger("consumers")));
    });
    out.append("as of ").append(Instant.now()).append('\n');
    return out.toString();
  }

  private static String services(JsonObject node) {
    JsonObject instances = node.getJsonObject("instances");
    return String.join(",", node.getJsonArray("services").stream().map(String::valueOf)
        .map(s -> instances.getInteger(s, 1) > 1 ? s + "x" + instances.getInteger(s) : s).toList());
  }
}
