package dev.squall.timers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The documents of the three timer trigger types the timers service registers in pack {@code core}. */
public final class TimerTriggerTypes {
  private TimerTriggerTypes() {
  }

  /** Fresh copies, in the order IntervalTimer, DateTimer, CronTimer. */
  public static List<JsonObject> all() {
    return List.of(interval(), date(), cron());
  }

  private static JsonObject interval() {
    JsonObject properties = new JsonObject()
        .put("timezone", string())
        .put("unit", new JsonObject()
            .put("enum", new JsonArray().add("weeks").add("days").add("hours").add("minutes").add("seconds"))
            .put("required", true))
        .put("delta", new JsonObject().put("type", "integer").put("required", true));
    return type("st2.IntervalTimer", "Fires repeatedly, every delta units, counted from when the timer starts.",
        properties);
  }

  private static JsonObject date() {
    JsonObject properties = new JsonObject()
        .put("timezone", string())
        .put("date", string().put("format", "date-time").put("required", true));
    return type("st2.DateTimer", "Fires a single time, at the given date and time.", properties);
  }

  private static JsonObject cron() {
    JsonObject properties = new JsonObject()
        .put("timezone", string())
        .put("year", cronField(null, null))
        .put("month", cronField(1, 12))
        .put("day", cronField(1, 31))
        .put("week", cronField(1, 53))
        .put("day_of_week", cronField(0, 6))
        .put("hour", cronField(0, 23))
        .put("minute", cronField(0, 59))
        .put("second", cronField(0, 59));
    return type("st2.CronTimer", "Fires on every second matching cron-like fields (day_of_week 0 is Monday).",
        properties);
  }

  private static JsonObject type(String name, String description, JsonObject properties) {
    return new JsonObject()
        .put("name", name)
        .put("pack", "core")
        .put("ref", "core." + name)
        .put("uid", "trigger_type:core:" + name)
        .put("description", description)
        .put("parameters_schema", new JsonObject()
            .put("type", "object")
            .put("properties", properties)
            .put("additionalProperties", false))
        .put("payload_schema", payloadSchema())
        .put("tags", new JsonArray());
  }

  private static JsonObject payloadSchema() {
    return new JsonObject()
        .put("type", "object")
        .put("properties", new JsonObject()
            // Python's str() puts a space before the time, which a strict "date-time" format check would refuse.
            .put("executed_at", string())
            // The emitted payload carries "schedule": null, so null must validate.
            .put("schedule", new JsonObject().put("type", new JsonArray().add("object").add("null"))));
  }

  private static JsonObject string() {
    return new JsonObject().put("type", "string");
  }

  private static JsonObject cronField(Integer min, Integer max) {
    JsonObject field = new JsonObject().put("anyOf", new JsonArray()
        .add(new JsonObject().put("type", "string"))
        .add(new JsonObject().put("type", "integer")));
    if (min != null) {
      field.put("minimum", min).put("maximum", max);
    }
    return field;
  }
}
