package dev.squall.security;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code apikeys} collection: API keys by the hash of the key; every node holds them all in memory. */
public final class ApiKeyStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("apikeys", uniqueText("key_hash"), text("user"));

  public ApiKeyStore(DocumentStore store) {
    super(store, SPEC);
  }
}
