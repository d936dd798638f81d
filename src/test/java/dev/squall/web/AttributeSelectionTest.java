package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.store.Projection;
import dev.squall.store.Query;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An answer projected by the store (then cut where needed) is the answer cut in memory, key order included. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttributeSelectionTest {
  private static final Set<String> FIELDS = Set.of("id", "ref", "name", "status", "action", "context", "result",
      "elapsed", "liveaction");

  private static JsonObject doc() {
    return new JsonObject()
        .put("id", "e1")
        .put("ref", "p.one")
        .put("name", "one")
        .put("status", "succeeded")
        .put("action", new JsonObject().put("ref", "core.local").put("name", "local")
            .put("parameters", new JsonObject().put("cmd", new JsonObject().put("type", "string"))))
        .put("context", new JsonObject().put("user", "stanley").put("trace", new JsonObject().put("tag", "t")))
        .put("result", new JsonObject())
        .put("elapsed", (Object) null)
        .put("liveaction", new JsonObject().put("id", "l1").put("parameters", new JsonObject()));
  }

  /** What a listing answers when the store projects: store projection, then a cut when select says so. */
  private static JsonObject viaStore(AttributeSelection selection, List<String> needed) {
    Query query = Query.where();
    boolean cut = selection.select(query, needed);
    JsonObject stored = Projection.wanted(query) ? Projection.apply(doc(), query) : doc();
    return cut ? selection.apply(stored) : stored;
  }

  private static AttributeSelection including(String... attrs) {
    return AttributeSelection.of(List.of(attrs), List.of(), FIELDS, Set.of(), Set.of("id"));
  }

  private static AttributeSelection excluding(String... attrs) {
    return AttributeSelection.of(List.of(), List.of(attrs), FIELDS, Set.of(), Set.of("id"));
  }

  @Test
  void includesGiveTheSameAnswerInTheSameOrder() {
    List<List<String>> cases = List.of(
        List.of("status"),
        List.of("id"),
        List.of("action.ref", "status"),
        List.of("action.ref", "action"),
        List.of("action", "action.ref"),
        List.of("status", "action.ref", "context", "action"),
        List.of("context.trace.tag", "context.user", "action.name"),
        List.of("context.nothing", "action.ref.deeper", "status.x"),
        List.of("action.", "action..ref"),
        List.of("result", "elapsed", "liveaction.parameters"));
    for (List<String> include : cases) {
      AttributeSelection selection = including(include.toArray(String[]::new));
      assertEquals(selection.apply(doc()).encode(), viaStore(selection, List.of()).encode(), include.toString());
    }
  }

  @Test
  void excludesGiveTheSameAnswer() {
    for (List<String> exclude : List.of(List.of("result"), List.of("status", "result"), List.of("action.ref"),
        List.of("id"), List.of("id", "status"), List.of("context.user", "liveaction"))) {
      AttributeSelection selection = excluding(exclude.toArray(String[]::new));
      assertEquals(selection.apply(doc()).encode(), viaStore(selection, List.of()).encode(), exclude.toString());
    }
  }

  @Test
  void theStoreGetsNoOverlappingPathsAndTheKeptOnesFirst() {
    Query query = Query.where();
    AttributeSelection.of(List.of("action.ref", "status", "action", "context.user", "context.trace"), List.of(),
        FIELDS, Set.of(), Set.of("id", "ref")).select(query, List.of());
    assertEquals(List.of("ref", "action", "status", "context.user", "context.trace"), query.included());

    Query excluded = Query.where();
    assertTrue(excluding("id", "result", "action.ref").select(excluded, List.of()), "id is cut in memory");
    assertEquals(List.of("result"), excluded.excluded(), "only top-level names are excluded from answers");
  }

  @Test
  void attributesTheViewReadsAreFetchedAndCutAgain() {
    AttributeSelection selection = including("action.ref", "status");
    Query query = Query.where();
    assertTrue(selection.select(query, List.of("action.parameters", "status")));
    assertEquals(List.of("action.ref", "status", "action.parameters"), query.included());
    assertEquals(selection.apply(doc()).encode(), viaStore(selection, List.of("action.parameters")).encode());

    Query covered = Query.where();
    assertFalse(including("action").select(covered, List.of("action.parameters")), "already fetched");
    assertEquals(List.of("action"), covered.included());
  }

  @Test
  void touchesWhatLiesOnEitherSideOfAPath() {
    List<String> secret = List.of("action.parameters");
    assertTrue(including("action").touches(secret));
    assertTrue(including("action.parameters").touches(secret));
    assertTrue(including("action.parameters.cmd").touches(secret));
    assertFalse(including("action.ref", "status").touches(secret));
    assertFalse(including("action.parametersX").touches(secret));
    assertFalse(excluding("result").touches(secret));
  }

  @Test
  void nothingAskedLeavesTheQueryAlone() {
    Query query = Query.where();
    assertFalse(AttributeSelection.ALL.select(query, List.of("action.parameters")));
    assertTrue(query.included().isEmpty() && query.excluded().isEmpty());
  }
}
