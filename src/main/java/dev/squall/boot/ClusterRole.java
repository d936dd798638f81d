package dev.squall.boot;

import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.bus.RabbitBus;
import dev.squall.cluster.Heartbeat;
import dev.squall.cluster.Lease;
import dev.squall.cluster.Liveness;
import dev.squall.cluster.LivenessVerticle;
import dev.squall.cluster.Outbox;
import dev.squall.cluster.Singleton;
import dev.squall.config.ClusterConfig;
import dev.squall.util.Hosts;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does as one of a cluster, or nothing for a standalone node: its bus (bridged to RabbitMQ), the
 * services it runs only while it holds their lease, its heartbeat, and its turn at closing the work of nodes
 * that stopped beating.
 */
final class ClusterRole {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRole.class);
  /** Services a cluster runs on one node at a time, under a lease. */
  private static final Set<String> SINGLETONS = Set.of("timers", "gc");
  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final long LEASE_TRY_MS = 2000;
  /** A lease for one-at-a-time work: long enough for the work, short enough that a node killed in it is waited out. */
  private static final Duration EXCLUSIVE_LEASE = Duration.ofSeconds(30);
  private static final Duration EXCLUSIVE_WAIT = Duration.ofSeconds(90);
  private static final long EXCLUSIVE_TRY_MS = 250;
  /** Waiting work whose queue is empty for this long is sent again. */
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final ClusterConfig config;
  private final List<Singleton> singletons = new ArrayList<>();
  private RabbitBus rabbit;
  private Heartbeat heartbeat;

  ClusterRole(Vertx vertx, ClusterConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  boolean enabled() {
    return config.enable();
  }

  /** The local bus, or in a cluster the bus bridged to RabbitMQ, connected. */
  Future<Bus> openBus(Metrics metrics) {
    if (!config.enable()) {
      return Future.succeededFuture(new LocalBus(vertx, metrics.bus()));
    }
    rabbit = new RabbitBus(vertx, new RabbitBus.Settings(config.messagingUrl(), config.nodeName(), config.prefetch(),
        config.maxAttempts()));
    return rabbit.start()
        .andThen(v -> LOG.info("cluster node {}: bus bridged to RabbitMQ", config.nodeName()))
        .map(v -> rabbit);
  }

  /** Whether a service runs under a lease here rather than deployed outright. */
  boolean isSingleton(String service) {
    return config.enable() && SINGLETONS.contains(service);
  }

  /** Deploys the service on this node whenever it holds the service's lease. */
  void runUnderLease(Node node, String name, Supplier<Deployable> service) {
    Lease lease = new Lease(node.stores().leases(), name, config.nodeName(), Clock.systemUTC(), LEASE);
    Singleton singleton = new Singleton(vertx, lease, () -> vertx.deployVerticle(service.get()), vertx::undeploy,
        LEASE_TRY_MS);
    singletons.add(singleton);
    singleton.start();
  }

  /**
   * Runs {@code work} while holding a cluster-wide lease named {@code name}, so nodes starting together do it one
   * after the other (each then sees what the previous one stored); standalone, at once.
   */
  <T> Future<T> oneAtATime(Node node, String name, Supplier<Future<T>> work) {
    if (!config.enable()) {
      return work.get();
    }
    Lease lease = new Lease(node.stores().leases(), name, config.nodeName(), Clock.systemUTC(), EXCLUSIVE_LEASE);
    long deadline = System.nanoTime() + EXCLUSIVE_WAIT.toNanos();
    return hold(lease, deadline).compose(v -> work.get().eventually(lease::release));
  }

  private Future<Void> hold(Lease lease, long deadline) {
    return lease.tryHold().compose(held -> {
      if (held) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new IllegalStateException("another node held the lease '" + lease.service()
            + "' for longer than " + EXCLUSIVE_WAIT.toSeconds() + " s"));
      }
      return vertx.timer(EXCLUSIVE_TRY_MS).compose(t -> hold(lease, deadline));
    });
  }

  /** Beats in the store, and takes its turn at closing the work of nodes that stopped beating. */
  Future<Void> join(Node node, List<String> services) {
    if (!config.enable()) {
      return Future.succeededFuture();
    }
    JsonObject instances = new JsonObject();
    services.forEach(s -> instances.put(s, isSingleton(s) ? 1 : node.config().instances().of(s)));
    heartbeat = new Heartbeat(vertx, node.stores().nodes(), config.nodeName(), Hosts.name(), services, instances,
        Clock.systemUTC());
    Liveness liveness = new Liveness(node.stores().nodes(), node.stores().executions(), node.transitions(),
        Clock.systemUTC(), Liveness.DEAD_AFTER_MS);
    Outbox outbox = new Outbox(node.stores().triggerInstances(), node.stores().executions(), node.bus(),
        Clock.systemUTC(), STALE_AFTER);
    runUnderLease(node, "cluster.liveness", () -> new LivenessVerticle(liveness, outbox));
    return heartbeat.start();
  }

  /** Stops the leased services (their leases released for other nodes) and the heartbeat. */
  Future<Void> leave() {
    return Future.join(singletons.stream().map(Singleton::stop).toList())
        .transform(ignored -> heartbeat == null ? Future.succeededFuture() : heartbeat.stop())
        .mapEmpty();
  }

  /** Closes the broker connection (after the services stopped). */
  Future<Void> closeBus() {
    return rabbit == null ? Future.succeededFuture() : rabbit.close();
  }
}
