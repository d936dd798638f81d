package dev.squall.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.Executions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotifierTest {
  private static JsonObject completed() {
    JsonObject notify = new JsonObject().put("on-complete", new JsonObject()
        .put("routes", new JsonArray().add("audit"))
        .put("message", "login of {{ action_parameters.user }} with {{ action_parameters.password }}")
        .put("data", new JsonObject().put("pw", "{{ action_parameters.password }}")));
    JsonObject action = new JsonObject().put("ref", "p.login").put("notify", notify).put("parameters", new JsonObject()
        .put("user", new JsonObject().put("type", "string"))
        .put("password", new JsonObject().put("type", "string").put("secret", true)));
    JsonObject runner = new JsonObject().put("name", "local-shell-script").put("runner_parameters", new JsonObject());
    JsonObject doc = Executions.requested(action, runner, new JsonObject().put("user", "alice").put("password", "pw-9"),
        new JsonObject().put("user", "stanley"), null, 0, null, "u");
    return Executions.withResult(Executions.moved(doc, ExecutionStatus.SUCCEEDED), new JsonObject().put("ok", true));
  }

  @Test
  void actionTriggerPayloadCarriesMaskedParameters() {
    JsonObject payload = Notifier.actionTriggerPayload(completed());
    assertEquals(new JsonObject().put("user", "alice").put("password", "********"), payload.getJsonObject("parameters"));
  }

  @Test
  void notifyTemplatesSeeMaskedParameters() {
    List<JsonObject> payloads = new Notifier(null, true, user -> Map.of()).notifyPayloads(completed());
    assertEquals(1, payloads.size());
    JsonObject payload = payloads.get(0);
    assertEquals("login of alice with ********", payload.getString("message"));
    assertEquals("********", payload.getJsonObject("data").getString("pw"));
    assertFalse(payload.encode().contains("pw-9"), payload.encode());
  }
}
