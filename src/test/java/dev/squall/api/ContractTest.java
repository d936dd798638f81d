package dev.squall.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

/** The contract loads in Vert.x, names every operation once, and its body schemas accept what st2 clients send. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContractTest {
  private static final String CONTRACT = "openapi/squall.yaml";
  private static final List<String> HTTP_METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static OpenAPIContract contract;

  @BeforeAll
  static void load(Vertx vertx) throws Exception {
    contract = OpenAPIContract.from(vertx, CONTRACT).await(30, TimeUnit.SECONDS);
  }

  @Test
  void everyOperationHasAUniqueLowerCamelOperationId() {
    // walk the document itself: Vert.x's operation map is keyed by id, so it cannot show a duplicate
    List<String> ids = new ArrayList<>();
    JsonObject paths = contract.getRawContract().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/")) {
        continue; // the resolver adds bookkeeping keys such as __absolute_uri__
      }
      JsonObject item = paths.getJsonObject(path);
      for (String method : HTTP_METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          String id = op.getString("operationId");
          assertNotNull(id, method + " " + path + " has no operationId");
          assertTrue(id.matches("[a-z][A-Za-z0-9]*"), "not lowerCamel: " + id);
          ids.add(id);
        }
      }
    }
    Set<String> seen = new HashSet<>();
    List<String> duplicates = ids.stream().filter(id -> !seen.add(id)).toList();
    assertTrue(duplicates.isEmpty(), "duplicate operationIds: " + duplicates);
    assertEquals(ids.size(), contract.operations().size());
  }

  @Test
  void pathsAreFullPublicPaths() {
    for (Operation op : contract.operations()) {
      String path = op.getOpenAPIPath();
      assertTrue(path.startsWith("/api/v1/") || path.startsWith("/stream/v1/") || path.startsWith("/auth/v1/"),
          op.getOperationId() + " has path " + path);
    }
  }

  @Test
  void enumAndContractListTheSameOperations() {
    Set<String> inContract = contract.operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> inEnum = Arrays.stream(dev.squall.web.Operation.values()).map(op -> op.operationId)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(inContract, inEnum);
    for (String id : inContract) {
      assertEquals(id, dev.squall.web.Operation.of(id).orElseThrow().operationId);
    }
    assertTrue(dev.squall.web.Operation.of("noSuchOperation").isEmpty());
  }

  @Test
  void operationsSitWhereStackStormClientsCallThem() {
    assertRoute("apiRoot", HttpMethod.GET, "/api/v1/");
    assertRoute("executionCancel", HttpMethod.DELETE, "/api/v1/executions/{id}");
    assertRoute("executionAttribute", HttpMethod.GET, "/api/v1/executions/{id}/attribute/{attr_name}");
    assertRoute("runnerTypeGet", HttpMethod.GET, "/api/v1/runnertypes/{name_or_id}");
    assertRoute("webhookPost", HttpMethod.POST, "/api/v1/webhooks/{url}");
    assertRoute("tokenCreate", HttpMethod.POST, "/auth/v1/tokens");
    assertRoute("streamEvents", HttpMethod.GET, "/stream/v1/stream");
    assertRoute("streamExecutionOutput", HttpMethod.GET, "/stream/v1/executions/{id}/output");
    assertTrue(contract.operation("webhookPost").getOpenAPIModel().getBoolean("x-squall-raw-body"));
  }

  @Test
  void successStatusesFollowStackStorm() {
    assertSuccess("actionCreate", 201);
    assertSuccess("actionDelete", 204);
    assertSuccess("executionCreate", 201);
    assertSuccess("executionCancel", 200);
    assertSuccess("executionReRun", 201);
    assertSuccess("packsRegister", 200);
    assertSuccess("packsInstall", 202);
    assertSuccess("keyPut", 200);
    assertSuccess("keyDelete", 204);
    assertSuccess("triggerInstanceReEmit", 200);
    assertSuccess("webhookPost", 202);
    assertSuccess("tokenCreate", 201);
    for (Operation op : contract.operations()) {
      assertNotNull(op.getDefaultResponse(), op.getOperationId() + " has no default (error) response");
    }
  }

  @Test
  void executionBodiesAsTheCliSendsThem() {
    assertValid("executionCreate", "{\"action\":\"core.local\",\"parameters\":{\"cmd\":\"date\"},\"user\":null}");
    assertValid("executionCreate", "{\"action\":\"core.local\",\"delay\":500,\"context\":{\"trace_context\":{}}}");
    assertInvalid("executionCreate", "{\"parameters\":{}}");
    assertInvalid("executionCreate", "{\"action\":\"core.local\",\"bogus\":1}");
    assertInvalid("executionCreate", "{\"action\":\"core.local\",\"delay\":-1}");
    assertValid("executionReRun", "{\"parameters\":{},\"tasks\":[],\"reset\":[],\"delay\":0}");
    assertValid("executionUpdate", "{\"status\":\"pausing\"}");
    assertInvalid("executionUpdate", "{\"status\":\"sleeping\"}");
  }

  @Test
  void resourceBodiesRejectUnknownFields() {
    assertValid("actionCreate", "{\"name\":\"a\",\"runner_type\":\"local-shell-cmd\",\"pack\":\"examples\","
        + "\"id\":\"x\",\"ref\":\"examples.a\",\"uid\":\"action:examples:a\","
        + "\"data_files\":[{\"file_path\":\"a.sh\",\"content\":\"echo\"}]}");
    assertInvalid("actionCreate", "{\"name\":\"a\"}");
    assertInvalid("actionCreate", "{\"name\":\"a\",\"runner_type\":\"noop\",\"colour\":\"red\"}");
    assertValid("keyPut", "{\"name\":\"a\",\"scope\":\"system\",\"user\":null,\"value\":\"b\"}");
    assertInvalid("keyPut", "{\"name\":\"a\",\"value\":5}");
    assertValid("packsRegister", "{\"packs\":[\"core\"],\"types\":[\"actions\"],\"fail_on_failure\":true}");
    assertValid("ruleCreate", "{\"name\":\"r\",\"pack\":\"examples\",\"enabled\":true,"
        + "\"trigger\":{\"type\":\"core.st2.webhook\",\"parameters\":{\"url\":\"sample\"}},"
        + "\"criteria\":{\"trigger.body.x\":{\"type\":\"equals\",\"pattern\":1}},"
        + "\"action\":{\"ref\":\"core.local\",\"parameters\":{\"cmd\":\"echo {{trigger.body.x}}\"}}}");
    assertInvalid("ruleCreate", "{\"name\":\"r\",\"trigger\":{\"type\":\"t\"},\"action\":{\"ref\":\"a\"},"
        + "\"criteria\":{\"k\":{\"type\":\"equals\"}}}");
  }

  private static void assertRoute(String operationId, HttpMethod method, String path) {
    Operation op = contract.operation(operationId);
    assertNotNull(op, operationId);
    assertEquals(method, op.getHttpMethod(), operationId);
    assertEquals(path, op.getOpenAPIPath(), operationId);
  }

  private static void assertSuccess(String operationId, int status) {
    Operation op = contract.operation(operationId);
    assertNotNull(op.getResponse(status), operationId + " should answer " + status);
  }

  private static OutputUnit validate(String operationId, String body) {
    var schema = contract.operation(operationId).getRequestBody().getContent().get("application/json").getSchema();
    return contract.getSchemaRepository().validator(schema).validate(new JsonObject(body));
  }

  private static void assertValid(String operationId, String body) {
    OutputUnit out = validate(operationId, body);
    assertTrue(out.getValid(), operationId + " rejected " + body + ": " + out.toJson());
  }

  private static void assertInvalid(String operationId, String body) {
    assertFalse(validate(operationId, body).getValid(), operationId + " accepted " + body);
  }
}
