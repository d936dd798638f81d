package dev.squall.executions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecutionsTest {
  private static final String M = "********";

  /** An execution of an action with a secret password (and a secret default), by a runner with a secret. */
  static JsonObject execution() {
    JsonObject action = new JsonObject().put("ref", "p.login").put("pack", "p").put("parameters", new JsonObject()
        .put("user", new JsonObject().put("type", "string"))
        .put("password", new JsonObject().put("type", "string").put("secret", true).put("default", "dflt-pw"))
        .put("creds", new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("password", new JsonObject().put("type", "string").put("secret", true)))));
    JsonObject runner = new JsonObject().put("name", "local-shell-script").put("runner_parameters", new JsonObject()
        .put("sudo_password", new JsonObject().put("type", "string").put("secret", true))
        .put("timeout", new JsonObject().put("type", "integer").put("default", 60)));
    JsonObject params = new JsonObject().put("user", "alice").put("password", "pw-1")
        .put("creds", new JsonObject().put("password", "pw-2")).put("sudo_password", "pw-3");
    JsonObject doc = Executions.requested(action, runner, params, new JsonObject().put("user", "stanley"), null, 0,
        null, "https://ui");
    return doc.put("rule", new JsonObject().put("ref", "p.r").put("action", new JsonObject().put("ref", "p.login")
        .put("parameters", new JsonObject().put("user", "{{ trigger.user }}").put("password", "pw-4"))));
  }

  @Test
  void apiViewMasksEveryCopyOfASecretValue() {
    JsonObject doc = execution();
    JsonObject view = Executions.apiView(doc);
    String text = view.encode();
    for (String secret : new String[] {"pw-1", "pw-2", "pw-3", "pw-4", "dflt-pw"}) {
      assertFalse(text.contains(secret), secret + " in " + text);
    }
    assertEquals(new JsonObject().put("user", "alice").put("password", M)
        .put("creds", new JsonObject().put("password", M)).put("sudo_password", M), view.getJsonObject("parameters"));
    assertEquals(view.getJsonObject("parameters"), view.getJsonObject("liveaction").getJsonObject("parameters"));
    assertEquals(M, view.getJsonObject("action").getJsonObject("parameters").getJsonObject("password")
        .getString("default"));
    assertEquals(60, view.getJsonObject("runner").getJsonObject("runner_parameters").getJsonObject("timeout")
        .getInteger("default"));
    assertEquals(new JsonObject().put("user", "{{ trigger.user }}").put("password", M),
        view.getJsonObject("rule").getJsonObject("action").getJsonObject("parameters"));
    assertEquals("pw-1", doc.getJsonObject("parameters").getString("password"), "the stored document is untouched");
    assertEquals("dflt-pw", doc.getJsonObject("action").getJsonObject("parameters").getJsonObject("password")
        .getString("default"));
  }

  @Test
  void showSecretsLeavesThemInClear() {
    JsonObject view = Executions.apiView(execution(), true);
    assertEquals("pw-1", view.getJsonObject("parameters").getString("password"));
    assertEquals("pw-2", view.getJsonObject("liveaction").getJsonObject("parameters").getJsonObject("creds")
        .getString("password"));
  }

  @Test
  void liveActionViewMasksItsParameters() {
    JsonObject live = Executions.liveActionView(execution());
    assertEquals(M, live.getJsonObject("parameters").getString("password"));
    assertEquals(M, live.getJsonObject("parameters").getJsonObject("creds").getString("password"));
    assertEquals("alice", live.getJsonObject("parameters").getString("user"));
  }

  @Test
  void aReRunSendingTheMaskBackKeepsThePreviousSecret() {
    JsonObject previous = execution();
    JsonObject sent = Executions.apiView(previous).getJsonObject("parameters").copy().put("user", "bob");
    JsonObject restored = Executions.restoreMasked(sent, previous);
    assertEquals(new JsonObject().put("user", "bob").put("password", "pw-1")
        .put("creds", new JsonObject().put("password", "pw-2")).put("sudo_password", "pw-3"), restored);
  }

  @Test
  void anExecutionWithoutSecretsIsShownAsStored() {
    JsonObject action = new JsonObject().put("ref", "core.noop").put("parameters", new JsonObject());
    JsonObject runner = new JsonObject().put("name", "noop").put("runner_parameters", new JsonObject());
    JsonObject doc = Executions.requested(action, runner, new JsonObject(), new JsonObject(), null, 0, null, "u");
    assertSame(doc, Executions.masked(doc));
  }
}
