package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract read for routing and body checks, without Vert.x's OpenAPI loader. */
class ContractRoutesTest {
  private static final ContractRoutes CONTRACT = ContractRoutes.read();

  @Test
  void readsEveryOperationWithItsMethodAndPath() {
    var create = CONTRACT.operations().stream().filter(o -> o.operationId().equals("executionCreate")).findFirst()
        .orElseThrow();
    assertEquals("/api/v1/executions", create.path());
    assertEquals("POST", create.method().name());
    assertTrue(create.hasJsonBody());
    assertTrue(CONTRACT.operations().size() > 100);
  }

  @Test
  void bodiesAreCheckedAgainstTheirSchemas() {
    assertDoesNotThrow(() -> CONTRACT.validateBody("executionCreate",
        new JsonObject().put("action", "core.local").put("parameters", new JsonObject()).putNull("user")));
    Validation unknown = assertThrows(Validation.class, () -> CONTRACT.validateBody("executionCreate",
        new JsonObject().put("action", "core.local").put("surprise", 1)));
    assertTrue(unknown.getMessage().contains("surprise"),
        unknown.getMessage());
    Validation wrongType = assertThrows(Validation.class, () -> CONTRACT.validateBody("executionCreate",
        new JsonObject().put("action", 5)));
    assertDoesNotThrow(() -> CONTRACT.validateBody("executionsList", new JsonObject()));
  }

  @Test
  void aliasesFollowStackStormsMounts() {
    assertEquals(List.of("/api/v1/actions", "/v1/actions"), ContractRoutes.aliases("/api/v1/actions"));
    assertEquals(List.of("/stream/v1/stream", "/stream/stream"), ContractRoutes.aliases("/stream/v1/stream"));
    assertEquals("/api/v1/actions/:ref_or_id", ContractRoutes.toVertxPath("/api/v1/actions/{ref_or_id}"));
  }
}
