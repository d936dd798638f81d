package dev.squall.boot;

import dev.squall.cluster.LeaseStore;
import dev.squall.cluster.NodeStore;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.keyvalue.KeyStore;
import dev.squall.packs.ActionStore;
import dev.squall.packs.PackStore;
import dev.squall.packs.RunnerTypeStore;
import dev.squall.rules.EnforcementStore;
import dev.squall.rules.RuleStore;
import dev.squall.security.ApiKeyStore;
import dev.squall.security.RevocationStore;
import dev.squall.security.TokenStore;
import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentStore;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.triggers.TriggerStore;
import dev.squall.triggers.TriggerTypeStore;
import java.util.List;

/** Every collection Squall stores, one class each in the capability that owns it, built once per node. */
record Stores(
    ExecutionStore executions,
    OutputStore output,
    ActionStore actions,
    RunnerTypeStore runnerTypes,
    PackStore packs,
    TriggerTypeStore triggerTypes,
    TriggerStore triggers,
    TriggerInstanceStore triggerInstances,
    RuleStore rules,
    EnforcementStore enforcements,
    KeyStore keys,
    TokenStore tokens,
    RevocationStore revocations,
    ApiKeyStore apiKeys,
    LeaseStore leases,
    NodeStore nodes) {

  /** What the command line needs to manage users and tokens against a running server's store. */
  static final List<CollectionSpec> AUTH = List.of(TokenStore.SPEC, RevocationStore.SPEC, ApiKeyStore.SPEC);

  /** What {@link DocumentStore#open} creates: every collection with the fields it is queried by. */
  static final List<CollectionSpec> ALL = List.of(ExecutionStore.SPEC, OutputStore.SPEC, ActionStore.SPEC,
      RunnerTypeStore.SPEC, PackStore.SPEC, TriggerTypeStore.SPEC, TriggerStore.SPEC, TriggerInstanceStore.SPEC,
      RuleStore.SPEC, EnforcementStore.SPEC, KeyStore.SPEC, TokenStore.SPEC, RevocationStore.SPEC, ApiKeyStore.SPEC, LeaseStore.SPEC, NodeStore.SPEC);

  static Stores on(DocumentStore store) {
    return new Stores(new ExecutionStore(store), new OutputStore(store), new ActionStore(store),
        new RunnerTypeStore(store), new PackStore(store), new TriggerTypeStore(store), new TriggerStore(store),
        new TriggerInstanceStore(store), new RuleStore(store), new EnforcementStore(store), new KeyStore(store),
        new TokenStore(store), new RevocationStore(store), new ApiKeyStore(store), new LeaseStore(store),
        new NodeStore(store));
  }
}
