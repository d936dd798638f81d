package dev.squall.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every answer of the HTTP port, timed and counted by contract operation, method and status
 * ({@code squall_http_server_requests_seconds}). A request that reaches no operation (an unknown path, refused
 * by the auth gate, a health probe) counts as operation {@code none}. The timer of a combination is made once
 * and then found by a small integer key, so a request costs one map lookup and one timer update.
 */
public final class HttpMetrics {
  static final String NAME = "squall.http.server.requests";
  private static final String OPERATION = "squall.operation";
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Times every request of the router: installed ahead of every other handler. */
  public void install(Router router) {
    router.route().order(-300).handler(rc -> {
      long t0 = System.nanoTime();
      rc.addEndHandler(done -> record(rc, System.nanoTime() - t0));
      rc.next();
    });
  }

  /** The handler of an operation, marking the request as that operation's. */
  Handler<RoutingContext> wrap(Operation op, Handler<RoutingContext> handler) {
    return rc -> {
      rc.put(OPERATION, op);
      handler.handle(rc);
    };
  }

  private void record(RoutingContext rc, long nanos) {
    Operation op = rc.get(OPERATION);
    String method = rc.request().method().name();
    int methodIndex = METHODS.indexOf(method);
    int status = rc.response().getStatusCode();
    int key = (((op == null ? 0 : op.ordinal() + 1) * (METHODS.size() + 1)) + methodIndex + 1) * 1000 + status % 1000;
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, k -> Timer.builder(NAME)
          .description("HTTP answers by contract operation, method and status")
          .tag("operation", op == null ? "none" : op.operationId)
          .tag("method", methodIndex < 0 ? "other" : method)
          .tag("status", Integer.toString(status))
          .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
