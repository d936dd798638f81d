package dev.squall.boot;

import dev.squall.actions.runner.Dispatcher;
import dev.squall.actions.runner.RunnerTypes;
import dev.squall.actions.runner.RunnerVerticle;
import dev.squall.actions.runner.ShellProcesses;
import dev.squall.auth.AuthVerticle;
import dev.squall.model.ExecutionRequests;
import dev.squall.security.ApiKeys;
import dev.squall.security.CredentialWatch;
import dev.squall.security.Credentials;
import dev.squall.security.Htpasswd;
import dev.squall.security.LoginThrottle;
import dev.squall.security.Tokens;
import dev.squall.web.AuthGate;
import java.time.Clock;
import dev.squall.model.Kernel;
import dev.squall.model.KeyValueCache;
import dev.squall.model.KeyValueService;
import dev.squall.util.SymmetricCrypto;
import dev.squall.gc.GarbageCollectorVerticle;
import dev.squall.model.PackRegistration;
import dev.squall.model.RuleCatalog;
import dev.squall.model.RuleInterest;
import dev.squall.model.TriggerCatalog;
import dev.squall.model.TriggerDispatcher;
import dev.squall.model.TriggerRegistry;
import dev.squall.model.TriggerTypes;
import dev.squall.notifier.NotifierVerticle;
import dev.squall.rules.RuleMatcher;
import dev.squall.rules.RulesVerticle;
import dev.squall.timers.TimerTriggerTypes;
import dev.squall.timers.TimersVerticle;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import dev.squall.actions.scheduler.SchedulerVerticle;
import dev.squall.api.ApiVerticle;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.config.SquallConfig;
import dev.squall.model.Backlog;
import dev.squall.model.Collections;
import dev.squall.model.ExecutionTransitions;
import dev.squall.pack.ActionRegistry;
import dev.squall.pack.ContentRegistrar;
import dev.squall.pack.PackLoader;
import dev.squall.store.DocumentStore;
import dev.squall.store.mongo.MongoStore;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.stream.StreamVerticle;
import dev.squall.web.ContractRoutes;
import dev.squall.web.HttpFront;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one Squall node: store, bus, registry, content, then the chosen services, then the HTTP port,
 * then recovery of work accepted before a crash. {@link #start} is the only entry; {@link #close} undoes it.
 */
public final class Server {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final SquallConfig config;
  private final Path dataDir;
  private final Services services;
  private Vertx vertx;
  private DocumentStore store;
  private ExecutorService actionPool;
  private volatile int port = -1;
  private SymmetricCrypto crypto;
  private RuleInterest interest;
  private Credentials credentials;
  private CredentialWatch watch;

  public Server(SquallConfig config, Path dataDir, Services services) {
    this.config = config;
    this.dataDir = dataDir;
    this.services = services;
  }

  /** Starts everything; completes with the bound HTTP port (or -1 without HTTP services). */
  public Future<Integer> start() {
    int loops = config.api().instances() > 0 ? config.api().instances() : Runtime.getRuntime().availableProcessors();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    try {
      Files.createDirectories(dataDir);
      if (!Files.isWritable(dataDir)) {
        return fail(new IllegalStateException("Data directory " + dataDir + " is not writable"));
      }
    } catch (Exception e) {
      return fail(new IllegalStateException("Cannot create data directory " + dataDir + ": " + e.getMessage()));
    }
    store = openStore(vertx, config, dataDir);
    Bus bus = new LocalBus(vertx);
    credentials = new Credentials(new Htpasswd(htpasswdFile(config, dataDir)), new Tokens(store, bus, Clock.systemUTC()).listen(),
        new ApiKeys(store, bus), new LoginThrottle(config.auth().loginFailures(), config.auth().loginWindow(),
        Clock.systemUTC()));
    List<String> origins = new ArrayList<>(config.api().allowOrigin());
    if (!config.auth().apiUrl().isEmpty()) {
      origins.add(config.auth().apiUrl()); // StackStorm allows its own public API URL too
    }
    HttpFront front = new HttpFront(vertx, config.api().maxBodySize(), origins, config.api().maxJsonDepth());
    front.guard(new AuthGate(config.auth(), config.systemUser().user(), credentials.tokens(), credentials.apiKeys()));
    long t0 = System.nanoTime();
    Future<ContractRoutes> contract = services.needsHttp() ? ContractRoutes.load(vertx) : Future.succeededFuture();
    return store.open(Collections.ALL)
        .andThen(v -> LOG.info("store open in {} ms", (System.nanoTime() - t0) / 1_000_000))
        .compose(v -> vertx.executeBlocking(() -> {
          if (config.keyvalue().enableEncryption()) {
            crypto = SymmetricCrypto.loadOrCreate(keyPath());
          }
          if (config.auth().enable()) {
            announceInitialAdmin(credentials.users().ensureInitialAdmin(dataDir.resolve(ADMIN_PASSWORD_FILE)));
          }
          return packPaths();
        }, false))
        .compose(paths -> {
          Kernel kernel = kernel(bus, paths);
          return kernel.content().loadRegistry()
              .compose(v -> kernel.triggers().load())
              .compose(v -> kernel.keys().load())
              .compose(v -> credentials.apiKeys().load())
              .compose(v -> interest.load(store))
              .compose(v -> kernel.executions().counts().load(store))
              .compose(v -> kernel.content().registerRunners(RunnerTypes.load()))
              .compose(v -> kernel.triggers().registerTypes(builtInTriggerTypes()))
              .compose(v -> kernel.packs().register(List.of(), false))
              .andThen(v -> LOG.info("content registered in {} ms", (System.nanoTime() - t0) / 1_000_000))
              .compose(counts -> contract)
              .compose(routes -> deployServices(front, routes, kernel))
              .andThen(v -> LOG.info("services deployed in {} ms", (System.nanoTime() - t0) / 1_000_000))
              .compose(v -> watchCredentials())
              .compose(v -> services.needsHttp() ? listen(front, loops) : Future.succeededFuture(-1))
              .compose(boundPort -> {
                port = boundPort;
                return services.has("actions.scheduler") ? new Recovery(kernel).run() : Future.succeededFuture();
              });
        })
        .map(v -> port)
        .recover(e -> close().transform(ignored -> Future.failedFuture(e)));
  }

  private Kernel kernel(Bus bus, List<Path> packPaths) {
    ActionRegistry actions = new ActionRegistry().listen(bus);
    interest = new RuleInterest().listen(bus);
    TriggerRegistry triggerRegistry = new TriggerRegistry().listen(bus);
    ContentRegistrar content = new ContentRegistrar(vertx, store, bus, actions, packPaths);
    TriggerCatalog triggers = new TriggerCatalog(store, bus, triggerRegistry);
    RuleCatalog rules = new RuleCatalog(store, bus, triggers, actions, RuleMatcher::compile, interest);
    PackRegistration packs = new PackRegistration(content, triggers, rules, config.systemUser().user());
    Backlog executionBacklog = new Backlog(config.actionrunner().maxBacklog());
    TriggerDispatcher dispatcher = new TriggerDispatcher(store, bus, new Backlog(config.rulesengine().maxBacklog()),
        interest);
    ExecutionTransitions transitions = new ExecutionTransitions(store, bus, executionBacklog);
    KeyValueService keys = new KeyValueService(store, bus, new KeyValueCache(), crypto, keyPath().toString(), dispatcher)
        .listen();
    ExecutionRequests executions = new ExecutionRequests(store, bus, actions, transitions, config, keys::jinjaContext);
    return new Kernel(config, store, bus, actions, content, packs, triggers, rules, dispatcher, transitions, executions,
        keys, credentials);
  }

  /** Every node that checks credentials follows revocations, key changes and the users file. */
  private Future<Void> watchCredentials() {
    if (!config.auth().enable() || !services.needsHttp()) {
      return Future.succeededFuture();
    }
    watch = new CredentialWatch(vertx, store, credentials, config.systemUser().user());
    return watch.start();
  }

  /** Where the generated first admin password is kept (0600), next to the data it protects. */
  public static final String ADMIN_PASSWORD_FILE = "admin-password";

  /** Printed once, to the console only (never to the log): the password of the user made on first start. */
  private void announceInitialAdmin(String password) {
    if (password != null) {
      System.out.println("Squall: auth is on and there were no users; created user '" + Htpasswd.INITIAL_ADMIN
          + "' with password " + password + " (also in " + dataDir.resolve(ADMIN_PASSWORD_FILE)
          + ", mode 0600). Add users with: squall user add NAME");
    }
  }

  private Path keyPath() {
    String configured = config.keyvalue().encryptionKeyPath();
    return configured.isEmpty() ? dataDir.resolve("keys").resolve("datastore_key.json") : Path.of(configured);
  }

  private static List<JsonObject> builtInTriggerTypes() {
    List<JsonObject> types = new ArrayList<>(TriggerTypes.builtIn());
    types.addAll(TimerTriggerTypes.all());
    return types;
  }

  /** The configured store (not yet opened): MongoDB for a mongodb:// url, else the SQLite file. */
  public static DocumentStore openStore(Vertx vertx, SquallConfig config, Path dataDir) {
    if (config.database().isMongo()) {
      return new MongoStore(vertx, config.database().url());
    }
    String url = config.database().url();
    return new SqliteStore(vertx, url.startsWith("sqlite:") ? Path.of(url.substring("sqlite:".length()))
        : dataDir.resolve("squall.db"));
  }

  /** The users file: {@code auth.htpasswd_file}, else {@code htpasswd} in the data dir. */
  public static Path htpasswdFile(SquallConfig config, Path dataDir) {
    String configured = config.auth().htpasswdFile();
    return configured.isEmpty() ? dataDir.resolve("htpasswd") : Path.of(configured);
  }

  private List<Path> packPaths() {
    List<Path> paths = new ArrayList<>();
    paths.add(PackLoader.extractBundled(dataDir.resolve("packs")));
    paths.addAll(config.content().packsBasePaths());
    return paths;
  }

  private Future<Void> deployServices(HttpFront front, ContractRoutes contract, Kernel kernel) {
    List<Future<?>> deployed = new ArrayList<>();
    if (services.has("api")) {
      deployed.add(vertx.deployVerticle(new ApiVerticle(front.router(), contract, kernel)));
    }
    if (services.has("auth")) {
      deployed.add(vertx.deployVerticle(new AuthVerticle(front.router(), contract, credentials, config.auth())));
    }
    if (services.has("stream")) {
      deployed.add(vertx.deployVerticle(new StreamVerticle(front.router(), contract, kernel.bus(), store,
          config.stream())));
    }
    if (services.has("rules")) {
      deployed.add(vertx.deployVerticle(new RulesVerticle(kernel)));
    }
    if (services.has("notifier")) {
      deployed.add(vertx.deployVerticle(new NotifierVerticle(kernel)));
    }
    if (services.has("timers")) {
      deployed.add(vertx.deployVerticle(new TimersVerticle(kernel)));
    }
    if (services.has("gc")) {
      deployed.add(vertx.deployVerticle(new GarbageCollectorVerticle(kernel)));
    }
    if (services.has("actions.scheduler")) {
      deployed.add(vertx.deployVerticle(new SchedulerVerticle(kernel.bus(), kernel.transitions())));
    }
    if (services.has("actions.runner")) {
      int slots = config.actionrunner().actionsPoolSize();
      actionPool = Executors.newFixedThreadPool(slots * ShellProcesses.THREADS_PER_EXECUTION, named("squall-action-"));
      java.util.function.Supplier<String> apiUrl = () -> config.auth().apiUrl().isEmpty()
          ? "http://" + config.api().host() + ":" + (port > 0 ? port : config.api().port()) + "/api/v1"
          : config.auth().apiUrl().replaceAll("/+$", "") + "/v1";
      var settings = new Dispatcher.Settings(slots, config.actionrunner().streamOutput(), apiUrl,
          config.auth().enable() ? credentials.tokens() : null);
      deployed.add(vertx.deployVerticle(new RunnerVerticle(store, kernel.bus(), kernel.transitions(), kernel.actions(),
          RunnerTypes.create(vertx, actionPool), settings, kernel::kvContext)));
    }
    return Future.all(deployed).mapEmpty();
  }

  private Future<Integer> listen(HttpFront front, int instances) {
    List<HttpVerticle> servers = new ArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(front.router(), config.api());
          servers.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP))
        .map(id -> servers.get(0).actualPort())
        .recover(e -> Future.failedFuture(isAddressInUse(e)
            ? new IllegalStateException("Port " + config.api().port() + " on " + config.api().host()
                + " is already in use")
            : e));
  }

  private static boolean isAddressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  public Future<Void> close() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    vertx = null;
    if (watch != null) {
      watch.stop();
    }
    Future<Void> flushed = store == null ? Future.succeededFuture() : store.close();
    return flushed.transform(ignored -> v.close())
        .andThen(ignored -> {
          if (actionPool != null) {
            actionPool.shutdownNow();
          }
        });
  }

  public int port() {
    return port;
  }

  private <T> Future<T> fail(Throwable e) {
    return close().transform(ignored -> Future.failedFuture(e));
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
