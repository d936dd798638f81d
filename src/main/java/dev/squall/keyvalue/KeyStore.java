package dev.squall.keyvalue;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code keys} collection: the datastore's key-value pairs, read once at start into the {@link KeyValueCache}. */
public final class KeyStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("keys", uniqueText("uid"), text("scope"), text("name"),
      text("expire_timestamp"));

  public KeyStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The keys whose expiry is before {@code now}. */
  public Future<List<JsonObject>> expired(String now) {
    return store.find(name, expiredBy(now));
  }

  /** Deletes the keys whose expiry is before {@code now}; completes with how many. */
  public Future<Long> deleteExpired(String now) {
    return store.deleteMany(name, expiredBy(now));
  }

  private static Query expiredBy(String now) {
    return Query.where().between("expire_timestamp", null, now);
  }
}
