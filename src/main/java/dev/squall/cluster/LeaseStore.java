package dev.squall.cluster;

import static dev.squall.store.CollectionSpec.Field.text;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code leases} collection: which node runs each singleton service of a cluster, and until when. */
public final class LeaseStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("leases", text("token"));

  public LeaseStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** Replaces the lease only if its token is still {@code token}: false when another node changed it first. */
  Future<Boolean> replaceIfToken(JsonObject lease, String token) {
    return store.replaceIf(name, lease, "token", List.of(token));
  }
}
