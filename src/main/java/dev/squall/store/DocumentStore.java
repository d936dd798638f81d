package dev.squall.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * The kernel's document store: collections of JSON documents keyed by their {@code id} field. Every
 * collection is declared up front by a {@link CollectionSpec} naming the fields it is filtered and sorted
 * by; queries may only use declared fields. Futures complete on the caller's Vert.x context.
 *
 * <p>Driver failures are mapped once, by the backend: a duplicate id or unique field becomes
 * {@link dev.squall.error.Conflict}; a fault of the storage itself (disk full, I/O error) becomes
 * {@link dev.squall.error.Unavailable}; anything else is a plain failure (a server fault).
 */
public interface DocumentStore {

  /** Creates tables/collections and indexes for the given specs (idempotent). */
  Future<Void> open(Collection<CollectionSpec> specs);

  /** Inserts one document; it must carry a string {@code id}. Completes once durable. */
  Future<Void> insert(String collection, JsonObject doc);

  /** Inserts many documents in as few transactions as possible. Completes once all are durable. */
  Future<Void> insertMany(String collection, List<JsonObject> docs);

  /** Inserts or fully replaces the document with the same id. */
  Future<Void> upsert(String collection, JsonObject doc);

  /**
   * Compare-and-set: replaces the stored document with {@code doc} (same id) only if the stored value of
   * {@code field} is one of {@code expected}. Completes with true when replaced, false when the document
   * is missing or the field held another value. The document may change freely, but among the declared
   * (indexed) fields only {@code field} may change: backends re-index that one alone. Use {@link #upsert}
   * to change other declared fields.
   */
  Future<Boolean> replaceIf(String collection, JsonObject doc, String field, Collection<?> expected);

  /**
   * Compare-and-set with a partial update: sets the top-level keys of {@code patch} on the stored document
   * (a null value removes the key) only if the stored value of {@code field} is one of {@code expected}.
   * Cheaper than {@link #replaceIf} for large documents: only the changed keys travel. As with replaceIf,
   * among declared fields only {@code field} may change.
   */
  Future<Boolean> patchIf(String collection, String id, JsonObject patch, String field, Collection<?> expected);

  /** The document with that id, or null. */
  Future<JsonObject> get(String collection, String id);

  /** Documents matching the query, in its order, within its offset/limit. */
  Future<List<JsonObject>> find(String collection, Query query);

  /** Number of documents matching the query's filters (offset, limit and sort ignored). */
  Future<Long> count(String collection, Query query);

  /** Deletes by id; true when something was deleted. */
  Future<Boolean> delete(String collection, String id);

  /** Deletes every document matching the query's filters; completes with the number deleted. */
  Future<Long> deleteMany(String collection, Query query);

  /**
   * False while the store cannot write (disk full, I/O errors, file locked or read-only): writes fail with
   * {@link dev.squall.error.Unavailable} meanwhile, and the store finds out by itself when it can write again.
   */
  default boolean writable() {
    return true;
  }

  /** The writer's figures for metrics; null for a store without a writer of its own (MongoDB). */
  default WriterStats writerStats() {
    return null;
  }

  /** Flushes pending writes and releases connections. */
  Future<Void> close();
}
