package dev.squall.api;

import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import dev.squall.web.Projection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A store-backed list answer: filters, sort, page, projection, {@code X-Total-Count}. */
final class StoreLists {
  private StoreLists() {
  }

  /**
   * @param filters adds the request's filters to a query (called twice: page and count)
   * @param sort adds the sort keys
   */
  static void page(RoutingContext ctx, DocumentStore store, String collection, int defaultLimit,
      Consumer<Query> filters, Consumer<Query> sort, UnaryOperator<JsonObject> view, Projection projection) {
    QueryParams.Page page = QueryParams.page(ctx, defaultLimit);
    Query count = Query.where();
    filters.accept(count);
    Query query = Query.where();
    filters.accept(query);
    sort.accept(query);
    query.offset(page.offset()).limit(page.limit());
    Future.all(store.find(collection, query), store.count(collection, count))
        .onSuccess(all -> {
          List<JsonObject> docs = all.resultAt(0);
          List<JsonObject> out = new ArrayList<>(docs.size());
          docs.forEach(d -> out.add(projection.apply(view.apply(d))));
          Replies.page(ctx, out, all.<Long>resultAt(1), page.limit());
        })
        .onFailure(ctx::fail);
  }

  static void eq(RoutingContext ctx, Query q, String param, String field) {
    String v = QueryParams.string(ctx, param);
    if (v != null) {
      q.eq(field, v);
    }
  }
}
