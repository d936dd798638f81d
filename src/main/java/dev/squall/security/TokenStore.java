package dev.squall.security;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code tokens} collection: issued auth tokens, by the sha256 of the token (never the token itself). */
public final class TokenStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("tokens", uniqueText("token_hash"), text("user"),
      text("expiry"));

  public TokenStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The token with that hash, or null. */
  public Future<JsonObject> byHash(String hash) {
    return store.find(name, Query.where().eq("token_hash", hash).limit(1)).map(DocumentCollection::first);
  }

  /** Deletes the token with that hash; completes with how many were stored. */
  public Future<Long> deleteByHash(String hash) {
    return store.deleteMany(name, Query.where().eq("token_hash", hash));
  }

  /** Deletes every token of a user; completes with how many were stored. */
  public Future<Long> deleteOfUser(String user) {
    return store.deleteMany(name, Query.where().eq("user", user));
  }

  /** Deletes the tokens that expired before {@code now}. */
  public Future<Long> deleteExpired(String now) {
    return store.deleteMany(name, Query.where().between("expiry", null, now));
  }

  /** The user of every stored token (one entry per token). */
  public Future<List<String>> holders() {
    return store.find(name, Query.all().include("user"))
        .map(tokens -> tokens.stream().map(t -> t.getString("user")).toList());
  }
}
