package dev.squall.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CriteriaKeyTest {
  private static final JsonObject PAYLOAD = new JsonObject("""
      {"body": {"name": "web", "a.b": 1, "with space": 2, "where": 3, "n": null, "zero": 0,
                "tags": ["x", "y", "z"], "count": 7},
       "items": [{"id": 1, "k": "first"}, {"id": 2}, {"k": "third"}],
       "headers": {"X-Hook-Id": "h1"},
       "empty": []}
      """);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", nullValues = "NULL", textBlock = """
      trigger.body.name => web
      trigger.body.missing => NULL
      trigger.missing.deeper => NULL
      trigger.body.n => NULL
      trigger.items[0].id => 1
      trigger.items[1].id => 2
      trigger.items[5].id => NULL
      trigger.items[-1].k => third
      trigger.items[*].id => 1
      trigger.items[*].k => first
      trigger.items[1:].k => third
      trigger.body.tags[0] => x
      trigger.body.name[0] => w
      trigger.body.'a.b' => 1
      trigger.body."with space" => 2
      trigger.body.'where' => 3
      trigger.body['a.b'] => 1
      trigger.headers.X-Hook-Id => h1
      trigger.body.name#1 => web
      trigger.body.name#anything.at.all => web
      trigger.body.zero[0] => NULL
      trigger.empty[0] => NULL
      trigger.body.missing,name => web
      trigger..k => first
      $.trigger.body.name => web
      trigger.* => {"name":"web","a.b":1,"with space":2,"where":3,"n":null,"zero":0,"tags":["x","y","z"],"count":7}
      trigger.body.tags => ["x","y","z"]
      trigger.items where k => NULL
      trigger.items[*] where id => {"id":1,"k":"first"}
      trigger.body.count[*] => 7
      payload.body.name => NULL
      item.body.name => NULL
      """)
  void resolves(String key, String expected) {
    Object value = CriteriaKey.parse(key).resolve(PAYLOAD);
    assertEquals(expected, value == null ? null : value instanceof String s ? s : String.valueOf(value)
        .replace(", ", ","));
  }

  @Test
  void keepsTypes() {
    assertEquals(1, CriteriaKey.parse("trigger.items[0].id").resolve(PAYLOAD));
    assertEquals(new JsonArray().add("x").add("y").add("z"), CriteriaKey.parse("trigger.body.tags").resolve(PAYLOAD));
    assertEquals(JsonObject.class, CriteriaKey.parse("trigger.items[0]").resolve(PAYLOAD).getClass());
  }

  @Test
  void searchItemRoot() {
    JsonObject item = new JsonObject().put("field_name", "Status");
    assertEquals("Status", CriteriaKey.parse("item.field_name#2").resolve("item", item));
    assertNull(CriteriaKey.parse("trigger.field_name").resolve("item", item));
    assertNull(CriteriaKey.parse("item.field_name").resolve("item", "a string item"));
  }

  @Test
  void errorsSurfaceWhenResolving() {
    CriteriaKey bad = CriteriaKey.parse("trigger.body.^name");
    assertEquals("Error on line 1, col 13: Unexpected character: ^ ",
        assertThrows(CriteriaException.class, () -> bad.resolve(PAYLOAD)).getMessage());
    assertEquals("Parse error at 1:8 near token ] (])",
        assertThrows(CriteriaException.class, () -> CriteriaKey.parse("trigger[]").resolve(PAYLOAD)).getMessage());
    assertEquals("'NoneType' object has no attribute 'lineno'",
        assertThrows(CriteriaException.class, () -> CriteriaKey.parse("trigger.").resolve(PAYLOAD)).getMessage());
    assertEquals("Unexpected EOF in string literal or identifier",
        assertThrows(CriteriaException.class, () -> CriteriaKey.parse("trigger.'x").resolve(PAYLOAD)).getMessage());
    // jsonpath-rw indexes a dict by int (KeyError) and takes len() of a number (TypeError)
    assertEquals("0",
        assertThrows(CriteriaException.class, () -> CriteriaKey.parse("trigger.body[0]").resolve(PAYLOAD)).getMessage());
    assertEquals("object of type 'int' has no len()", assertThrows(CriteriaException.class,
        () -> CriteriaKey.parse("trigger.body.count[0]").resolve(PAYLOAD)).getMessage());
    assertEquals("list index out of range", assertThrows(CriteriaException.class,
        () -> CriteriaKey.parse("trigger.items[-9]").resolve(PAYLOAD)).getMessage());
  }

  @Test
  void expressionDropsHashSuffix() {
    assertEquals("trigger.x", CriteriaKey.parse("trigger.x#1").expression());
  }
}
