package dev.squall.security;

import static dev.squall.store.CollectionSpec.Field.text;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code token_revocations} collection: one record per revoked token or user, which every node polls
 * (the command line revokes without a bus).
 */
public final class RevocationStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("token_revocations", text("revoked_at"), text("user"));

  public RevocationStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The revocations made at or after {@code from}. */
  public Future<List<JsonObject>> since(String from) {
    return store.find(name, Query.where().within("revoked_at", from, null));
  }

  /** Deletes the revocations made before {@code cutoff}. */
  public Future<Long> deleteBefore(String cutoff) {
    return store.deleteMany(name, Query.where().between("revoked_at", null, cutoff));
  }
}
