package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The start-up check of the route table against a contract: gaps, double binds, strays, services elsewhere. */
class RouteTableTest {
  private static final Handler<RoutingContext> HANDLER = ctx -> ctx.response().end();

  /** A contract of four operations, one per HTTP service and one more for the api. */
  private static RouteTable table() {
    JsonObject paths = new JsonObject()
        .put("/api/v1/actions", new JsonObject().put("get", new JsonObject().put("operationId", "actionsList")))
        .put("/api/v1/actions/{ref_or_id}", new JsonObject().put("get", new JsonObject().put("operationId", "actionGet")))
        .put("/auth/v1/tokens", new JsonObject().put("post", new JsonObject().put("operationId", "tokenCreate")))
        .put("/stream/v1/stream", new JsonObject().put("get", new JsonObject().put("operationId", "streamEvents")));
    return new RouteTable(ContractRoutes.parse(new JsonObject().put("paths", paths)), null);
  }

  private static RouteTable bindAll(RouteTable table) {
    return table.bind(Operation.ACTIONS_LIST, HANDLER).bind(Operation.ACTION_GET, HANDLER)
        .bind(Operation.TOKEN_CREATE, HANDLER).bind(Operation.STREAM_EVENTS, HANDLER);
  }

  private static String failure(RouteTable table) {
    return assertThrows(IllegalStateException.class, () -> table.check(service -> true)).getMessage();
  }

  @Test
  void everyOperationBoundPasses() {
    assertDoesNotThrow(() -> bindAll(table()).check(service -> true));
  }

  @Test
  void anUnboundOperationStopsTheStartNamingIt() {
    String message = failure(table().bind(Operation.ACTIONS_LIST, HANDLER).bind(Operation.TOKEN_CREATE, HANDLER));
    assertTrue(message.contains("no handler for actionGet, streamEvents"), message);
    assertFalse(message.contains("actionsList"), message);
    assertTrue(message.contains(ContractRoutes.CONTRACT), message);
  }

  @Test
  void anOperationBoundTwiceStopsTheStart() {
    String message = failure(bindAll(table()).bind(Operation.ACTION_GET, HANDLER));
    assertTrue(message.contains("bound twice: actionGet"), message);
  }

  @Test
  void aHandlerForAnOperationOutsideTheContractStopsTheStart() {
    String message = failure(bindAll(table()).bind(Operation.KEY_GET, HANDLER));
    assertTrue(message.contains("not in the contract: keyGet"), message);
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    String message = failure(table().bind(Operation.ACTIONS_LIST, HANDLER).bind(Operation.ACTIONS_LIST, HANDLER)
        .bind(Operation.WEBHOOK_POST, HANDLER));
    assertEquals("HTTP routes do not match " + ContractRoutes.CONTRACT + ": no handler for actionGet, streamEvents,"
        + " tokenCreate; bound twice: actionsList; not in the contract: webhookPost", message);
  }

  @Test
  void operationsOfServicesThisNodeDoesNotRunAreExempt() {
    RouteTable apiOnly = table().bind(Operation.ACTIONS_LIST, HANDLER).bind(Operation.ACTION_GET, HANDLER);
    assertDoesNotThrow(() -> apiOnly.check(service -> service.equals("api")));
    String message = assertThrows(IllegalStateException.class,
        () -> apiOnly.check(service -> !service.equals("stream"))).getMessage();
    assertTrue(message.contains("no handler for tokenCreate"), message);
    assertFalse(message.contains("streamEvents"), message);
  }

  @Test
  void unroutedCountsAsBound() {
    assertDoesNotThrow(() -> table().bind(Operation.ACTION_GET, RouteTable.UNROUTED)
        .bind(Operation.ACTIONS_LIST, HANDLER).bind(Operation.TOKEN_CREATE, HANDLER)
        .bind(Operation.STREAM_EVENTS, HANDLER).check(service -> true));
  }

  @Test
  void theServiceOfAPathIsItsFirstSegment() {
    assertEquals("api", RouteTable.service("/api/v1/"));
    assertEquals("auth", RouteTable.service("/auth/v1/tokens"));
    assertEquals("stream", RouteTable.service("/stream/v1/executions/{id}/output"));
  }

  @Test
  void theEnumNamesEveryOperationOfTheContractAndNoOther() {
    Set<String> inContract = ContractRoutes.read().operations().stream().map(ContractRoutes.Route::operationId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> inEnum = Arrays.stream(Operation.values()).map(op -> op.operationId)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(inContract, inEnum);
  }
}
