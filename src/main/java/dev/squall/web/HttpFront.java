package dev.squall.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The one router behind the one HTTP port. Services mount their routes on it while they start; the HTTP
 * verticle then serves it. Shared behaviour lives here: one trailing slash ignored, bodies bounded by
 * {@code api.max_body_size}, unknown path or wrong method → 404, every failure rendered by {@link Faults}.
 */
public final class HttpFront {
  private final Router router;

  public HttpFront(Vertx vertx, int maxBodySize) {
    this.router = Router.router(vertx);
    router.route().order(-100).handler(HttpFront::stripTrailingSlash);
    router.route().order(-99).handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    router.route().order(-98).handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    router.route().failureHandler(Faults::handle);
    router.errorHandler(404, Faults::handle);
    router.errorHandler(405, Faults::handle);
    router.errorHandler(413, Faults::handle);
    router.errorHandler(400, Faults::handle);
    router.errorHandler(500, Faults::handle);
  }

  public Router router() {
    return router;
  }

  private static void stripTrailingSlash(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.length() > 1 && path.endsWith("/")) {
      String query = ctx.request().query();
      String stripped = path.substring(0, path.length() - 1);
      ctx.reroute(query == null ? stripped : stripped + "?" + query);
    } else {
      ctx.next();
    }
  }
}
