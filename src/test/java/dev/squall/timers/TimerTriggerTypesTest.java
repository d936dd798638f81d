package dev.squall.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerTriggerTypesTest {
  @Test
  void oneDocumentPerTimerType() {
    List<JsonObject> types = TimerTriggerTypes.all();
    assertEquals(TimerSchedule.TYPES, types.stream().map(t -> t.getString("ref")).collect(Collectors.toSet()));
    for (JsonObject type : types) {
      assertEquals("core", type.getString("pack"));
      assertEquals("core." + type.getString("name"), type.getString("ref"));
      assertEquals("trigger_type:core:" + type.getString("name"), type.getString("uid"));
      assertEquals(new JsonArray(), type.getJsonArray("tags"));
      assertFalse(type.getString("description").isBlank());
      assertEquals(false, type.getJsonObject("parameters_schema").getBoolean("additionalProperties"));
      assertEquals(Set.of("executed_at", "schedule"),
          type.getJsonObject("payload_schema").getJsonObject("properties").fieldNames());
    }
  }

  @Test
  void parameterNamesMatchWhatTheSchedulesAccept() {
    List<JsonObject> types = TimerTriggerTypes.all();
    assertEquals(Set.of("unit", "delta", "timezone"), properties(types.get(0)).fieldNames());
    assertEquals(Set.of("date", "timezone"), properties(types.get(1)).fieldNames());
    assertEquals(Set.of("timezone", "year", "month", "day", "week", "day_of_week", "hour", "minute", "second"),
        properties(types.get(2)).fieldNames());
    assertEquals(true, properties(types.get(0)).getJsonObject("unit").getBoolean("required"));
    assertEquals(6, properties(types.get(2)).getJsonObject("day_of_week").getInteger("maximum"));
  }

  @Test
  void copiesAreIndependent() {
    TimerTriggerTypes.all().get(0).put("name", "changed");
    assertEquals("st2.IntervalTimer", TimerTriggerTypes.all().get(0).getString("name"));
  }

  private static JsonObject properties(JsonObject type) {
    return type.getJsonObject("parameters_schema").getJsonObject("properties");
  }
}
