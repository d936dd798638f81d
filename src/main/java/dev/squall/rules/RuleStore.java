package dev.squall.rules;

import static dev.squall.store.CollectionSpec.Field.bool;
import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import dev.squall.util.Refs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code rules} collection. */
public final class RuleStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("rules", uniqueText("ref"), text("pack"), text("name"),
      text("trigger.ref"), text("action.ref"), bool("enabled"));
  private static final String NOT_FOUND = "Rule with ref or id \"%s\" not found";

  public RuleStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The rule with that ref ({@code pack.name}) or id, or 404. */
  public Future<JsonObject> getOrFail(String refOrId) {
    return (Refs.isRef(refOrId) ? byRef(refOrId) : get(refOrId)).compose(rule -> found(rule, refOrId, NOT_FOUND));
  }

  /** The rule with that ref, or null. */
  public Future<JsonObject> byRef(String ref) {
    return store.find(name, Query.where().eq("ref", ref)).map(DocumentCollection::first);
  }

  /** Every enabled rule. */
  public Future<List<JsonObject>> enabled() {
    return store.find(name, Query.where().eq("enabled", true));
  }
}
