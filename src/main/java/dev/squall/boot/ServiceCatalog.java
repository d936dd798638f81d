package dev.squall.boot;

import dev.squall.actions.http.HttpRequestRunner;
import dev.squall.actions.packs.PacksRunner;
import dev.squall.actions.python.PythonRunner;
import dev.squall.actions.runner.Dispatcher;
import dev.squall.actions.runner.RunnerTypes;
import dev.squall.actions.runner.RunnerVerticle;
import dev.squall.actions.runner.ShellProcesses;
import dev.squall.actions.scheduler.SchedulerVerticle;
import dev.squall.api.ActionsEndpoint;
import dev.squall.api.ApiEndpoints;
import dev.squall.api.ApiKeysEndpoint;
import dev.squall.api.ApiVerticle;
import dev.squall.api.CatalogEndpoint;
import dev.squall.api.PackLifecycleEndpoint;
import dev.squall.api.ConfigsEndpoint;
import dev.squall.api.EnforcementsEndpoint;
import dev.squall.api.ExecutionsEndpoint;
import dev.squall.api.KeysEndpoint;
import dev.squall.api.PackViewsEndpoint;
import dev.squall.api.RulesEndpoint;
import dev.squall.api.ServiceRegistryEndpoint;
import dev.squall.api.TriggersEndpoint;
import dev.squall.api.WebhooksEndpoint;
import dev.squall.auth.AuthVerticle;
import dev.squall.gc.GarbageCollectorVerticle;
import dev.squall.gc.Purge;
import dev.squall.notifier.Notifier;
import dev.squall.notifier.NotifierVerticle;
import dev.squall.packs.PackIndex;
import dev.squall.packs.PackInstaller;
import dev.squall.rules.RulesEngine;
import dev.squall.rules.RulesVerticle;
import dev.squall.stream.StreamVerticle;
import dev.squall.timers.TimersVerticle;
import dev.squall.web.ContractRoutes;
import dev.squall.web.RouteTable;
import io.vertx.core.Deployable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every service a node can run, by the name {@code --services} uses, each built from the node's parts with
 * exactly the collaborators it needs. The HTTP services bind their operations in the node's route table.
 */
final class ServiceCatalog {
  /** What a service's factory may use besides the node: the route table, the HTTP port once bound. */
  record Wiring(Node node, RouteTable routes, Supplier<Integer> port,
      Consumer<AutoCloseable> onClose, List<String> services) {
  }

  interface Factory {
    Deployable create(Wiring wiring);
  }

  /** The HTTP services: a node runs the HTTP port when it runs any of them. */
  static final List<String> HTTP = List.of("api", "auth", "stream");

