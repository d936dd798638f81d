package dev.squall.packs;

import static dev.squall.store.CollectionSpec.Field.bool;
import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code actions} collection; read once at start into the {@link dev.squall.actions.ActionRegistry}. */
public final class ActionStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("actions", uniqueText("ref"), text("pack"), text("name"),
      bool("enabled"));

  public ActionStore(DocumentStore store) {
    super(store, SPEC);
  }
}
