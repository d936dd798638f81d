package dev.squall.triggers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The built-in {@code core.st2.*} trigger types (timers come from the timers service). */
public final class TriggerTypes {
  public static final String WEBHOOK = "core.st2.webhook";
  public static final String ACTION_TRIGGER = "core.st2.generic.actiontrigger";
  public static final String NOTIFY_TRIGGER = "core.st2.generic.notifytrigger";
  public static final String KV_CREATE = "core.st2.key_value_pair.create";
  public static final String KV_UPDATE = "core.st2.key_value_pair.update";
  public static final String KV_DELETE = "core.st2.key_value_pair.delete";
  public static final String KV_VALUE_CHANGE = "core.st2.key_value_pair.value_change";

  private TriggerTypes() {
  }

  /** A trigger type document for the core pack. */
  public static JsonObject type(String name, String description, JsonObject parametersSchema, JsonObject payloadSchema) {
    JsonObject doc = new JsonObject()
        .put("name", name)
        .put("pack", "core")
        .put("ref", "core." + name)
        .put("uid", "trigger_type:core:" + name)
        .put("description", description)
        .put("payload_schema", payloadSchema)
        .put("tags", new JsonArray());
    if (parametersSchema != null) {
      doc.put("parameters_schema", parametersSchema);
    }
    return doc;
  }

  public static List<JsonObject> builtIn() {
    return List.of(
        type("st2.webhook", "Fires when a registered webhook URL receives a POST.",
            object().put("properties", new JsonObject().put("url", str())).put("required", new JsonArray().add("url"))
                .put("additionalProperties", false),
            object().put("properties", new JsonObject().put("headers", object()).put("headers_lower", object())
                .put("body", new JsonObject()))),
        type("st2.generic.actiontrigger", "Fires when an execution completes.", null,
            object().put("properties", props("execution_id", "status", "start_timestamp", "action_name", "action_ref",
                "runner_ref").put("parameters", object()).put("result", object()))),
        type("st2.generic.notifytrigger", "Fires for each notification route of a completed execution.", null,
            object().put("properties", props("execution_id", "status", "start_timestamp", "end_timestamp",
                "action_ref", "runner_ref", "route", "channel", "message").put("data", object()))),
        type("st2.action.file_written", "Fires when the API writes an action file.", null,
            object().put("properties", props("ref", "file_path").put("host_info", object()))),
        type("st2.generic.inquiry", "Fires when an execution asks a question (inquiry).", null,
            object().put("properties", props("id", "route")).put("required", new JsonArray().add("id").add("route"))),
        type("st2.sensor.process_spawn", "Fires when a sensor process starts.", null,
            object().put("properties", props("id", "cmd").put("timestamp", num()).put("pid", num()))),
        type("st2.sensor.process_exit", "Fires when a sensor process exits.", null,
            object().put("properties", props("id").put("timestamp", num()).put("exit_code", num()))),
        type("st2.key_value_pair.create", "Fires when a datastore key is created.", null,
            object().put("properties", new JsonObject().put("object", object()))),
        type("st2.key_value_pair.update", "Fires when a datastore key is updated.", null,
            object().put("properties", new JsonObject().put("object", object()))),
        type("st2.key_value_pair.delete", "Fires when a datastore key is deleted.", null,
            object().put("properties", new JsonObject().put("object", object()))),
        type("st2.key_value_pair.value_change", "Fires when a datastore key's value changes.", null,
            object().put("properties", new JsonObject().put("old_object", object()).put("new_object", object()))));
  }

  private static JsonObject object() {
    return new JsonObject().put("type", "object");
  }

  private static JsonObject str() {
    return new JsonObject().put("type", "string");
  }

  private static JsonObject num() {
    return new JsonObject().put("type", "number");
  }

  private static JsonObject props(String... names) {
    JsonObject p = new JsonObject();
    for (String n : names) {
      p.put(n, new JsonObject());
    }
    return p;
  }
}
