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

  /** Origins StackStorm always allows besides {@code api.allow_origin}. */
  static final java.util.List<String> DEFAULT_ORIGINS = java.util.List.of("http://127.0.0.1:3000",
      "http://localhost:8080", "http://127.0.0.1:8080");

  public HttpFront(Vertx vertx, int maxBodySize) {
    this(vertx, maxBodySize, java.util.List.of());
  }

  public HttpFront(Vertx vertx, int maxBodySize, java.util.List<String> allowOrigin) {
    this.router = Router.router(vertx);
    java.util.List<String> origins = new java.util.ArrayList<>(allowOrigin);
    DEFAULT_ORIGINS.stream().filter(o -> !origins.contains(o)).forEach(origins::add);
    router.route().order(-100).handler(HttpFront::stripTrailingSlash);
    router.route().order(-99).handler(ctx -> {
      var request = ctx.request();
      var headers = ctx.response().headers();
      headers.add("X-Content-Type-Options", "nosniff");
      String requestId = request.getHeader("X-Request-ID");
      headers.add("X-Request-ID", requestId != null ? requestId : requestId());
      cors(request.getHeader("Origin"), origins, headers);
      if (request.method() == io.vertx.core.http.HttpMethod.OPTIONS) {
        ctx.response().setStatusCode(200).end();
        return;
      }
      ctx.next();
    });
    router.route().order(-97).handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    router.route().failureHandler(Faults::handle);
    router.errorHandler(404, Faults::handle);
    router.errorHandler(405, Faults::handle);
    router.errorHandler(413, Faults::handle);
    router.errorHandler(401, Faults::handle);
    router.errorHandler(400, Faults::handle);
    router.errorHandler(500, Faults::handle);
  }

  /** StackStorm's CORS answer: the request's origin when allowed (or {@code *} listed), else the first allowed. */
  private static void cors(String origin, java.util.List<String> allowed, io.vertx.core.MultiMap headers) {
    String allow = origin != null && (allowed.contains(origin) || allowed.contains("*")) ? origin : allowed.get(0);
    headers.add("Access-Control-Allow-Origin", allow)
        .add("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS")
        .add("Access-Control-Allow-Headers", "Content-Type,Authorization,X-Auth-Token,St2-Api-Key,X-Request-ID")
        .add("Access-Control-Allow-Credentials", "true")
        .add("Access-Control-Expose-Headers", "Content-Type,X-Limit,X-Total-Count,X-Request-ID");
  }

  /** A random UUID4 text without SecureRandom (request ids need uniqueness, not secrecy). */
  private static String requestId() {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(high, low).toString();
  }

  /** Installs the authentication gate: after CORS and before bodies are read, on every route. */
  public void guard(io.vertx.core.Handler<RoutingContext> gate) {
    router.route().order(-98).handler(gate);
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
