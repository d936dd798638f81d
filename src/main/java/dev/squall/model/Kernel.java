package dev.squall.model;

import dev.squall.bus.Bus;
import dev.squall.config.SquallConfig;
import dev.squall.pack.ActionRegistry;
import dev.squall.pack.ContentRegistrar;
import dev.squall.store.DocumentStore;
import java.util.Map;

/**
 * The shared kernel objects of one node, built once by {@code boot} and handed to every service: store,
 * bus, registries, catalogs and the domain operations on top of them.
 */
public record Kernel(
    SquallConfig config,
    DocumentStore store,
    Bus bus,
    ActionRegistry actions,
    ContentRegistrar content,
    PackRegistration packs,
    TriggerCatalog triggers,
    RuleCatalog rules,
    TriggerDispatcher dispatcher,
    ExecutionTransitions transitions,
    ExecutionRequests executions,
    KeyValueService keys,
    dev.squall.security.Credentials credentials) {

  /** The {@code st2kv} Jinja context for a user. */
  public Map<String, Object> kvContext(String user) {
    return keys.jinjaContext(user);
  }

  public String systemUser() {
    return config.systemUser().user();
  }
}
