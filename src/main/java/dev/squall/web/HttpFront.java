package dev.squall.web;

import dev.squall.error.Validation;
import dev.squall.util.JsonDepth;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The one router behind the one HTTP port. Services mount their routes on it while they start; the HTTP
 * verticle then serves it. Shared behaviour lives here: one trailing slash ignored, security headers on every
 * answer, bodies bounded by {@code api.max_body_size} and JSON bodies by {@code api.max_json_depth}, unknown
 * path or wrong method → 404, every failure rendered by {@link Faults}.
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
    this(vertx, maxBodySize, allowOrigin, dev.squall.config.ApiConfig.DEFAULT_MAX_JSON_DEPTH);
  }

  public HttpFront(Vertx vertx, int maxBodySize, java.util.List<String> allowOrigin, int maxJsonDepth) {
    this.router = Router.router(vertx);
    java.util.List<String> origins = new java.util.ArrayList<>(allowOrigin);
    DEFAULT_ORIGINS.stream().filter(o -> !origins.contains(o)).forEach(origins::add);
    router.route().order(-100).handler(HttpFront::stripTrailingSlash);
    router.route().order(-99).handler(ctx -> {
      var request = ctx.request();
      var headers = ctx.response().headers();
      secure(request.path(), headers);
      String requestId = request.getHeader("X-Request-ID");
      headers.add(X_REQUEST_ID, requestId != null ? requestId : requestId());
      cors(request.getHeader("Origin"), origins, headers);
      if (!decodable(request.path()) || !decodable(request.query())) {
        ctx.fail(new Validation("Bad request: the path or query string is not valid percent-encoding."));
        return;
      }
      if (request.method() == HttpMethod.OPTIONS) {
        ctx.response().setStatusCode(200).end();
        return;
      }
      ctx.next();
    });
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize);
    router.route().order(-97).handler(ctx -> {
      // a form body can only be decoded on the methods that carry one; elsewhere it is ignored, as any GET body
      if (!CARRIES_BODY.contains(ctx.request().method()) && isForm(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
        ctx.request().resume(); // paused by an auth lookup, and no body handler to resume it
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.route().order(-96).handler(ctx -> checkDepth(ctx, maxJsonDepth));
    router.route().failureHandler(Faults::handle);
    router.errorHandler(404, Faults::handle);
    router.errorHandler(405, Faults::handle);
    router.errorHandler(413, Faults::handle);
    router.errorHandler(401, Faults::handle);
    router.errorHandler(400, Faults::handle);
    router.errorHandler(500, Faults::handle);
  }

  private static final java.util.Set<HttpMethod> CARRIES_BODY = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE);
  private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-ID");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence NO_CONTENT = HttpHeaders.createOptimized("default-src 'none'; frame-ancestors 'none'");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence X_FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence CONTENT_SECURITY_POLICY = HttpHeaders.createOptimized("Content-Security-Policy");

  /**
   * The headers every answer carries, errors included: no MIME sniffing, no framing, no referrer, nothing
   * loaded by an answer rendered as a page; answers of the auth service (tokens) are never cached.
   */
  public static void secure(String path, MultiMap headers) {
    headers.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF)
        .set(X_FRAME_OPTIONS, DENY)
        .set(REFERRER_POLICY, NO_REFERRER)
        .set(CONTENT_SECURITY_POLICY, NO_CONTENT);
    if (path != null && path.startsWith("/auth/")) {
      headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }
  }

  /** A JSON body nested deeper than the limit is refused before anything parses (and recurses into) it. */
  private static void checkDepth(RoutingContext ctx, int maxJsonDepth) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || ctx.body() == null || ctx.body().length() == 0
        || isForm(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.next();
      return;
    }
    if (!JsonDepth.within(ctx.body().buffer(), maxJsonDepth)) {
      ctx.fail(new Validation("Failed to parse request body: JSON is nested deeper than " + maxJsonDepth
          + " levels (api.max_json_depth)"));
      return;
    }
    ctx.next();
  }

  /** Whether every {@code %} starts a two-digit hex escape: anything else fails to decode later, mid-handler. */
  static boolean decodable(String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mime = contentType.trim().toLowerCase(java.util.Locale.ROOT);
    return mime.startsWith("application/x-www-form-urlencoded") || mime.startsWith("multipart/form-data");
  }

  /** StackStorm's CORS answer: the request's origin when allowed (or {@code *} listed), else the first allowed. */
  private static void cors(String origin, java.util.List<String> allowed, io.vertx.core.MultiMap headers) {
    String allow = origin != null && (allowed.contains(origin) || allowed.contains("*")) ? origin : allowed.get(0);
    headers.add(ALLOW_ORIGIN, allow)
        .add(ALLOW_METHODS, METHODS)
        .add(ALLOW_HEADERS, REQUEST_HEADERS)
        .add(ALLOW_CREDENTIALS, TRUE)
        .add(EXPOSE_HEADERS, RESPONSE_HEADERS);
  }

  // pre-encoded: these go out on every answer
  private static final CharSequence ALLOW_ORIGIN = HttpHeaders.createOptimized("Access-Control-Allow-Origin");
  private static final CharSequence ALLOW_METHODS = HttpHeaders.createOptimized("Access-Control-Allow-Methods");
  private static final CharSequence METHODS = HttpHeaders.createOptimized("GET,POST,PUT,DELETE,OPTIONS");
  private static final CharSequence ALLOW_HEADERS = HttpHeaders.createOptimized("Access-Control-Allow-Headers");
  private static final CharSequence REQUEST_HEADERS =
      HttpHeaders.createOptimized("Content-Type,Authorization,X-Auth-Token,St2-Api-Key,X-Request-ID");
  private static final CharSequence ALLOW_CREDENTIALS = HttpHeaders.createOptimized("Access-Control-Allow-Credentials");
  private static final CharSequence TRUE = HttpHeaders.createOptimized("true");
  private static final CharSequence EXPOSE_HEADERS = HttpHeaders.createOptimized("Access-Control-Expose-Headers");
  private static final CharSequence RESPONSE_HEADERS =
      HttpHeaders.createOptimized("Content-Type,X-Limit,X-Total-Count,X-Request-ID");

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

  /**
   * {@code GET /livez} (the process serves HTTP) and {@code GET /readyz} (and it can store what it accepts):
   * ahead of every other route, so no auth, no body handling, and an answer that never waits on the store.
   */
  public void health(java.util.function.BooleanSupplier storeWritable) {
    // no path on the route: vert.x would decode every request's path to match one, and fail on bad escapes
    router.route().order(-200).handler(ctx -> {
      String path = ctx.request().path();
      boolean live = "/livez".equals(path);
      if ((!live && !"/readyz".equals(path)) || ctx.request().method() != HttpMethod.GET) {
        ctx.next();
        return;
      }
      boolean ready = live || storeWritable.getAsBoolean();
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (!ready) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
      }
      ctx.response().end(live ? "{\"status\":\"ok\"}"
          : ready ? "{\"status\":\"ready\"}" : "{\"status\":\"unready\",\"store\":\"not writable\"}");
    });
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