  static final Map<String, Factory> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("api", w -> new ApiVerticle(w.routes(), endpoints(w.node(), w.routes().contract(), w.services())));
    SERVICES.put("auth", w -> new AuthVerticle(w.routes(), w.node().credentials(), w.node().config().auth(),
        java.util.Set.copyOf(w.node().config().api().limits().trustedProxies())));
    SERVICES.put("stream", w -> new StreamVerticle(w.routes(), w.node().bus(),
        w.node().stores().executions(), w.node().stores().output(), w.node().config().stream(), w.node().meters()));
    SERVICES.put("rules", w -> rules(w.node()));
    SERVICES.put("timers", w -> new TimersVerticle(w.node().config().timers(), w.node().bus(),
        w.node().triggerRegistry(), w.node().enabledRules(), w.node().intake()));
    SERVICES.put("notifier", w -> new NotifierVerticle(w.node().bus(), new Notifier(w.node().intake(),
        w.node().config().actionSensor().enable(), w.node()::kvContext)));
    SERVICES.put("gc", w -> gc(w.node()));
    SERVICES.put("actions.scheduler", w -> new SchedulerVerticle(w.node().bus(), w.node().transitions()));
    SERVICES.put("actions.runner", ServiceCatalog::runner);
  }

  private ServiceCatalog() {
  }

  private static ApiEndpoints endpoints(Node n, ContractRoutes contract, List<String> services) {
    return new ApiEndpoints(
        new CatalogEndpoint(n.actions(), n.packs(), contract),
        new ActionsEndpoint(n.actions(), n.content(), contract),
        new PackViewsEndpoint(n.actions()),
        new ExecutionsEndpoint(n.executions(), n.stores().executions(), n.stores().output(), contract, n.systemUser(),
            () -> n.actions().actions().stream().map(a -> a.getString("ref")).toList(),
            () -> n.actions().runners().stream().map(r -> r.getString("name")).toList()),
        new WebhooksEndpoint(n.triggerRegistry(), n.intake(), n.meters()),
        new TriggersEndpoint(n.stores().triggerInstances(), n.triggers(), n.intake()),
        new RulesEndpoint(n.stores().rules(), n.rules(), n.actions(), n.triggerRegistry()),
        new EnforcementsEndpoint(n.stores().enforcements(), n.stores().triggerInstances(), n.stores().executions()),
        new KeysEndpoint(n.keys()),
        new ApiKeysEndpoint(n.credentials().apiKeys(), contract),
        new ServiceRegistryEndpoint(members(n, services)),
        new ConfigsEndpoint(n.actions(), n.packConfigs()),
        new PackLifecycleEndpoint(n.executions(), new PackIndex(n.config().content().indexUrls())));
  }

  /** The live processes and their services: a cluster's recent heartbeats, or this standalone process alone. */
  private static Supplier<io.vertx.core.Future<List<io.vertx.core.json.JsonObject>>> members(Node n,
      List<String> services) {
    if (n.config().cluster().enable()) {
      return () -> n.stores().nodes().all().map(all -> all.stream()
          .filter(node -> System.currentTimeMillis() - node.getLong("heartbeat_at", 0L) < dev.squall.cluster.Liveness.DEAD_AFTER_MS)
          .toList());
    }
    long pid = ProcessHandle.current().pid();
    io.vertx.core.json.JsonObject self = new io.vertx.core.json.JsonObject().put("id", "standalone:" + pid)
        .put("node", "standalone").put("hostname", dev.squall.util.Hosts.name()).put("pid", pid)
        .put("services", new io.vertx.core.json.JsonArray(services));
    return () -> io.vertx.core.Future.succeededFuture(List.of(self));
  }

  private static Deployable rules(Node n) {
    RulesEngine engine = new RulesEngine(n.vertx(), n.stores().triggerInstances(), n.stores().enforcements(),
        n.stores().executions(), n.bus(), n.enabledRules(), n.triggerRegistry(), n.executions(), n.intake(),
        n::kvContext, n.systemUser());
    return new RulesVerticle(n.bus(), engine, n.intake());
  }

  private static Deployable gc(Node n) {
    var auth = n.config().auth();
    return new GarbageCollectorVerticle(n.config().garbagecollector(),
        new Purge(n.vertx(), n.stores().executions(), n.stores().output(), n.stores().triggerInstances(),
            n.stores().enforcements(), n.executions().counts(), n.config().garbagecollector()), n.keys(),
        n.credentials().tokens(), Duration.ofSeconds(Math.max(auth.tokenTtl(), auth.serviceTokenTtl())));
  }

  private static Deployable runner(Wiring w) {
    Node n = w.node();
    var config = n.config();
    int slots = config.actionrunner().actionsPoolSize();
    ExecutorService pool = Executors.newFixedThreadPool(slots * ShellProcesses.THREADS_PER_EXECUTION,
        named("squall-action-"));
    w.onClose().accept(pool::shutdownNow);
    Supplier<String> apiUrl = () -> config.auth().apiUrl().isEmpty()
        ? "http://" + config.api().host() + ":" + (w.port().get() > 0 ? w.port().get() : config.api().port()) + "/api/v1"
        : config.auth().apiUrl().replaceAll("/+$", "") + "/v1";
    var settings = new Dispatcher.Settings(slots, config.actionrunner().streamOutput(), apiUrl,
        config.auth().enable() ? n.credentials().tokens() : null).withConfigContext(n.packConfigs()::context);
    PythonRunner python = new PythonRunner(n.vertx(), new PythonRunner.Settings(config.actionrunner().pythonBinary(),
        n.dataDir().path().resolve("python"), n.dataDir().virtualenvs(config), config.actionrunner().pythonForkServer(),
        config.content().enableCommonLibs()), n.packConfigs(), n.actions()::pack);
    w.onClose().accept(python::close);
    HttpRequestRunner http = new HttpRequestRunner(n.vertx());
    PacksRunner packs = new PacksRunner(n.vertx(), new PackInstaller(new PackInstaller.Settings(
        n.dataDir().path().resolve("packs"), n.dataDir().virtualenvs(config), config.actionrunner().pythonBinary(),
        new PackIndex(config.content().indexUrls())::pack)), n.packs());
    w.onClose().accept(http::close);
    return new RunnerVerticle(n.stores().output(), n.bus(), n.transitions(), n.actions(),
        RunnerTypes.create(n.vertx(), pool, python, http, packs), settings, n::kvContext, config.actionrunner().shutdownGrace());
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
