package dev.squall.boot;

import dev.squall.actions.runner.RunnerTypes;
import dev.squall.config.SquallConfig;
import dev.squall.security.CredentialWatch;
import dev.squall.security.Htpasswd;
import dev.squall.store.DocumentStore;
import dev.squall.timers.TimerTriggerTypes;
import dev.squall.triggers.TriggerTypes;
import dev.squall.util.SymmetricCrypto;
import dev.squall.web.HttpFront;
import dev.squall.web.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Squall node: opens the store, assembles the node's parts ({@link Node}), loads registries and
 * built-in content, deploys the chosen services ({@link ServiceCatalog}), opens the HTTP port, then recovers
 * work accepted before a crash. {@link #start} is the only entry; {@link #close} undoes it.
 */
public final class Server {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final String RUNNER = "actions.runner";
  private static final List<String> PRODUCERS = List.of("rules", "timers", "actions.scheduler");

  private final SquallConfig config;
  private final DataDir dataDir;
  private final Services services;
  private Metrics metrics;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Vertx vertx;
  private DocumentStore store;
  private dev.squall.bus.Bus bus;
  private ClusterRole cluster;
  private CredentialWatch watch;
  private volatile int port = -1;
  private String httpDeployment;
  /** Deployment ids by service name. */
  private final java.util.Map<String, String> serviceDeployments = new java.util.concurrent.ConcurrentHashMap<>();

  public Server(SquallConfig config, Path dataDir, Services services) {
    this.config = config;
    this.dataDir = new DataDir(dataDir);
    this.services = services;
  }

  /** Starts everything; completes with the bound HTTP port (or -1 without HTTP services). */
  public Future<Integer> start() {
    int loops = config.api().instances() > 0 ? config.api().instances() : Runtime.getRuntime().availableProcessors();
    metrics = Metrics.create(config.metrics());
    closeables.add(metrics::close);
    vertx = metrics.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    cluster = new ClusterRole(vertx, config.cluster());
    try {
      dataDir.ensureWritable();
    } catch (IllegalStateException e) {
      return fail(e);
    }
    store = dataDir.store(vertx, config);
    long t0 = System.nanoTime();
    Future<RouteTable> routes = services.needsHttp() ? RouteTable.load(vertx) : Future.succeededFuture();
    return store.open(Stores.ALL)
        .andThen(v -> LOG.info("store open in {} ms", (System.nanoTime() - t0) / 1_000_000))
        .compose(v -> cluster.openBus(metrics))
        .map(opened -> {
          bus = opened;
          return null;
        })
        .compose(v -> vertx.executeBlocking(this::assemble, false))
        .compose(node -> cluster.oneAtATime(node, "content.registration", () -> load(node))
            .andThen(v -> LOG.info("content registered in {} ms", (System.nanoTime() - t0) / 1_000_000))
            .compose(v -> routes)
            .compose(table -> deploy(node, table))
            .compose(v -> cluster.join(node, List.copyOf(services.names())))
            .andThen(v -> LOG.info("services deployed in {} ms", (System.nanoTime() - t0) / 1_000_000))
            .compose(v -> recover(node)))
        .map(v -> port)
        .recover(e -> close().transform(ignored -> Future.failedFuture(e)));
  }

  /** Blocking: the datastore key, the first admin, the bundled packs on disk, then the node's parts. */
  private Node assemble() {
    SymmetricCrypto crypto = config.keyvalue().enableEncryption()
        ? SymmetricCrypto.loadOrCreate(dataDir.datastoreKey(config)) : null;
    Node node = Node.assemble(vertx, config, dataDir, store, crypto, dataDir.packPaths(config), metrics.registry(),
        bus);
    metrics.bind(vertx, node, store);
    if (config.auth().enable()) {
      announceInitialAdmin(node.credentials().users().ensureInitialAdmin(dataDir.adminPassword()));
    }
    return node;
  }

  /** Fills the in-memory registries from the store and registers the built-in runners, triggers and packs. */
  private static Future<Void> load(Node node) {
    List<JsonObject> builtInTypes = new ArrayList<>(TriggerTypes.builtIn());
    builtInTypes.addAll(TimerTriggerTypes.all());
    return node.content().loadRegistry()
        .compose(v -> node.triggers().load())
        .compose(v -> node.keys().load())
        .compose(v -> node.credentials().apiKeys().load())
        .compose(v -> node.enabledRules().load(node.stores().rules()))
        .compose(v -> node.executions().counts().load(node.stores().executions()))
        .compose(v -> node.content().registerRunners(RunnerTypes.load()))
        .compose(v -> node.triggers().registerTypes(builtInTypes))
        .compose(v -> node.packs().register(List.of(), false))
        .mapEmpty();
  }

  /** Deploys the chosen services; with an HTTP service, the auth gate, credential watch and the port too. */
  private Future<Void> deploy(Node node, RouteTable routes) {
    HttpFront front = services.needsHttp() ? HttpPort.front(vertx, node, store::writable) : null;
    var wiring = new ServiceCatalog.Wiring(node, routes, () -> port, closeables::add, List.copyOf(services.names()));
    List<Future<?>> deployed = new ArrayList<>();
    for (String name : services.names()) {
      if (cluster.isSingleton(name)) {
        cluster.runUnderLease(node, name, () -> ServiceCatalog.SERVICES.get(name).create(wiring));
        continue;
      }
      deployed.add(vertx.deployVerticle(() -> ServiceCatalog.SERVICES.get(name).create(wiring),
              new io.vertx.core.DeploymentOptions().setInstances(config.instances().of(name)))
          .andThen(id -> serviceDeployments.put(name, id.result())));
    }
    Future<Void> all = Future.all(deployed).mapEmpty();
    if (front == null) {
      return all;
    }
    return all
        .map(v -> {
          // every service has bound its operations: a gap or a stray handler stops the start here, named
          metrics.mount(vertx, front.router());
          routes.mount(vertx, front.router(), services::has, metrics.http());
          return null;
        })
        .compose(v -> {
          if (!config.auth().enable()) {
            return Future.succeededFuture();
          }
          // every node that checks credentials follows revocations, key changes and the users file
          watch = new CredentialWatch(vertx, node.credentials(), config.systemUser().user());
          return watch.start();
        })
        .compose(v -> HttpPort.listen(vertx, front, config.api(), config.api().instances() > 0
            ? config.api().instances() : Runtime.getRuntime().availableProcessors()))
        .map(listening -> {
          port = listening.port();
          httpDeployment = listening.deployment();
          return null;
        });
  }

  private Future<Void> recover(Node node) {
    return services.has("actions.scheduler")
        ? new Recovery(node.stores().executions(), node.stores().triggerInstances(), node.bus(), node.transitions(),
            node.intake(), !cluster.enabled()).run()
        : Future.succeededFuture();
  }

  /** Printed once, to the console only (never to the log): the password of the user made on first start. */
  private void announceInitialAdmin(String password) {
    if (password != null) {
      System.out.println("Squall: auth is on and there were no users; created user '" + Htpasswd.INITIAL_ADMIN
          + "' with password " + password + " (also in " + dataDir.adminPassword()
          + ", mode 0600). Add users with: squall user add NAME");
    }
  }

  /**
   * Stops the node in order, logging each step: the HTTP port stops accepting and answers the requests in
   * flight; the services stop (the action runner gives running actions {@code actionrunner.graceful_shutdown_timeout}
   * to finish, then records them abandoned); the store commits what is queued and closes.
   */
  public Future<Void> close() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    vertx = null;
    if (watch != null) {
      watch.stop();
    }
    long t0 = System.nanoTime();
    Future<Void> http = httpDeployment == null ? Future.succeededFuture()
        : v.undeploy(httpDeployment).andThen(done -> LOG.info("shutdown: HTTP port closed, requests in flight answered"));
    // a promise bound to no context: its listeners run wherever it completes
    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
    http
        // producers of work first, then the runner (its last actions' results still reach the notifier), then the
        // rest. Work a stopped consumer had in flight stays stored (requested, pending) for the next start.
        .transform(ignored -> cluster.leave())
        .transform(ignored -> undeploy(v, PRODUCERS))
        .transform(ignored -> undeploy(v, List.of(RUNNER)))
        .transform(ignored -> undeploy(v, List.copyOf(serviceDeployments.keySet())))
        .andThen(done -> LOG.info("shutdown: services stopped"))
        .transform(ignored -> cluster.closeBus())
        .transform(ignored -> store == null ? Future.<Void>succeededFuture()
            : store.close().andThen(done -> LOG.info("shutdown: store flushed and closed")))
        .onComplete(ignored -> closeVertx(v, t0, closed));
    return closed.future();
  }

  private Future<Void> undeploy(Vertx v, List<String> names) {
    List<Future<Void>> stopped = new ArrayList<>();
    for (String name : names) {
      String id = serviceDeployments.remove(name);
      if (id != null) {
        stopped.add(v.undeploy(id));
      }
    }
    return Future.join(stopped).mapEmpty();
  }

  // off every Vert.x thread: a close called on an event loop completes on that loop, which the close stops
  private void closeVertx(Vertx v, long t0, io.vertx.core.Promise<Void> closed) {
    Thread closer = new Thread(() -> {
      try {
        v.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown: Vert.x did not close cleanly: {}", e.toString());
      }
      closeables.forEach(c -> {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("not closed: {}", e.getMessage());
        }
      });
      LOG.info("shutdown: done in {} ms", (System.nanoTime() - t0) / 1_000_000);
      closed.complete();
    }, "squall-close");
    closer.start();
  }

  public int port() {
    return port;
  }

  private <T> Future<T> fail(Throwable e) {
    return close().transform(ignored -> Future.failedFuture(e));
  }
}
