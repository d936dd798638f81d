package dev.squall.boot;

import dev.squall.actions.ActionRegistry;
import dev.squall.bus.Backlog;
import dev.squall.bus.Bus;
import dev.squall.config.SquallConfig;
import dev.squall.executions.ExecutionRequests;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.keyvalue.KeyValueCache;
import dev.squall.keyvalue.KeyValueService;
import dev.squall.packs.ContentRegistrar;
import dev.squall.packs.PackRegistration;
import dev.squall.rules.EnabledRules;
import dev.squall.rules.RuleCatalog;
import dev.squall.rules.RuleMatcher;
import dev.squall.security.ApiKeys;
import dev.squall.security.Credentials;
import dev.squall.security.Htpasswd;
import dev.squall.security.LoginThrottle;
import dev.squall.security.Tokens;
import dev.squall.store.DocumentStore;
import dev.squall.triggers.TriggerCatalog;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerRegistry;
import dev.squall.util.SymmetricCrypto;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The parts one node shares between its services: the stored collections and the bus, the in-memory
 * registries and indexes kept current by bus events, and the domain operations on top of them. Built once by
 * {@link Server}; only boot sees it, each service is handed the parts it uses.
 */
record Node(
    Vertx vertx,
    SquallConfig config,
    DataDir dataDir,
    Stores stores,
    Bus bus,
    Credentials credentials,
    ActionRegistry actions,
    TriggerRegistry triggerRegistry,
    EnabledRules enabledRules,
    ContentRegistrar content,
    TriggerCatalog triggers,
    RuleCatalog rules,
    PackRegistration packs,
    TriggerDispatcher intake,
    ExecutionTransitions transitions,
    ExecutionRequests executions,
    KeyValueService keys,
    dev.squall.packs.PackConfigs packConfigs,
    io.micrometer.core.instrument.MeterRegistry meters) {

  /** Builds the parts; registries and indexes follow bus events from now on, nothing is loaded yet. */
  static Node assemble(Vertx vertx, SquallConfig config, DataDir dataDir, DocumentStore store, SymmetricCrypto crypto,
      List<Path> packPaths, io.micrometer.core.instrument.MeterRegistry meters, Bus bus) {
    Stores stores = Stores.on(store);
    Credentials credentials = new Credentials(new Htpasswd(dataDir.htpasswd(config)),
        new Tokens(stores.tokens(), stores.revocations(), bus, Clock.systemUTC()).listen(),
        new ApiKeys(stores.apiKeys(), bus),
        new LoginThrottle(config.auth().loginFailures(), config.auth().loginWindow(), Clock.systemUTC()));
    ActionRegistry actions = new ActionRegistry().listen(bus);
    EnabledRules enabledRules = new EnabledRules().listen(bus);
    TriggerRegistry triggerRegistry = new TriggerRegistry().listen(bus);
    dev.squall.packs.PackConfigs packConfigs = new dev.squall.packs.PackConfigs(dataDir.configs(config), actions::pack);
    ContentRegistrar content = new ContentRegistrar(vertx, stores.runnerTypes(), stores.packs(), stores.actions(), bus,
        actions, packPaths, packConfigs);
    TriggerCatalog triggers = new TriggerCatalog(stores.triggerTypes(), stores.triggers(), bus, triggerRegistry);
    RuleCatalog rules = new RuleCatalog(stores.rules(), bus, triggers, actions, RuleMatcher::compile, enabledRules);
    PackRegistration packs = new PackRegistration(content, triggers, rules, config.systemUser().user());
    TriggerDispatcher intake = new TriggerDispatcher(stores.triggerInstances(), bus,
        new Backlog(backlogBound(config, config.rulesengine().maxBacklog())), enabledRules::isWatched);
    ExecutionTransitions transitions = new ExecutionTransitions(stores.executions(), bus,
        new Backlog(backlogBound(config, config.actionrunner().maxBacklog())));
    KeyValueService keys = new KeyValueService(stores.keys(), bus, new KeyValueCache(), crypto,
        dataDir.datastoreKey(config).toString(), intake).listen();
    ExecutionRequests executions = new ExecutionRequests(stores.executions(), bus, actions, transitions, config,
        keys::jinjaContext, packConfigs::context);
    return new Node(vertx, config, dataDir, stores, bus, credentials, actions, triggerRegistry, enabledRules, content,
        triggers, rules, packs, intake, transitions, executions, keys, packConfigs, meters);
  }

  /**
   * A node's bound on accepted, unfinished work. In a cluster the work is taken on by other nodes, which cannot
   * release this node's count: RabbitMQ's durable queues hold the backlog there.
   */
  private static long backlogBound(SquallConfig config, long standalone) {
    return config.cluster().enable() ? Long.MAX_VALUE : standalone;
  }

  /** The {@code st2kv} Jinja context for a user. */
  Map<String, Object> kvContext(String user) {
    return keys.jinjaContext(user);
  }

  String systemUser() {
    return config.systemUser().user();
  }

}
