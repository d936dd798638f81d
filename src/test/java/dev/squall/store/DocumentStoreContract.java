package dev.squall.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Conflict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link DocumentStore} backend must show. An implementing test class opens a fresh,
 * empty store with {@link #SPECS} before each test and closes it after.
 */
public interface DocumentStoreContract {

  String THINGS = "things";

  List<CollectionSpec> SPECS = List.of(new CollectionSpec(THINGS, List.of(
      CollectionSpec.Field.text("status"),
      CollectionSpec.Field.uniqueText("name"),
      CollectionSpec.Field.number("size"),
      CollectionSpec.Field.bool("enabled"),
      CollectionSpec.Field.text("action.ref"),
      CollectionSpec.Field.text("parent"),
      CollectionSpec.Field.text("start_timestamp")), List.of())
      .withIndex("parent", "start_timestamp")
      .withIndex("action.ref", "start_timestamp"));

  DocumentStore store();

  Vertx vertx();

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("store operation failed", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  static JsonObject doc(String id, String status, int size) {
    return new JsonObject().put("id", id).put("status", status).put("size", size);
  }

  static List<String> ids(List<JsonObject> docs) {
    return docs.stream().map(d -> d.getString("id")).toList();
  }

  /** Five executions: e1..e5 with increasing size and start time; e1 and e3 have no parent. */
  default Future<Void> seed() {
    return store().insertMany(THINGS, List.of(
        execution("e1", "succeeded", 1, "core.local", null).put("enabled", true),
        execution("e2", "failed", 2, "core.remote", "e1"),
        execution("e3", "succeeded", 3, "core.local", null),
        execution("e4", "running", 4, "core.http", "e1"),
        execution("e5", "succeeded", 5, "core.local", "e3").put("enabled", false)));
  }

  static JsonObject execution(String id, String status, int size, String ref, String parent) {
    JsonObject doc = doc(id, status, size)
        .put("action", new JsonObject().put("ref", ref))
        .put("start_timestamp", "2024-01-01T00:00:0" + size + ".000000Z");
    return parent == null ? doc : doc.put("parent", parent);
  }

  private List<String> found(Query query) {
    return ids(await(store().find(THINGS, query)));
  }

  @Test
  default void insertedDocumentIsReturnedByGet() {
    JsonObject doc = doc("a", "new", 1).put("nested", new JsonObject().put("list", new JsonArray().add(1).add("x")));
    JsonObject got = await(store().insert(THINGS, doc).compose(v -> store().get(THINGS, "a")));
    assertEquals(doc, got);
    assertNull(await(store().get(THINGS, "missing")));
  }

  @Test
  default void duplicateIdIsConflict() {
    Throwable failure = failure(store().insert(THINGS, doc("a", "new", 1))
        .compose(v -> store().insert(THINGS, doc("a", "other", 2))));
    assertInstanceOf(Conflict.class, failure);
    assertEquals("a", ((Conflict) failure).conflictId());
    assertEquals("new", await(store().get(THINGS, "a")).getString("status"));
  }

  @Test
  default void duplicateUniqueFieldIsConflictButAbsentValuesAreNot() {
    Throwable failure = failure(store().insert(THINGS, doc("a", "new", 1).put("name", "same"))
        .compose(v -> store().insert(THINGS, doc("b", "new", 2)))
        .compose(v -> store().insert(THINGS, doc("c", "new", 3)))
        .compose(v -> store().insert(THINGS, doc("d", "new", 4).put("name", "same"))));
    assertInstanceOf(Conflict.class, failure);
    assertEquals("a", ((Conflict) failure).conflictId());
    assertEquals(3L, await(store().count(THINGS, Query.all())));
    assertNull(await(store().get(THINGS, "d")));
  }

  @Test
  default void insertManyStoresEveryDocument() {
    List<JsonObject> docs = IntStream.range(0, 50).mapToObj(i -> doc("m" + i, "new", i)).toList();
    await(store().insertMany(THINGS, docs).compose(v -> store().insertMany(THINGS, List.of())));
    assertEquals(50L, await(store().count(THINGS, Query.all())));
    assertEquals(docs.get(42), await(store().get(THINGS, "m42")));
    Throwable failure = failure(store().insertMany(THINGS, List.of(doc("n1", "new", 1), doc("m7", "new", 1))));
    assertInstanceOf(Conflict.class, failure);
    assertEquals("m7", ((Conflict) failure).conflictId());
  }

  @Test
  default void upsertInsertsThenReplaces() {
    Future<JsonObject> chain = store().upsert(THINGS, doc("u", "requested", 1).put("extra", "x"))
        .compose(v -> store().upsert(THINGS, doc("u", "running", 2)))
        .compose(v -> store().get(THINGS, "u"));
    assertEquals(doc("u", "running", 2), await(chain));
    assertEquals(List.of("u"), found(Query.where().eq("status", "running")));
    assertEquals(0L, await(store().count(THINGS, Query.where().eq("status", "requested"))));
  }

  @Test
  default void replaceIfAppliesOnlyWhenFieldHoldsAnExpectedValue() {
    Future<List<Boolean>> chain = store().insert(THINGS, doc("x", "scheduled", 1))
        .compose(v -> store().replaceIf(THINGS, doc("x", "running", 2), "status", List.of("requested", "scheduled")))
        .compose(first -> store().replaceIf(THINGS, doc("x", "succeeded", 3), "status", List.of("scheduled"))
            .compose(second -> store().replaceIf(THINGS, doc("nope", "running", 1), "status", List.of("scheduled"))
                .map(third -> List.of(first, second, third))));
    assertEquals(List.of(true, false, false), await(chain));
    assertEquals(doc("x", "running", 2), await(store().get(THINGS, "x")));
    assertEquals(List.of("x"), found(Query.where().eq("status", "running")));
    assertNull(await(store().get(THINGS, "nope")));
  }

  @Test
  default void patchIfSetsAndRemovesKeysOnlyWhenFieldHoldsAnExpectedValue() {
    JsonObject original = execution("p", "scheduled", 7, "core.local", null)
        .put("log", new JsonArray().add("requested")).put("note", "drop me");
    Future<List<Boolean>> chain = store().insert(THINGS, original)
        .compose(v -> store().patchIf(THINGS, "p", new JsonObject().put("status", "running")
            .put("log", new JsonArray().add("requested").add("running")).putNull("note"), "status",
            List.of("scheduled")))
        .compose(first -> store().patchIf(THINGS, "p", new JsonObject().put("status", "failed"), "status",
                List.of("scheduled"))
            .compose(second -> store().patchIf(THINGS, "nope", new JsonObject().put("status", "x"), "status",
                    List.of("scheduled"))
                .map(third -> List.of(first, second, third))));
    assertEquals(List.of(true, false, false), await(chain));
    JsonObject expected = execution("p", "running", 7, "core.local", null)
        .put("log", new JsonArray().add("requested").add("running"));
    assertEquals(expected, await(store().get(THINGS, "p")));
    assertEquals(List.of("p"), found(Query.where().eq("status", "running")));
    assertEquals(List.of(), found(Query.where().eq("status", "scheduled")));
    assertNull(await(store().get(THINGS, "nope")));
  }

  @Test
  default void findFiltersByEqualityAndMembership() {
    await(seed());
    assertEquals(List.of("e1", "e3", "e5"), found(Query.where().eq("status", "succeeded").sortAsc("id")));
    assertEquals(List.of("e2", "e4"), found(Query.where().in("status", List.of("failed", "running")).sortAsc("id")));
    assertEquals(List.of(), found(Query.where().in("status", List.of())));
    assertEquals(List.of("e3"), found(Query.where().eq("id", "e3")));
    assertEquals(List.of("e1"), found(Query.where().eq("enabled", true)));
    assertEquals(List.of("e5"), found(Query.where().eq("enabled", false)));
    assertEquals(List.of("e1", "e3", "e5"), found(Query.where().eq("action.ref", "core.local").sortAsc("id")));
    assertEquals(List.of("e3", "e5"),
        found(Query.where().eq("action.ref", "core.local").eq("status", "succeeded").notNull("size")
            .within("size", 2, null).sortAsc("size")));
  }

  @Test
  default void findFiltersByRanges() {
    await(seed());
    assertEquals(List.of("e2", "e3", "e4"), found(Query.where().within("size", 2, 4).sortAsc("size")));
    assertEquals(List.of("e3"), found(Query.where().between("size", 2, 4)));
    assertEquals(List.of("e1", "e2"), found(Query.where().within("size", null, 2).sortAsc("size")));
    assertEquals(List.of("e1"), found(Query.where().between("size", null, 2)));
    assertEquals(List.of("e4", "e5"), found(Query.where().between("size", 3, null).sortAsc("size")));
    assertEquals(List.of("e3", "e4", "e5"), found(Query.where().within("size", 2.5, null).sortAsc("size")));
    assertEquals(5, found(Query.where().within("size", null, null)).size());
    assertEquals(List.of("e2", "e3"), found(Query.where()
        .within("start_timestamp", "2024-01-01T00:00:02.000000Z", "2024-01-01T00:00:03.000000Z").sortAsc("id")));
    assertEquals(List.of("e4", "e5"), found(Query.where()
        .between("start_timestamp", "2024-01-01T00:00:03.000000Z", null).sortAsc("id")));
  }

  @Test
  default void findByAbsentOrPresentField() {
    await(seed());
    assertEquals(List.of("e1", "e3"), found(Query.where().isNull("parent").sortAsc("id")));
    assertEquals(List.of("e2", "e4", "e5"), found(Query.where().notNull("parent").sortAsc("id")));
    assertEquals(List.of("e2", "e4"), found(Query.where().eq("parent", "e1").sortAsc("id")));
  }

  @Test
  default void findSortsByManyKeysAndPages() {
    await(seed());
    assertEquals(List.of("e2", "e4", "e5", "e3", "e1"), found(Query.where().sortAsc("status").sortDesc("size")));
    assertEquals(List.of("e5", "e4", "e3", "e2", "e1"), found(Query.all().sortDesc("start_timestamp")));
    assertEquals(List.of("e4", "e3"), found(Query.all().sortDesc("start_timestamp").offset(1).limit(2)));
    assertEquals(List.of("e2", "e1"), found(Query.all().sortDesc("start_timestamp").offset(3)));
    assertEquals(List.of(), found(Query.all().sortDesc("start_timestamp").offset(10).limit(5)));
    assertEquals(List.of("e3", "e1"), found(Query.where().isNull("parent").sortDesc("start_timestamp").limit(50)));
  }

  @Test
  default void findProjectsFields() {
    await(seed());
    JsonObject only = await(store().find(THINGS, Query.where().eq("id", "e2").include("status", "action.ref"))).get(0);
    assertEquals(new JsonObject().put("id", "e2").put("status", "failed")
        .put("action", new JsonObject().put("ref", "core.remote")), only);
    JsonObject without = await(store().find(THINGS, Query.where().eq("id", "e2").exclude("action", "size"))).get(0);
    assertEquals(new JsonObject().put("id", "e2").put("status", "failed").put("parent", "e1")
        .put("start_timestamp", "2024-01-01T00:00:02.000000Z"), without);
  }

  @Test
  default void countAppliesFiltersOnly() {
    await(seed());
    assertEquals(5L, await(store().count(THINGS, Query.all().limit(1).offset(2))));
    assertEquals(3L, await(store().count(THINGS, Query.where().eq("status", "succeeded"))));
    assertEquals(2L, await(store().count(THINGS, Query.where().isNull("parent").eq("action.ref", "core.local"))));
    assertEquals(0L, await(store().count(THINGS, Query.where().eq("status", "abandoned"))));
  }

  @Test
  default void undeclaredFieldsAreRejected() {
    await(seed());
    assertInstanceOf(IllegalArgumentException.class, failure(store().find(THINGS, Query.where().eq("nope", 1))));
    assertInstanceOf(IllegalArgumentException.class, failure(store().find(THINGS, Query.all().sortAsc("nope"))));
    assertInstanceOf(IllegalArgumentException.class, failure(store().count(THINGS, Query.where().isNull("nope"))));
    assertInstanceOf(IllegalArgumentException.class, failure(store().get("unknown", "x")));
  }

  @Test
  default void deleteByIdAndByQuery() {
    Future<List<Object>> chain = seed()
        .compose(v -> store().delete(THINGS, "e4"))
        .compose(first -> store().delete(THINGS, "e4").map(second -> List.<Object>of(first, second)))
        .compose(deletes -> store().deleteMany(THINGS, Query.where().eq("status", "succeeded").notNull("parent"))
            .map(n -> List.of(deletes.get(0), deletes.get(1), n)));
    assertEquals(List.of(true, false, 1L), await(chain));
    assertEquals(List.of("e1", "e2", "e3"), found(Query.all().sortAsc("id")));
    assertEquals(3L, await(store().deleteMany(THINGS, Query.all())));
    assertEquals(0L, await(store().count(THINGS, Query.all())));
  }

  @Test
  default void concurrentInsertsFromAnEventLoopCompleteOnItsContext() {
    int n = 2000;
    Context context = vertx().getOrCreateContext();
    Promise<List<Boolean>> onContext = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Boolean>> inserts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        inserts.add(store().insert(THINGS, doc("c" + i, i % 2 == 0 ? "even" : "odd", i))
            .map(ok -> Vertx.currentContext() == context));
      }
      Future.all(inserts).map(all -> inserts.stream().map(Future::result).toList()).onComplete(onContext);
    });
    List<Boolean> sameContext = await(onContext.future());
    assertEquals(n, sameContext.size());
    assertFalse(sameContext.contains(false), "every insert completed on the caller's context");
    assertEquals((long) n, await(store().count(THINGS, Query.all())));
    assertEquals(n / 2L, await(store().count(THINGS, Query.where().eq("status", "odd"))));
    assertEquals(doc("c1999", "odd", 1999), await(store().get(THINGS, "c1999")));
  }

  @Test
  default void unicodeAndBigDocumentsRoundTrip() {
    String text = "Zürich – naïve café ✓ 日本語 🚀 \"quoted\" \\ back\nline\ttab \u0001";
    String big = "x".repeat(3 * 1024 * 1024);
    JsonObject unicode = doc("ü-1 ✓", text, 1).put("name", text).put("ключ", "значение");
    JsonObject large = doc("big", "large", 2).put("result", new JsonObject().put("stdout", big)
        .put("lines", new JsonArray(IntStream.range(0, 10_000).mapToObj(i -> "line " + i).toList())));
    await(store().insert(THINGS, unicode).compose(v -> store().insert(THINGS, large)));
    assertEquals(unicode, await(store().get(THINGS, "ü-1 ✓")));
    assertEquals(large, await(store().get(THINGS, "big")));
    assertEquals(List.of("ü-1 ✓"), found(Query.where().eq("name", text)));
  }

  @Test
  default void operationsOffVertxCompleteToo() {
    Future<JsonObject> chain = store().insert(THINGS, doc("plain", "new", 1)).compose(v -> store().get(THINGS, "plain"));
    assertEquals(doc("plain", "new", 1), await(chain));
    assertSame(null, Vertx.currentContext());
    assertTrue(await(store().delete(THINGS, "plain")));
  }
}
