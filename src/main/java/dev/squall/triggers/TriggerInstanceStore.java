package dev.squall.triggers;

import static dev.squall.store.CollectionSpec.Field.text;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code trigger_instances} collection: every event that happened, with how far the rules engine got. */
public final class TriggerInstanceStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("trigger_instances",
          text("trigger"), text("status"), text("occurrence_time"), text("trace_tag"))
      .withIndex("status", "occurrence_time")
      .withIndex("trigger", "occurrence_time");
  private static final String NOT_FOUND = "TriggerInstance with id \"%s\" not found";
  /** The statuses of an instance the rules engine has not finished. */
  private static final List<String> UNPROCESSED = List.of("pending", "processing");

  public TriggerInstanceStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** Stores several instances in one write (one transaction on SQLite). */
  public Future<Void> insertMany(List<JsonObject> instances) {
    return store.insertMany(name, instances);
  }

  /** The stored instance, or 404. */
  public Future<JsonObject> getOrFail(String id) {
    return getOrFail(id, NOT_FOUND);
  }

  /** Sets the final status of an instance the rules engine had not finished; false when it had moved on. */
  public Future<Boolean> finish(String id, String status) {
    return store.patchIf(name, id, new JsonObject().put("status", status), "status", UNPROCESSED);
  }

  /** Instances the rules engine had not finished, oldest first: what a restart dispatches again. */
  public Future<List<JsonObject>> unprocessed() {
    return store.find(name, Query.where().in("status", UNPROCESSED).sortAsc("occurrence_time"));
  }

  /** Up to {@code limit} instances that occurred before {@code cutoff}, oldest first. */
  public Future<List<JsonObject>> occurredBefore(String cutoff, int limit) {
    return store.find(name, Query.where().between("occurrence_time", null, cutoff).sortAsc("occurrence_time")
        .limit(limit));
  }
}
