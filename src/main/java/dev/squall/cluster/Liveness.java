package dev.squall.cluster;

import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.executions.Executions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the work of cluster nodes that stopped beating. A node whose heartbeat is older than {@code deadAfter}
 * is dead: each execution its runner had in hand (running, or canceling) is moved to {@code abandoned} (canceled),
 * as StackStorm does, then the node's document is removed. Work it had not started is not here: RabbitMQ hands
 * the messages it never acknowledged to another consumer.
 */
public final class Liveness {
  /** A node whose heartbeat is this old is dead: its running executions are closed, and no list shows it. */
  public static final long DEAD_AFTER_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
  private static final List<String> IN_HAND = List.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELING,
      ExecutionStatus.PAUSING);

  private final NodeStore nodes;
  private final ExecutionStore executions;
  private final ExecutionTransitions transitions;
  private final Clock clock;
  private final long deadAfterMs;

  public Liveness(NodeStore nodes, ExecutionStore executions, ExecutionTransitions transitions, Clock clock,
      long deadAfterMs) {
    this.nodes = nodes;
    this.executions = executions;
    this.transitions = transitions;
    this.clock = clock;
    this.deadAfterMs = deadAfterMs;
  }

  /** One pass; completes with the number of executions closed. */
  public Future<Integer> sweep() {
    long now = clock.millis();
    return nodes.all().compose(all -> {
      List<JsonObject> dead = all.stream().filter(n -> now - n.getLong("heartbeat_at", 0L) > deadAfterMs).toList();
      if (dead.isEmpty()) {
        return Future.succeededFuture(0);
      }
      Map<String, JsonObject> byProcess = dead.stream()
          .collect(Collectors.toMap(n -> n.getString("hostname") + "/" + n.getLong("pid"), n -> n, (a, b) -> a));
      return executions.unfinished().compose(open -> {
        List<Future<?>> closed = new ArrayList<>();
        for (JsonObject doc : open) {
          if (!IN_HAND.contains(doc.getString("status"))) {
            continue;
          }
          JsonObject info = doc.getJsonObject("liveaction", new JsonObject()).getJsonObject("runner_info", new JsonObject());
          JsonObject node = byProcess.get(info.getString("hostname") + "/" + info.getLong("pid"));
          if (node != null) {
            closed.add(close(doc, node.getString("node")));
          }
        }
        return Future.all(closed).compose(v -> Future.all(dead.stream().map(n -> nodes.delete(n.getString("id"))).toList()))
            .map(v -> {
              LOG.warn("cluster: node(s) {} stopped answering; {} of their executions closed",
                  dead.stream().map(n -> n.getString("node")).toList(), closed.size());
              return closed.size();
            });
      });
    });
  }

  private Future<JsonObject> close(JsonObject doc, String node) {
    boolean canceling = ExecutionStatus.CANCELING.equals(doc.getString("status"));
    return transitions.move(doc, canceling ? ExecutionStatus.CANCELED : ExecutionStatus.ABANDONED,
        next -> Executions.withResult(next, new JsonObject().put("error", canceling ? "Action canceled by user."
            : "Execution abandoned: node " + node + " running it stopped answering.")));
  }
}
