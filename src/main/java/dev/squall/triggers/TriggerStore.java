package dev.squall.triggers;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code triggers} collection; read once at start into the {@link TriggerRegistry}. */
public final class TriggerStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("triggers", uniqueText("ref"), text("type"),
      text("pack"));

  public TriggerStore(DocumentStore store) {
    super(store, SPEC);
  }
}
