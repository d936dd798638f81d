package dev.squall.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.error.Validation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI contract as the router reads it: every operation with its method and path, the aliases StackStorm
 * serves each path under ({@code /v1/...} for {@code /api/v1/...}, {@code /stream/...} for
 * {@code /stream/v1/...}), and the request-body schemas of low-rate operations (compiled on first use).
 * {@link RouteTable} binds handlers to these operations.
 */
public final class ContractRoutes {
  public static final String CONTRACT = "openapi/squall.yaml";
  private static final String BASE = "urn:squall:contract";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete");

  /** One operation of the contract: where it is mounted. */
  public record Route(String operationId, HttpMethod method, String path, boolean hasJsonBody, boolean greedy) {
  }

  private final JsonObject document;
  private final List<Route> operations;
  private final SchemaRepository schemas;
  private final Map<String, Validator> bodyValidators = new ConcurrentHashMap<>();

  private ContractRoutes(JsonObject document, List<Route> operations, SchemaRepository schemas) {
    this.document = document;
    this.operations = operations;
    this.schemas = schemas;
  }

  /** Reads the contract bundled on the classpath (off the event loop). */
  public static Future<ContractRoutes> load(Vertx vertx) {
    return vertx.executeBlocking(ContractRoutes::read, false);
  }

  @SuppressWarnings("unchecked")
  public static ContractRoutes read() {
    try (InputStream in = ContractRoutes.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      if (in == null) {
        throw new IllegalStateException("contract " + CONTRACT + " is not on the classpath");
      }
      return parse(new JsonObject((Map<String, Object>) new ObjectMapper(new YAMLFactory()).readValue(in, Map.class)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract of an OpenAPI document already read. */
  public static ContractRoutes parse(JsonObject doc) {
    List<Route> ops = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        Object json = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
            .getValue("application/json");
        ops.add(new Route(op.getString("operationId"), HttpMethod.valueOf(method.toUpperCase()), path,
            json != null, op.getBoolean("x-squall-greedy-path", false)));
      }
    }
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
        .setDraft(Draft.DRAFT4).setBaseUri(BASE));
    repository.dereference(BASE, JsonSchema.of(doc.copy()));
    return new ContractRoutes(doc, List.copyOf(ops), repository);
  }

  public List<Route> operations() {
    return operations;
  }

  /** A copy of the document as read, for Vert.x's OpenAPI loader. */
  public JsonObject document() {
    return document.copy();
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
    Route op = operations.stream().filter(o -> o.operationId().equals(operationId)).findFirst().orElse(null);
    if (op == null || !op.hasJsonBody()) {
      return NO_SCHEMA;
    }
    String pointer = "#/paths/" + escape(op.path()) + "/" + op.method().name().toLowerCase()
        + "/requestBody/content/application~1json/schema";
    return schemas.validator(JsonSchema.of(new JsonObject().put("$ref", BASE + pointer)),
        new JsonSchemaOptions().setDraft(Draft.DRAFT4).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic));
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
  }

  private static String describe(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    OutputUnit first = result;
    if (errors != null) {
      // the most specific error: the deepest instance location, skipping "a subschema had errors" summaries
      first = errors.stream()
          .filter(e -> e.getError() != null && !e.getError().startsWith("A subschema had errors"))
          .max(Comparator.comparingInt((OutputUnit e) -> String.valueOf(e.getInstanceLocation()).length())
              .thenComparingInt(e -> String.valueOf(e.getKeywordLocation()).length()))
          .orElse(errors.isEmpty() ? result : errors.get(0));
    }
    String location = first.getInstanceLocation() == null ? "" : first.getInstanceLocation().replaceFirst("^#/?", "");
    String message = first.getError() == null ? "invalid value" : first.getError();
    return location.isEmpty() ? message : "'" + location.replace('/', '.') + "': " + message;
  }

  static List<String> aliases(String path) {
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
    return List.of(path);
  }

  static String toVertxPath(String openApiPath) {
    return openApiPath.replaceAll("\\{([^}/]+)}", ":$1");
  }

  /** A path whose last parameter may contain {@code /}: earlier parameters match one segment. */
  static String greedyRegex(String path) {
    StringBuilder re = new StringBuilder("^");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}/]+)}").matcher(path);
    int last = 0;
    int lastParam = path.lastIndexOf('{');
    while (m.find()) {
      re.append(java.util.regex.Pattern.quote(path.substring(last, m.start())));
      re.append("(?<").append(m.group(1).replace("_", "")).append(">")
          .append(m.start() == lastParam ? ".+" : "[^/]+").append(")");
      last = m.end();
    }
    re.append(java.util.regex.Pattern.quote(path.substring(last))).append("$");
    return re.toString();
  }

  static int countParams(String path) {
    return (int) path.chars().filter(c -> c == '{').count();
  }
}
