package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.config.ApiConfig;
import dev.squall.error.Validation;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Values as deep as a request may carry (api.max_json_depth) go through templates, parameter resolution and
 * JSON encoding on a stack as small as the launcher gives (-Xss512k); templates nested far deeper fail as
 * a 400-style Validation, never a StackOverflowError.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeepValuesTest {
  private static final int STACK = 512 * 1024;
  private static final int DEPTH = ApiConfig.DEFAULT_MAX_JSON_DEPTH;

  /** Runs on a thread with the launcher's stack size; its failures are the test's. */
  private static void onSmallStack(Runnable body) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "small-stack", STACK);
    thread.start();
    thread.join();
    if (failure.get() instanceof Error e) {
      throw e;
    }
    if (failure.get() instanceof RuntimeException e) {
      throw e;
    }
  }

  /** Objects and arrays alternating, {@code depth} levels, a template string at the bottom. */
  private static Object deep(int depth, Object leaf) {
    Object value = leaf;
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? new JsonObject().put("k" + i, value) : new JsonArray().add(value);
    }
    return value;
  }

  private static Object bottom(Object value) {
    while (value instanceof JsonObject || value instanceof JsonArray) {
      value = value instanceof JsonObject o ? o.getValue(o.fieldNames().iterator().next()) : ((JsonArray) value).getValue(0);
    }
    return value;
  }

  @Test
  void parametersAsDeepAsARequestAllowsResolveAndRender() throws Exception {
    onSmallStack(() -> {
      JsonObject deepObject = new JsonObject().put("top", deep(DEPTH - 2, "{{ greeting }} {{ 6 * 7 }}"));
      ParameterSchema schema = ParameterSchema.merge(new JsonObject(), new JsonObject()
          .put("greeting", new JsonObject().put("type", "string"))
          .put("data", new JsonObject().put("type", "object")), "tests.deep");
      ParameterResolver.Resolved resolved = new ParameterResolver().resolve(schema,
          new JsonObject().put("greeting", "hello").put("data", deepObject), Map.of());
      JsonObject data = resolved.action().getJsonObject("data");
      assertEquals("hello 42", bottom(data));
      String text = data.encode();
      assertEquals(data, new JsonObject(text));
      assertEquals(data, data.copy());
      Map<String, Object> context = new HashMap<>();
      context.put("x", data);
      assertTrue(new Jinja().render("{{ x }}", context).contains("hello 42"));
      assertTrue(new Jinja().render("{{ x | to_json_string }}", context).contains("hello 42"));
    });
  }

  @Test
  void deeplyNestedTemplatesFailAsValidation() throws Exception {
    onSmallStack(() -> {
      Jinja jinja = new Jinja();
      String parens = "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}";
      assertThrows(Validation.class, () -> jinja.render(parens, new HashMap<>()));
      assertThrows(Validation.class, () -> Jinja.checkSyntax(parens));
      String blocks = "{% if 1 %}".repeat(3000) + "x" + "{% endif %}".repeat(3000);
      assertThrows(Validation.class, () -> jinja.render(blocks, new HashMap<>()));
    });
  }

  @Test
  void jsonTextParsedInsideTemplatesIsBounded() throws Exception {
    onSmallStack(() -> {
      Map<String, Object> context = new HashMap<>();
      context.put("s", "[".repeat(5000) + "]".repeat(5000));
      Validation deep = assertThrows(Validation.class, () -> new Jinja().render("{{ s | from_json_string }}", context));
      assertTrue(deep.getMessage().contains("nested deeper"), deep.getMessage());
      context.put("s", Json.encode(deep(DEPTH, "ok")));
      assertTrue(new Jinja().render("{{ s | from_json_string }}", context).contains("ok"));
    });
  }
}
