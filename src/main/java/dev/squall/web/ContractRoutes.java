package dev.squall.web;

import dev.squall.error.Validation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Wires handlers to the OpenAPI contract: each operationId in one line, mounted at the contract's path and
 * at the aliases StackStorm serves ({@code /v1/...} for {@code /api/v1/...}, {@code /stream/...} for
 * {@code /stream/v1/...}). Operations without a handler are not routed (404).
 */
public final class ContractRoutes {
  public static final String CONTRACT = "openapi/squall.yaml";

  private final OpenAPIContract contract;
  private final Map<String, Validator> bodyValidators = new ConcurrentHashMap<>();

  private ContractRoutes(OpenAPIContract contract) {
    this.contract = contract;
  }

  public static Future<ContractRoutes> load(Vertx vertx) {
    return OpenAPIContract.from(vertx, CONTRACT).map(ContractRoutes::new);
  }

  /** Mounts every operation that has a handler; static paths before templated ones. */
  public void mount(Router router, Map<String, Handler<RoutingContext>> handlers) {
    List<Operation> operations = contract.operations().stream()
        .filter(op -> handlers.containsKey(op.getOperationId()))
        .sorted(Comparator.comparingInt((Operation op) -> countParams(op.getOpenAPIPath()))
            .thenComparing(op -> -op.getOpenAPIPath().length()))
        .toList();
    for (Operation op : operations) {
      Handler<RoutingContext> handler = handlers.get(op.getOperationId());
      for (String path : aliases(op.getOpenAPIPath())) {
        router.route(op.getHttpMethod(), toVertxPath(path)).handler(handler);
      }
    }
  }

  /** Checks a JSON body against the operation's request schema; a mismatch is a 400 naming the field. */
  public void validateBody(String operationId, Object body) {
    Validator validator = bodyValidators.computeIfAbsent(operationId, this::validatorFor);
    if (validator == NO_SCHEMA) {
      return;
    }
    OutputUnit result = validator.validate(body);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new Validation(describe(result));
    }
  }

  private static final Validator NO_SCHEMA = value -> new OutputUnit(true);

  private Validator validatorFor(String operationId) {
    Operation op = contract.operation(operationId);
    if (op == null || op.getRequestBody() == null) {
      return NO_SCHEMA;
    }
    MediaType media = op.getRequestBody().getContent().get("application/json");
    if (media == null || media.getSchema() == null) {
      return NO_SCHEMA;
    }
    return contract.getSchemaRepository().validator(media.getSchema());
  }

  private static String describe(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    OutputUnit first = errors == null || errors.isEmpty() ? result : errors.get(errors.size() - 1);
    String location = first.getInstanceLocation() == null ? "" : first.getInstanceLocation().replaceFirst("^#/?", "");
    String message = first.getError() == null ? "invalid value" : first.getError();
    return location.isEmpty() ? message : "'" + location.replace('/', '.') + "': " + message;
  }

  static List<String> aliases(String path) {
    Function<String, String> strip = p -> p;
    if (path.startsWith("/api/v1")) {
      String rest = path.substring("/api/v1".length());
      if (rest.startsWith("/executions")) {
        String alt = "/actionexecutions" + rest.substring("/executions".length());
        return List.of(path, "/v1" + rest, "/api/v1" + alt, "/v1" + alt);
      }
      return List.of(path, "/v1" + rest);
    }
    if (path.startsWith("/stream/v1")) {
      return List.of(path, "/stream" + path.substring("/stream/v1".length()));
    }
    if (path.startsWith("/auth/v1")) {
      return List.of(path, "/auth" + path.substring("/auth/v1".length()));
    }
    return List.of(strip.apply(path));
  }

  static String toVertxPath(String openApiPath) {
    return openApiPath.replaceAll("\\{([^}/]+)}", ":$1");
  }

  private static int countParams(String path) {
    return (int) path.chars().filter(c -> c == '{').count();
  }
}
