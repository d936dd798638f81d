package dev.squall.packs;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code packs} collection; read once at start into the {@link dev.squall.actions.ActionRegistry}. */
public final class PackStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("packs", uniqueText("ref"), text("name"));

  public PackStore(DocumentStore store) {
    super(store, SPEC);
  }
}
