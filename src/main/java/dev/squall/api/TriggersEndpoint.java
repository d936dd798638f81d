package dev.squall.api;

import dev.squall.error.Conflict;
import dev.squall.error.NotFound;
import dev.squall.error.Validation;
import dev.squall.util.Refs;
import dev.squall.triggers.TriggerCatalog;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.triggers.TriggerRegistry;
import dev.squall.py.PyJsonText;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import dev.squall.web.Bodies;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** {@code /triggertypes}, {@code /triggers}, {@code /triggerinstances}, {@code /timers}. */
public final class TriggersEndpoint {
  static final Set<String> TIMER_TYPES = Set.of("core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer");
  private static final Set<String> INSTANCE_FIELDS = Set.of("id", "trigger", "payload", "occurrence_time", "status");
  private static final Set<String> TYPE_FIELDS = Set.of("id", "ref", "uid", "name", "pack", "description",
      "payload_schema", "parameters_schema", "tags", "metadata_file");

  private final TriggerInstanceStore instances;
  private final TriggerCatalog catalog;
  private final TriggerRegistry registry;
  private final TriggerDispatcher dispatcher;

  public TriggersEndpoint(TriggerInstanceStore instances, TriggerCatalog catalog, TriggerDispatcher dispatcher) {
    this.instances = instances;
    this.catalog = catalog;
    this.registry = catalog.registry();
    this.dispatcher = dispatcher;
  }

  // trigger types

