package dev.squall.packs;

import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;

/** The {@code runnertypes} collection; read once at start into the {@link dev.squall.actions.ActionRegistry}. */
public final class RunnerTypeStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("runnertypes", uniqueText("name"));

  public RunnerTypeStore(DocumentStore store) {
    super(store, SPEC);
  }
}
