package dev.squall.triggers;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code triggertypes} collection; read once at start into the {@link TriggerRegistry}. */
public final class TriggerTypeStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("triggertypes", uniqueText("ref"), text("pack"),
      text("name"));

  public TriggerTypeStore(DocumentStore store) {
    super(store, SPEC);
  }
}
