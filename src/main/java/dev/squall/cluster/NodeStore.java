package dev.squall.cluster;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The {@code nodes} collection: every live cluster node's last heartbeat, its host, process and services. */
public final class NodeStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("nodes");

  public NodeStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** Writes a node's heartbeat document (insert or replace). */
  Future<Void> beat(JsonObject node) {
    return store.upsert(name, node);
  }
}
