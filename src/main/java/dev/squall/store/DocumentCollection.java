package dev.squall.store;

import dev.squall.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One stored collection on top of the {@link DocumentStore}. A subclass lives in the capability that owns
 * the collection, declares its {@link CollectionSpec} as a constant and offers the domain's queries; this
 * base holds what every collection shares: insert, put, get, get or 404, all, a page with its total, delete.
 */
public abstract class DocumentCollection {
  protected final DocumentStore store;
  protected final String name;

  protected DocumentCollection(DocumentStore store, CollectionSpec spec) {
    this.store = store;
    this.name = spec.name();
  }

  /** The collection's name in the store. */
  public final String name() {
    return name;
  }

  /** The document with that id, or null. */
  public Future<JsonObject> get(String id) {
    return store.get(name, id);
  }

  /**
   * The document with that id, or a failed future with {@link NotFound}: {@code notFound} is the client's
   * message, a format whose one {@code %s} is the id (built only when the document is missing).
   */
  protected final Future<JsonObject> getOrFail(String id, String notFound) {
    return store.get(name, id).compose(doc -> found(doc, id, notFound));
  }

  /** {@code value}, or a failed future with {@link NotFound} whose message is {@code notFound} with {@code key}. */
  public static <T> Future<T> found(T value, String key, String notFound) {
    return value != null ? Future.succeededFuture(value)
        : Future.failedFuture(new NotFound(String.format(notFound, key)));
  }

  /** Stores a new document (409 when its id or a unique field is taken); completes once durable. */
  public Future<Void> insert(JsonObject doc) {
    return store.insert(name, doc);
  }

  /** Creates or fully replaces the document with the same id. */
  public Future<Void> put(JsonObject doc) {
    return store.upsert(name, doc);
  }

  /** Deletes by id; true when something was deleted. */
  public Future<Boolean> delete(String id) {
    return store.delete(name, id);
  }

  /** Every document (for registries loaded at start). */
  public Future<List<JsonObject>> all() {
    return store.find(name, Query.all());
  }

  /**
   * The documents a query selects, in its order, within its offset and limit and with its projection, and
   * how many its filters select in all ({@code X-Total-Count}).
   */
  public Future<Listing> page(Query query) {
    Future<List<JsonObject>> docs = store.find(name, query);
    Future<Long> total = store.count(name, query);
    return Future.all(docs, total).map(v -> new Listing(docs.result(), total.result()));
  }

  /** Deletes the documents with these ids; completes with how many were deleted. */
  public Future<Long> deleteAll(List<String> ids) {
    return store.deleteMany(name, Query.where().in("id", ids));
  }

  /** The first document, or null. */
  protected static JsonObject first(List<JsonObject> docs) {
    return docs.isEmpty() ? null : docs.get(0);
  }
}