  void typesList(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 100);
    String name = QueryParams.string(ctx, "name");
    String pack = QueryParams.string(ctx, "pack");
    List<JsonObject> all = registry.types().stream()
        .filter(t -> name == null || name.equals(t.getString("name")))
        .filter(t -> pack == null || pack.equals(t.getString("pack")))
        .sorted(Comparator.comparing((JsonObject t) -> t.getString("ref"))).toList();
    Replies.page(ctx, slice(all, page), all.size(), page.limit());
  }

  void typeGet(RoutingContext ctx) {
    Replies.json(ctx, 200, type(ctx.pathParam("ref_or_id")));
  }

  void typeCreate(RoutingContext ctx) {
    JsonObject doc = typeDoc(Bodies.object(ctx));
    if (registry.type(doc.getString("ref")) != null) {
      throw new Conflict("Tried to save duplicate unique keys (pack, name) for trigger type \"" + doc.getString("ref")
          + "\"", registry.type(doc.getString("ref")).getString("id"));
    }
    catalog.putType(doc).onSuccess(t -> Replies.json(ctx, 201, t)).onFailure(ctx::fail);
  }

  void typeUpdate(RoutingContext ctx) {
    JsonObject existing = type(ctx.pathParam("ref_or_id"));
    JsonObject body = Bodies.object(ctx);
    if (!body.containsKey("pack")) {
      body.put("pack", existing.getString("pack"));
    }
    JsonObject doc = typeDoc(body).put("id", existing.getString("id"));
    catalog.putType(doc).onSuccess(t -> Replies.json(ctx, 200, t)).onFailure(ctx::fail);
  }

  void typeDelete(RoutingContext ctx) {
    JsonObject existing = type(ctx.pathParam("ref_or_id"));
    catalog.deleteType(existing).onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail);
  }

  private JsonObject typeDoc(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!TYPE_FIELDS.contains(field)) {
        throw new Validation("Additional properties are not allowed ('" + field + "' was unexpected)");
      }
    }
    if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
      throw new Validation("'name' is a required property");
    }
    String pack = typed(body, "pack", String.class, "string", "default");
    JsonObject doc = new JsonObject().put("name", name).put("pack", pack).put("ref", Refs.ref(pack, name))
        .put("uid", "trigger_type:" + pack + ":" + name)
        .put("description", typed(body, "description", String.class, "string", ""))
        .put("payload_schema", typed(body, "payload_schema", JsonObject.class, "object", new JsonObject()))
        .put("tags", typed(body, "tags", JsonArray.class, "array", new JsonArray()));
    JsonObject params = typed(body, "parameters_schema", JsonObject.class, "object", null);
    if (params != null && !params.isEmpty()) {
      doc.put("parameters_schema", params);
    }
    return doc;
  }

  /** A field of the body of the given JSON type, {@code dflt} when absent or null, else 400. */
  private static <T> T typed(JsonObject body, String field, Class<T> type, String typeName, T dflt) {
    Object value = body.getValue(field);
    if (value == null) {
      return dflt;
    }
    if (!type.isInstance(value)) {
      throw new Validation("Failed validating '" + field + "': " + value + " is not of type '" + typeName + "'");
    }
    return type.cast(value);
  }

  private JsonObject type(String refOrId) {
    JsonObject t = Refs.isRef(refOrId) ? registry.type(refOrId)
        : registry.types().stream().filter(x -> refOrId.equals(x.getString("id"))).findFirst().orElse(null);
    if (t == null) {
      throw new NotFound("TriggerType with ref or id \"" + refOrId + "\" not found");
    }
    return t;
  }

  // triggers

  void triggersList(RoutingContext ctx) {
    String type = QueryParams.string(ctx, "type");
    List<JsonObject> all = registry.triggers().stream()
        .filter(t -> type == null || type.equals(t.getString("type")))
        .sorted(Comparator.comparing((JsonObject t) -> t.getString("ref")))
        .map(TriggerCatalog::view).toList();
    Replies.page(ctx, all, all.size(), -1);
  }

  void triggerGet(RoutingContext ctx) {
    Replies.json(ctx, 200, TriggerCatalog.view(trigger(ctx.pathParam("trigger_id"))));
  }

  void triggerCreate(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    if (!(body.getValue("type") instanceof String typeRef)) {
      throw new Validation("'type' is a required property");
    }
    if (registry.type(typeRef) == null) {
      throw new Validation("TriggerType \"" + typeRef + "\" does not exist.");
    }
    if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
      throw new Validation("'name' is a required property");
    }
    String pack = typed(body, "pack", String.class, "string", registry.type(typeRef).getString("pack"));
    String ref = Refs.ref(pack, name);
    JsonObject existing = registry.trigger(ref);
    if (existing != null) {
      Replies.json(ctx, 201, TriggerCatalog.view(existing));
      return;
    }
    JsonObject params = typed(body, "parameters", JsonObject.class, "object", new JsonObject());
    JsonObject doc = new JsonObject().put("id", Ids.next()).put("ref", ref).put("name", name).put("pack", pack)
        .put("uid", "trigger:" + pack + ":" + name + ":" + Ids.md5Hex(PyJsonText.dumpsForUid(params)))
        .put("type", typeRef).put("parameters", params);
    catalog.putTrigger(doc).onSuccess(t -> Replies.json(ctx, 201, TriggerCatalog.view(t))).onFailure(ctx::fail);
  }

  void triggerUpdate(RoutingContext ctx) {
    JsonObject existing = trigger(ctx.pathParam("trigger_id"));
    JsonObject body = Bodies.object(ctx);
    JsonObject doc = existing.copy();
    if (body.getValue("parameters") instanceof JsonObject params) {
      doc.put("parameters", params);
    }
    if (body.getValue("description") instanceof String d) {
      doc.put("description", d);
    }
    catalog.putTrigger(doc).onSuccess(t -> Replies.json(ctx, 200, TriggerCatalog.view(t))).onFailure(ctx::fail);
  }

  void triggerDelete(RoutingContext ctx) {
    catalog.deleteTrigger(trigger(ctx.pathParam("trigger_id"))).onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private JsonObject trigger(String idOrRef) {
    JsonObject t = registry.trigger(idOrRef);
    if (t == null) {
      t = registry.triggers().stream().filter(x -> idOrRef.equals(x.getString("id"))).findFirst().orElse(null);
    }
    if (t == null) {
      throw new NotFound("Trigger with id or ref \"" + idOrRef + "\" not found");
    }
    return t;
  }

  // timers

  void timersList(RoutingContext ctx) {
    String type = QueryParams.string(ctx, "timer_type");
    List<JsonObject> all = registry.triggers().stream()
        .filter(t -> TIMER_TYPES.contains(t.getString("type")) && !t.getJsonObject("parameters", new JsonObject()).isEmpty())
        .filter(t -> type == null || type.equals(t.getString("type")))
        .map(TriggerCatalog::view).toList();
    Replies.json(ctx, 200, new JsonArray(new java.util.ArrayList<>(all)));
  }

  void timerGet(RoutingContext ctx) {
    JsonObject t = trigger(ctx.pathParam("ref_or_id"));
    if (!TIMER_TYPES.contains(t.getString("type"))) {
      throw new NotFound("Timer \"" + ctx.pathParam("ref_or_id") + "\" not found");
    }
    Replies.json(ctx, 200, TriggerCatalog.view(t));
  }

  // trigger instances

  void instancesList(RoutingContext ctx) {
    AttributeSelection attributes = AttributeSelection.parse(ctx, INSTANCE_FIELDS, Set.of(), Set.of("id"));
    String gt = QueryParams.string(ctx, "timestamp_gt");
    String lt = QueryParams.string(ctx, "timestamp_lt");
    String triggerType = QueryParams.string(ctx, "trigger_type");
    List<String> ofType = triggerType == null ? null : registry.triggers().stream()
        .filter(t -> triggerType.equals(t.getString("type"))).map(t -> t.getString("ref")).toList();
    StoreLists.page(ctx, instances, 100, q -> {
      StoreLists.eq(ctx, q, "trigger", "trigger");
      StoreLists.eq(ctx, q, "status", "status");
      if (ofType != null) {
        q.in("trigger", ofType.isEmpty() ? List.of("") : ofType);
      }
      if (gt != null || lt != null) {
        q.between("occurrence_time", gt == null ? null : iso(gt), lt == null ? null : iso(lt));
      }
    }, q -> q.sortDesc("occurrence_time"), TriggersEndpoint::instanceView, attributes, List.of());
  }

  void instanceGet(RoutingContext ctx) {
    instances.getOrFail(ctx.pathParam("id")).onSuccess(i -> Replies.json(ctx, 200, instanceView(i)))
        .onFailure(ctx::fail);
  }

  void reEmit(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    instances.getOrFail(id).compose(old -> {
      JsonObject payload = old.getJsonObject("payload", new JsonObject()).copy()
          .put("__context", new JsonObject().put("original_id", id));
      return dispatcher.dispatch(old.getString("trigger"), payload, null).map(payload);
    }).onSuccess(payload -> Replies.json(ctx, 200, new JsonObject()
        .put("message", "Trigger instance " + id + " succesfully re-sent.").put("payload", payload)))
        .onFailure(ctx::fail);
  }

  static JsonObject instanceView(JsonObject instance) {
    JsonObject v = instance.copy();
    v.remove("trace_tag");
    return v;
  }

  private static String iso(String value) {
    try {
      return Times.format(java.time.OffsetDateTime.parse(value.replace(' ', 'T').replace("Z", "+00:00")).toInstant());
    } catch (RuntimeException e) {
      throw new Validation("Invalid timestamp \"" + value + "\"");
    }
  }

  private static List<JsonObject> slice(List<JsonObject> all, QueryParams.Page page) {
    return all.stream().skip(page.offset()).limit(page.limit() < 0 ? Long.MAX_VALUE : page.limit()).toList();
  }
}
