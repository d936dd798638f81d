package dev.squall.store.mongo;

import dev.squall.store.CollectionSpec;
import dev.squall.store.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@link Query} filters, sorts and projections as MongoDB documents; {@code id} becomes {@code _id}. */
final class MongoFilters {
  private MongoFilters() {
  }

  static String path(String field) {
    return CollectionSpec.ID.path().equals(field) ? "_id" : field;
  }

  static JsonObject filter(Query query) {
    List<JsonObject> clauses = new ArrayList<>();
    for (Query.Filter filter : query.filters()) {
      String path = path(filter.field());
      if (filter instanceof Query.Eq eq) {
        clauses.add(new JsonObject().put(path, eq.value()));
      } else if (filter instanceof Query.In in) {
        clauses.add(new JsonObject().put(path, new JsonObject().put("$in", new JsonArray(new ArrayList<>(in.values())))));
      } else if (filter instanceof Query.Range range) {
        JsonObject bounds = new JsonObject();
        if (range.from() != null) {
          bounds.put(range.inclusive() ? "$gte" : "$gt", range.from());
        }
        if (range.to() != null) {
          bounds.put(range.inclusive() ? "$lte" : "$lt", range.to());
        }
        if (!bounds.isEmpty()) {
          clauses.add(new JsonObject().put(path, bounds));
        }
      } else if (filter instanceof Query.IsNull) {
        clauses.add(new JsonObject().putNull(path));
      } else {
        clauses.add(new JsonObject().put(path, new JsonObject().putNull("$ne")));
      }
    }
    // $and keeps two conditions on one field apart (a JSON object would merge them)
    return switch (clauses.size()) {
      case 0 -> new JsonObject();
      case 1 -> clauses.get(0);
      default -> new JsonObject().put("$and", new JsonArray(new ArrayList<>(clauses)));
    };
  }

  static JsonObject sort(Query query) {
    JsonObject sort = new JsonObject();
    query.sorts().forEach(s -> sort.put(path(s.field()), s.ascending() ? 1 : -1));
    return sort;
  }

  /** The projection, or null for whole documents. */
  static JsonObject fields(Query query) {
    JsonObject fields = new JsonObject();
    if (!query.included().isEmpty()) {
      query.included().forEach(p -> fields.put(path(p), 1));
    } else {
      query.excluded().stream().filter(p -> !"id".equals(p)).forEach(p -> fields.put(p, 0));
    }
    return fields.isEmpty() ? null : fields;
  }
}
