package dev.squall.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.squall.executions.Executions;
import dev.squall.store.Projection;
import dev.squall.store.Query;
import dev.squall.web.AttributeSelection;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The history page asks the store for the attributes it shows, and still masks every secret they hold. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecutionsEndpointTest {

  private static final JsonObject EXECUTION = stored();

  /** A private copy of one stored execution. */
  private static JsonObject execution() {
    return EXECUTION.copy();
  }

  /** An execution of an action with a secret password, by a runner with a secret, started by a rule. */
  private static JsonObject stored() {
    JsonObject action = new JsonObject().put("ref", "p.login").put("pack", "p").put("parameters", new JsonObject()
        .put("user", new JsonObject().put("type", "string"))
        .put("password", new JsonObject().put("type", "string").put("secret", true).put("default", "dflt-pw")));
    JsonObject runner = new JsonObject().put("name", "local-shell-script").put("runner_parameters", new JsonObject()
        .put("sudo_password", new JsonObject().put("type", "string").put("secret", true)));
    JsonObject params = new JsonObject().put("user", "alice").put("password", "pw-1").put("sudo_password", "pw-3");
    return Executions.requested(action, runner, params, new JsonObject().put("user", "stanley"), null, 0, null,
            "https://ui")
        .put("rule", new JsonObject().put("ref", "p.r").put("action", new JsonObject().put("ref", "p.login")
            .put("parameters", new JsonObject().put("password", "pw-4"))));
  }

  /** The list's answer for one stored execution, the store projecting it. */
  private static JsonObject listed(AttributeSelection attributes, boolean showSecrets) {
    Query query = Query.where();
    boolean cut = ExecutionsEndpoint.select(attributes, query, showSecrets);
    JsonObject stored = Projection.wanted(query) ? Projection.apply(execution(), query) : execution();
    JsonObject view = Executions.apiView(stored, showSecrets);
    return cut ? attributes.apply(view) : view;
  }

  @Test
  void projectedAnswersAreTheWholeDocumentsCutAndMasked() {
    List<List<String>> includes = List.of(List.of("id", "status", "action.ref", "context.user", "start_timestamp"),
        List.of("parameters"), List.of("liveaction"), List.of("liveaction.parameters", "status"),
        List.of("action.parameters.password"), List.of("action"), List.of("runner"), List.of("rule.action"),
        List.of("id", "parameters", "liveaction", "context", "result"));
    for (boolean showSecrets : new boolean[] {false, true}) {
      for (List<String> include : includes) {
        AttributeSelection attributes = AttributeSelection.of(include, List.of(), ExecutionsEndpoint.FIELDS, Set.of(),
            Set.of("id"));
        JsonObject expected = attributes.apply(Executions.apiView(execution(), showSecrets));
        JsonObject answer = listed(attributes, showSecrets);
        assertEquals(expected.encode(), answer.encode(), include + (showSecrets ? " with secrets" : ""));
        if (!showSecrets) {
          for (String secret : List.of("pw-1", "pw-3", "pw-4", "dflt-pw")) {
            assertFalse(answer.encode().contains(secret), secret + " shown for " + include);
          }
        }
      }
    }
  }

  @Test
  void excludedAttributesAreLeftInTheStore() {
    AttributeSelection attributes = AttributeSelection.of(List.of(), List.of("result", "trigger_instance"),
        ExecutionsEndpoint.FIELDS, Set.of("result", "trigger_instance", "status"), Set.of("id"));
    JsonObject doc = execution().put("result", new JsonObject().put("stdout", "x"));
    Query query = Query.where();
    assertFalse(ExecutionsEndpoint.select(attributes, query, false));
    JsonObject stored = Projection.apply(doc.copy(), query);
    assertEquals(attributes.apply(Executions.apiView(doc)).encode(), Executions.apiView(stored).encode());
  }
}
