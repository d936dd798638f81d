package dev.squall.api;

import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * List endpoints of resources Squall does not have yet (sensors, aliases, policies, inquiries):
 * they answer with an honest empty list, so `st2 sensor list` and st2web's pages show "no items" rather
 * than an error.
 */
final class EmptyCatalogs {
  private EmptyCatalogs() {
  }

  static void list(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, -1);
    Replies.page(ctx, List.of(), 0, page.limit());
  }
}
