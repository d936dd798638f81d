package dev.squall.executions;

import static dev.squall.store.CollectionSpec.Field.text;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code execution_output} collection: the chunks of output an execution's action wrote, one document each. */
public final class OutputStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("execution_output",
          text("execution_id"), text("timestamp"), text("output_type"))
      .withIndex("execution_id", "timestamp");

  public OutputStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** An execution's chunks in the order they were written; {@code type} null for every output type. */
  public Future<List<JsonObject>> of(String executionId, String type) {
    Query query = Query.where().eq("execution_id", executionId).sortAsc("timestamp").sortAsc("id");
    if (type != null) {
      query.eq("output_type", type);
    }
    return store.find(name, query);
  }

  /** Up to {@code limit} chunks written before {@code cutoff}, oldest first. */
  public Future<List<JsonObject>> writtenBefore(String cutoff, int limit) {
    return store.find(name, Query.where().between("timestamp", null, cutoff).sortAsc("timestamp").limit(limit));
  }

  /** Deletes the output of these executions; completes with how many chunks went. */
  public Future<Long> deleteOf(List<String> executionIds) {
    return store.deleteMany(name, Query.where().in("execution_id", executionIds));
  }
}
