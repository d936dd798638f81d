package dev.squall.api;

import dev.squall.store.DocumentCollection;
import dev.squall.store.Query;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
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
   * @param filters adds the request's filters to a query
   * @param sort adds the sort keys
   * @param view turns a stored document into the answer's shape
   * @param attributes the attributes asked for: the store projects the documents
   * @param viewReads attributes {@code view} reads besides the asked ones (fetched too, then cut)
   */
  static void page(RoutingContext ctx, DocumentCollection collection, int defaultLimit, Consumer<Query> filters,
      Consumer<Query> sort, UnaryOperator<JsonObject> view, AttributeSelection attributes, List<String> viewReads) {
    QueryParams.Page page = QueryParams.page(ctx, defaultLimit);
    Query query = Query.where();
    filters.accept(query);
    sort.accept(query);
    query.offset(page.offset()).limit(page.limit());
    boolean cut = attributes.select(query, viewReads);
    collection.page(query)
        .onSuccess(listing -> {
          List<JsonObject> out = new ArrayList<>(listing.docs().size());
          for (JsonObject doc : listing.docs()) {
            out.add(cut ? attributes.apply(view.apply(doc)) : view.apply(doc));
          }
          Replies.page(ctx, out, listing.total(), page.limit());
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
