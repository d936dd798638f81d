package dev.squall.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import dev.squall.error.Conflict;
import dev.squall.store.CollectionSpec;
import dev.squall.store.CollectionSpec.Field;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import dev.squall.util.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster {@link DocumentStore}: one MongoDB collection per spec, through the Vert.x Mongo client.
 * Document ids are stored as string {@code _id}s. Unique fields get sparse unique indexes, so documents
 * without the field do not collide. {@code insertMany} is not atomic here: documents before a duplicate
 * stay inserted.
 */
public final class MongoStore implements DocumentStore {
  /** Database used when the connection string names none. */
  public static final String DEFAULT_DATABASE = "squall";
  private static final int DUPLICATE_KEY = 11000;

  private final MongoClient client;
  private final Map<String, CollectionSpec> specs = new ConcurrentHashMap<>();

  public MongoStore(Vertx vertx, String connectionString) {
    String database = Objects.requireNonNullElse(new ConnectionString(connectionString).getDatabase(), DEFAULT_DATABASE);
    this.client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", connectionString)
        .put("db_name", database));
  }

  @Override
  public Future<Void> open(Collection<CollectionSpec> specs) {
    List<Future<Void>> indexes = new ArrayList<>();
    for (CollectionSpec spec : specs) {
      for (Field field : spec.fields()) {
        indexes.add(client.createIndexWithOptions(spec.name(), new JsonObject().put(field.path(), 1),
            new IndexOptions().unique(field.unique()).sparse(field.unique())));
      }
      for (List<String> paths : spec.compoundIndexes()) {
        JsonObject keys = new JsonObject();
        paths.forEach(p -> keys.put(MongoFilters.path(spec.queryable(p).path()), 1));
        indexes.add(client.createIndex(spec.name(), keys));
      }
    }
    return Future.all(indexes).map(v -> {
      specs.forEach(s -> this.specs.put(s.name(), s));
      return null;
    });
  }

  @Override
  public Future<Void> insert(String collection, JsonObject doc) {
    JsonObject stored;
    try {
      spec(collection);
      stored = toMongo(doc);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.insert(collection, stored).<Void>mapEmpty().recover(e -> conflictOr(e, collection, doc));
  }

  @Override
  public Future<Void> insertMany(String collection, List<JsonObject> docs) {
    List<BulkOperation> inserts = new ArrayList<>(docs.size());
    try {
      spec(collection);
      docs.forEach(d -> inserts.add(BulkOperation.createInsert(toMongo(d))));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (inserts.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.bulkWriteWithOptions(collection, inserts, new BulkWriteOptions().setOrdered(true))
        .<Void>mapEmpty()
        .recover(e -> conflictOr(e, collection, docs.get(failedIndex(e))));
  }

  @Override
  public Future<Void> upsert(String collection, JsonObject doc) {
    JsonObject stored;
    try {
      spec(collection);
      stored = toMongo(doc);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.replaceDocumentsWithOptions(collection, new JsonObject().put("_id", stored.getValue("_id")),
            stored, new UpdateOptions().setUpsert(true))
        .<Void>mapEmpty()
        .recover(e -> conflictOr(e, collection, doc));
  }

  @Override
  public Future<Boolean> replaceIf(String collection, JsonObject doc, String field, Collection<?> expected) {
    JsonObject stored;
    JsonObject filter;
    try {
      spec(collection).queryable(field);
      stored = toMongo(doc);
      filter = new JsonObject().put("_id", stored.getValue("_id"))
          .put(MongoFilters.path(field), new JsonObject().put("$in", new JsonArray(new ArrayList<>(expected))));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.replaceDocumentsWithOptions(collection, filter, stored, new UpdateOptions())
        .map(result -> result.getDocMatched() > 0)
        .recover(e -> conflictOr(e, collection, doc));
  }

  @Override
  public Future<Boolean> patchIf(String collection, String id, JsonObject patch, String field,
      Collection<?> expected) {
    JsonObject filter;
    JsonObject update = new JsonObject();
    try {
      spec(collection).queryable(field);
      filter = new JsonObject().put("_id", id)
          .put(MongoFilters.path(field), new JsonObject().put("$in", new JsonArray(new ArrayList<>(expected))));
      JsonObject set = new JsonObject();
      JsonObject unset = new JsonObject();
      patch.forEach(e -> {
        if (e.getValue() == null) {
          unset.put(e.getKey(), "");
        } else {
          set.put(e.getKey(), e.getValue());
        }
      });
      if (!set.isEmpty()) {
        update.put("$set", set);
      }
      if (!unset.isEmpty()) {
        update.put("$unset", unset);
      }
      if (update.isEmpty()) {
        update.put("$set", new JsonObject().put("_id", id));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.updateCollectionWithOptions(collection, filter, update, new UpdateOptions())
        .map(result -> result.getDocMatched() > 0);
  }

  @Override
  public Future<JsonObject> get(String collection, String id) {
    try {
      spec(collection);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.findOne(collection, new JsonObject().put("_id", id), null).map(MongoStore::fromMongo);
  }

  @Override
  public Future<List<JsonObject>> find(String collection, Query query) {
    FindOptions options;
    try {
      spec(collection).check(query);
      options = new FindOptions().setSort(MongoFilters.sort(query)).setSkip(Math.max(0, query.offset()))
          .setLimit(query.limit() >= 0 ? query.limit() : FindOptions.DEFAULT_LIMIT)
          .setFields(MongoFilters.fields(query));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (query.limit() == 0) {
      return Future.succeededFuture(List.of());
    }
    return client.findWithOptions(collection, MongoFilters.filter(query), options)
        .map(docs -> docs.stream().map(MongoStore::fromMongo).toList());
  }

  @Override
  public Future<Long> count(String collection, Query query) {
    try {
      spec(collection).check(query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.count(collection, MongoFilters.filter(query));
  }

  @Override
  public Future<Boolean> delete(String collection, String id) {
    try {
      spec(collection);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.removeDocument(collection, new JsonObject().put("_id", id))
        .map(result -> result.getRemovedCount() > 0);
  }

  @Override
  public Future<Long> deleteMany(String collection, Query query) {
    try {
      spec(collection).check(query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return client.removeDocuments(collection, MongoFilters.filter(query))
        .map(result -> result.getRemovedCount());
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private CollectionSpec spec(String collection) {
    CollectionSpec spec = specs.get(collection);
    if (spec == null) {
      throw new IllegalArgumentException("collection '" + collection + "' is not open");
    }
    return spec;
  }

  private static JsonObject toMongo(JsonObject doc) {
    if (!(doc.getValue("id") instanceof String id)) {
      throw new IllegalArgumentException("document without a string id");
    }
    JsonObject stored = new JsonObject().put("_id", id);
    doc.forEach(e -> {
      if (!"id".equals(e.getKey())) {
        stored.put(e.getKey(), e.getValue());
      }
    });
    return stored;
  }

  private static JsonObject fromMongo(JsonObject stored) {
    if (stored == null) {
      return null;
    }
    JsonObject doc = new JsonObject().put("id", stored.getValue("_id"));
    stored.forEach(e -> {
      if (!"_id".equals(e.getKey())) {
        doc.put(e.getKey(), e.getValue());
      }
    });
    return doc;
  }

  private static int failedIndex(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
        return bulk.getWriteErrors().get(0).getIndex();
      }
    }
    return 0;
  }

  private static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoBulkWriteException bulk
          && bulk.getWriteErrors().stream().anyMatch(w -> w.getCode() == DUPLICATE_KEY)) {
        return true;
      }
      if (t instanceof MongoException mongo && mongo.getCode() == DUPLICATE_KEY
          || String.valueOf(t.getMessage()).contains("E11000")) {
        return true;
      }
    }
    return false;
  }

  /** A duplicate key becomes a Conflict naming the document already holding the id or unique value. */
  private <T> Future<T> conflictOr(Throwable e, String collection, JsonObject doc) {
    if (!isDuplicateKey(e)) {
      return Future.failedFuture(e);
    }
    String id = doc.getString("id");
    JsonArray taken = new JsonArray();
    for (Field field : specs.get(collection).fields()) {
      Object value = Json.at(doc, field.path());
      if (field.unique() && value != null) {
        taken.add(new JsonObject().put(field.path(), value));
      }
    }
    if (taken.isEmpty()) {
      return Future.failedFuture(new Conflict("id '" + id + "' already exists in " + collection, id));
    }
    JsonObject holderFilter = new JsonObject().put("$or", taken).put("_id", new JsonObject().put("$ne", id));
    return client.findOne(collection, holderFilter, new JsonObject().put("_id", 1))
        .recover(lookupFailed -> Future.succeededFuture())
        .compose(holder -> {
          String holderId = holder == null ? id : holder.getString("_id");
          String message = holder == null ? "id '" + id + "' already exists in " + collection
              : "a unique value of '" + id + "' is already used by '" + holderId + "' in " + collection;
          return Future.failedFuture(new Conflict(message, holderId));
        });
  }
}
