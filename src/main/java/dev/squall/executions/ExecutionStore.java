package dev.squall.executions;

import static dev.squall.store.CollectionSpec.Field.text;

import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentCollection;
import dev.squall.store.DocumentStore;
import dev.squall.store.Listing;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The {@code executions} collection: one document per execution, its LiveAction folded in. */
public final class ExecutionStore extends DocumentCollection {
  public static final CollectionSpec SPEC = CollectionSpec.of("executions",
          text("status"), text("action.ref"), text("parent"), text("start_timestamp"),
          text("context.user"), text("runner.name"), text("liveaction.id"))
      .withIndex("parent", "start_timestamp")
      .withIndex("action.ref", "start_timestamp")
      .withIndex("status", "start_timestamp");
  private static final String NOT_FOUND = "Resource with a primary key or name of \"%s\" not found";
  private static final List<String> UNFINISHED;

  static {
    List<String> unfinished = new ArrayList<>(ExecutionStatus.WAITING);
    unfinished.addAll(ExecutionStatus.IN_FLIGHT);
    UNFINISHED = List.copyOf(unfinished);
  }

  public ExecutionStore(DocumentStore store) {
    super(store, SPEC);
  }

  /** The stored execution, or 404; {@code last} is the newest. */
  public Future<JsonObject> getOrFail(String id) {
    if ("last".equals(id)) {
      return store.find(name, Query.all().sortDesc("start_timestamp").limit(1))
          .compose(list -> found(first(list), id, NOT_FOUND));
    }
    return getOrFail(id, NOT_FOUND);
  }

  /**
   * Compare-and-set on the status: stores {@code next} only if the stored status is still {@code from}.
   * Completes with false when it was not (or the execution is gone).
   */
  public Future<Boolean> replaceIf(JsonObject next, String from) {
    return store.replaceIf(name, next, "status", List.of(from));
  }

  /** The direct children of an execution, oldest first. */
  public Future<List<JsonObject>> children(String parent) {
    return store.find(name, Query.where().eq("parent", parent).sortAsc("start_timestamp"));
  }

  /** Executions waiting or in flight (not completed), oldest first: what a restart must settle. */
  public Future<List<JsonObject>> unfinished() {
    return store.find(name, Query.where().in("status", UNFINISHED).sortAsc("start_timestamp"));
  }

  /**
   * A page of the history. Without filters, or with "top level only", the total is taken from {@code counts} (when
   * it keeps them) instead of counting the index.
   */
  public Future<Listing> page(Query query, ExecutionCounts counts) {
    if (!counts.kept()) {
      return page(query);
    }
    if (query.filters().isEmpty()) {
      return known(query, counts.total());
    }
    if (query.filters().size() == 1 && query.filters().get(0) instanceof Query.IsNull f && "parent".equals(f.field())) {
      return known(query, counts.topLevel());
    }
    return page(query);
  }

  private Future<Listing> known(Query query, long total) {
    return store.find(name, query).map(docs -> new Listing(docs, total));
  }

  /** How many executions are stored. */
  public Future<Long> count() {
    return store.count(name, Query.all());
  }

  /** How many stored executions have no parent. */
  public Future<Long> countTopLevel() {
    return store.count(name, Query.where().isNull("parent"));
  }

  /**
   * Up to {@code limit} completed executions started before {@code cutoff}, oldest first, holding only
   * {@code id} and {@code parent} (what a purge needs).
   */
  public Future<List<JsonObject>> completedBefore(String cutoff, int limit) {
    return store.find(name, Query.where().in("status", ExecutionStatus.COMPLETED)
        .between("start_timestamp", null, cutoff).sortAsc("start_timestamp").limit(limit).include("parent"));
  }
}
