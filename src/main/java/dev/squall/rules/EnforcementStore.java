package dev.squall.rules;

import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code rule_enforcements} collection: one document per rule that matched (or failed on) a trigger
 * instance. Those that start an execution carry a unique {@code key} (rule + instance).
 */
public final class EnforcementStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("rule_enforcements", uniqueText("key"),
          text("rule.ref"), text("rule.id"), text("trigger_instance_id"), text("execution_id"), text("enforced_at"))
      .withIndex("rule.ref", "enforced_at");
  private static final String NOT_FOUND = "RuleEnforcement with id \"%s\" not found";

  public EnforcementStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The stored enforcement, or 404. */
  public Future<JsonObject> getOrFail(String id) {
    return getOrFail(id, NOT_FOUND);
  }

  /** The enforcement with that key (rule id + instance id), or null. */
  public Future<JsonObject> byKey(String key) {
    return store.find(name, Query.where().eq("key", key)).map(DocumentCollection::first);
  }

  /** The enforcements of one trigger instance. */
  public Future<List<JsonObject>> ofTriggerInstance(String instanceId) {
    return store.find(name, Query.where().eq("trigger_instance_id", instanceId));
  }

  /** The newest enforcements first, within a page. */
  public Future<List<JsonObject>> latest(int offset, int limit) {
    return store.find(name, Query.where().sortDesc("enforced_at").offset(offset).limit(limit));
  }

  /** Up to {@code limit} enforcements made before {@code cutoff}, oldest first. */
  public Future<List<JsonObject>> enforcedBefore(String cutoff, int limit) {
    return store.find(name, Query.where().between("enforced_at", null, cutoff).sortAsc("enforced_at").limit(limit));
  }
}
