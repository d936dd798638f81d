package dev.squall.web;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.ext.web.Route;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer of the HTTP port, counted and timed by contract operation, method and status
 * ({@code squall_http_server_requests_seconds}, count and sum). Vert.x calls it as the HTTP server's metrics SPI
 * (request begun, routed, answered), so it adds no route, handler or listener to a request. The routes of the
 * route table carry their operation's id as their name ({@link #name}); a request that reaches none (an unknown
 * path, refused by the auth gate, a health probe) counts as operation {@code none}. The counters of a
 * combination are made once, then found by a small integer key: a request costs one small object, a map
 * lookup and two adds.
 */
public final class HttpMetrics implements HttpServerMetrics<HttpMetrics.Exchange, Void> {
  static final String NAME = "squall.http.server.requests";
  private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final MeterRegistry registry;
  private final Map<String, Operation> byRouteName = new ConcurrentHashMap<>();
  private final Map<Integer, Answers> answers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One request between its head and its answer. */
  public static final class Exchange {
    final long start = System.nanoTime();
    final HttpMethod method;
    Operation operation;

    Exchange(HttpMethod method) {
      this.method = method;
    }
  }

  /** How many answers of one operation, method and status, and their time. */
  private static final class Answers {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  /** Names a route after the operation it serves, so that the answers it gives are counted under it. */
  void name(Route route, Operation op) {
    route.setName(op.operationId);
    byRouteName.put(op.operationId, op);
  }

  @Override
  public Exchange requestBegin(SocketAddress remote, HttpRequest request) {
    return new Exchange(request.method());
  }

  @Override
  public void requestRouted(Exchange exchange, String route) {
    Operation op = route == null ? null : byRouteName.get(route);
    if (op != null) {
      exchange.operation = op;
    }
  }

  @Override
  public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
    record(exchange.operation, exchange.method, response.statusCode(), System.nanoTime() - exchange.start);
  }

  private void record(Operation op, HttpMethod method, int status, long nanos) {
    int methodIndex = METHODS.indexOf(method);
    int key = ((op == null ? 0 : op.ordinal() + 1) * (METHODS.size() + 1) + methodIndex + 1) * 1000 + status % 1000;
    Answers counted = answers.get(key);
    if (counted == null) {
      counted = answers.computeIfAbsent(key, k -> {
        Answers fresh = new Answers();
        FunctionTimer.builder(NAME, fresh, a -> a.count.sum(), a -> a.nanos.sum(), TimeUnit.NANOSECONDS)
            .description("HTTP answers by contract operation, method and status, and the time from request to answer")
            .tag("operation", op == null ? "none" : op.operationId)
            .tag("method", methodIndex < 0 ? "other" : method.name())
            .tag("status", Integer.toString(status))
            .register(registry);
        return fresh;
      });
    }
    counted.count.increment();
    counted.nanos.add(nanos);
  }
}
