package dev.squall.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which handler serves each operation of the contract. The HTTP services bind their operations while they start,
 * one line each ({@code routes.bind(Operation.ACTION_GET, actions::get)}); {@link #mount} then checks the table
 * against the contract and mounts it: the hot operations, the greedy path and every alias as direct routes,
 * matched first, and every other operation through Vert.x's OpenAPI router built from the same contract, with
 * request validation off (bodies are checked by {@link ContractRoutes#validateBody} where it pays).
 */
public final class RouteTable {
  /** For an operation of the contract Squall does not implement yet: answered as an unknown path (404). */
  public static final Handler<RoutingContext> UNROUTED = RoutingContext::next;

  /** The highest-rate operations are matched first: vert.x tries routes in order, one regex each. */
  static final List<Operation> HOT = List.of(Operation.WEBHOOK_POST, Operation.EXECUTION_CREATE,
      Operation.ACTION_GET, Operation.EXECUTION_GET);

  private final ContractRoutes contract;
  private final OpenAPIContract openApi;
  private final Map<Operation, Handler<RoutingContext>> handlers = new ConcurrentHashMap<>();
  // services bind while they start, each on its own event loop
  private final Queue<Operation> boundTwice = new ConcurrentLinkedQueue<>();

  RouteTable(ContractRoutes contract, OpenAPIContract openApi) {
    this.contract = contract;
    this.openApi = openApi;
  }

  /** Reads the contract bundled on the classpath, and Vert.x's model of it, off the event loop. */
  public static Future<RouteTable> load(Vertx vertx) {
    return ContractRoutes.load(vertx)
        .compose(read -> OpenAPIContract.from(vertx, read.document()).map(model -> new RouteTable(read, model)));
  }

  /** The contract the table follows (body schemas, operations). */
  public ContractRoutes contract() {
    return contract;
  }

  /** Binds an operation to its handler ({@link #UNROUTED} for one Squall does not serve). */
  public RouteTable bind(Operation op, Handler<RoutingContext> handler) {
    if (handlers.putIfAbsent(op, handler) != null) {
      boundTwice.add(op);
    }
    return this;
  }

  /** The HTTP service that serves a path: its first segment ({@code api}, {@code auth}, {@code stream}). */
  static String service(String path) {
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }

  /**
   * Fails naming every operation of a service this node runs that has no handler, every operation bound twice
   * and every bound operation the contract does not have.
   */
  public void check(Predicate<String> runs) {
    Set<String> inContract = contract.operations().stream().map(ContractRoutes.Route::operationId)
        .collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    List<String> unbound = contract.operations().stream()
        .filter(route -> runs.test(service(route.path())))
        .filter(route -> Operation.of(route.operationId()).map(op -> !handlers.containsKey(op)).orElse(true))
        .map(ContractRoutes.Route::operationId).sorted().toList();
    if (!unbound.isEmpty()) {
      problems.add("no handler for " + String.join(", ", unbound));
    }
    List<String> twice = boundTwice.stream().map(op -> op.operationId).distinct().sorted().toList();
    if (!twice.isEmpty()) {
      problems.add("bound twice: " + String.join(", ", twice));
    }
    List<String> unknown = handlers.keySet().stream().map(op -> op.operationId)
        .filter(id -> !inContract.contains(id)).sorted().toList();
    if (!unknown.isEmpty()) {
      problems.add("not in the contract: " + String.join(", ", unknown));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("HTTP routes do not match " + ContractRoutes.CONTRACT + ": "
          + String.join("; ", problems));
    }
  }

  /**
   * Checks the table ({@link #check}), then mounts it on the router: the direct routes (hot operations first,
   * then static paths before templated ones), then the OpenAPI router for the rest.
   */
  public void mount(Vertx vertx, Router router, Predicate<String> runs) {
    mount(vertx, router, runs, null);
  }

  /** {@link #mount(Vertx, Router, Predicate)}, every route named for {@code metrics} (when not null). */
  public void mount(Vertx vertx, Router router, Predicate<String> runs, HttpMetrics metrics) {
    check(runs);
    RouterBuilder builder = RouterBuilder.create(vertx, openApi);
    List<ContractRoutes.Route> ordered = contract.operations().stream()
        .sorted(Comparator.comparingInt((ContractRoutes.Route route) -> hotRank(route))
            .thenComparingInt(route -> ContractRoutes.countParams(route.path()))
            .thenComparing(route -> -route.path().length()))
        .toList();
    for (ContractRoutes.Route route : ordered) {
      // unbound here means a service this node does not run: answered as an unknown path, as before
      Operation op = Operation.of(route.operationId()).orElse(null);
      Handler<RoutingContext> handler = op == null ? UNROUTED : handlers.getOrDefault(op, UNROUTED);
      boolean served = handler != UNROUTED;
      boolean direct = hotRank(route) < 0 || route.greedy();
      if (served) {
        for (String alias : ContractRoutes.aliases(route.path())) {
          if (direct || !alias.equals(route.path())) {
            Route mounted = mountDirect(router, route, alias, handler);
            if (metrics != null) {
              metrics.name(mounted, op);
            }
          }
        }
      }
      builder.getRoute(route.operationId()).setDoValidation(false).setDoSecurity(false)
          .addHandler(direct || !served ? UNROUTED : handler);
    }
    Router operations = builder.createRouter();
    if (metrics != null) {
      nameRoutes(operations, metrics);
    }
    router.route("/*").subRouter(operations);
  }

  /** Names the OpenAPI router's routes after their operations (matched by method and path). */
  private void nameRoutes(Router operations, HttpMetrics metrics) {
    Map<String, Operation> byMethodAndPath = new java.util.HashMap<>();
    for (ContractRoutes.Route route : contract.operations()) {
      Operation.of(route.operationId()).ifPresent(op ->
          byMethodAndPath.put(route.method().name() + " " + ContractRoutes.toVertxPath(route.path()), op));
    }
    for (Route route : operations.getRoutes()) {
      if (route.methods() == null || route.getPath() == null) {
        continue;
      }
      for (io.vertx.core.http.HttpMethod method : route.methods()) {
        Operation op = byMethodAndPath.get(method.name() + " " + route.getPath());
        if (op != null) {
          metrics.name(route, op);
        }
      }
    }
  }

  private static int hotRank(ContractRoutes.Route route) {
    int i = Operation.of(route.operationId()).map(HOT::indexOf).orElse(-1);
    return i < 0 ? 0 : i - HOT.size();
  }

  private static Route mountDirect(Router router, ContractRoutes.Route route, String alias,
      Handler<RoutingContext> handler) {
    // requests lose one trailing slash before routing (HttpFront), so routes are mounted without it
    String path = alias.length() > 1 && alias.endsWith("/") ? alias.substring(0, alias.length() - 1) : alias;
    if (route.greedy()) {
      return router.routeWithRegex(route.method(), ContractRoutes.greedyRegex(path)).handler(handler);
    }
    return router.route(route.method(), ContractRoutes.toVertxPath(path)).handler(handler);
  }
}
