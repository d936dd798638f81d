package dev.squall.api;

import dev.squall.error.NotFound;
import dev.squall.error.Validation;
import dev.squall.triggers.SchemaCheck;
import dev.squall.triggers.TriggerCatalog;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerRegistry;
import dev.squall.web.Bodies;
import dev.squall.web.Faults;
import dev.squall.web.Replies;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/webhooks}: the highest-rate path. No schema validation and no store read: the webhook
 * table is in memory; the reply (202, the body echoed) waits only for the trigger instances' group commit.
 */
public final class WebhooksEndpoint {
  private static final Set<String> CREDENTIALS = Set.of("x-auth-token", "st2-api-key", "authorization", "cookie");
  private static final String TRACE_TAG = "st2-trace-tag";

  private final TriggerRegistry registry;
  private final TriggerDispatcher dispatcher;

  private final java.util.concurrent.atomic.LongAdder acceptedCount = new java.util.concurrent.atomic.LongAdder();

  public WebhooksEndpoint(TriggerRegistry registry, TriggerDispatcher dispatcher,
      io.micrometer.core.instrument.MeterRegistry meters) {
    io.micrometer.core.instrument.FunctionCounter.builder("squall.webhooks.accepted", acceptedCount,
            java.util.concurrent.atomic.LongAdder::sum)
        .description("Webhooks answered 202 (their trigger instances stored)").register(meters);
    this.registry = registry;
    this.dispatcher = dispatcher;
  }

  void post(RoutingContext ctx) {
    String hook = ctx.pathParam("url");
    Buffer raw = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if ("st2".equals(TriggerRegistry.normalizeUrl(hook))) {
      generic(ctx, raw);
      return;
    }
    List<JsonObject> triggers = registry.webhooks(TriggerRegistry.normalizeUrl(hook));
    if (triggers.isEmpty()) {
      throw new NotFound("Webhook " + hook + " not registered with st2");
    }
    Object body = parse(ctx, raw);
    MultiMap headers = ctx.request().headers();
    JsonObject kept = new JsonObject();
    JsonObject lower = new JsonObject();
    String traceTag = null;
    for (var h : headers) {
      String name = h.getKey();
      String lowered = name.toLowerCase(Locale.ROOT);
      if (CREDENTIALS.contains(lowered)) {
        continue;
      }
      if (TRACE_TAG.equals(lowered)) {
        traceTag = h.getValue();
        continue;
      }
      kept.put(name, h.getValue());
      lower.put(lowered, h.getValue());
    }
    JsonObject payload = new JsonObject().put("headers", kept).put("headers_lower", lower).put("body", body);
    // an id, not UUID.randomUUID(): SecureRandom per request costs more than the rest of the ingest
    String tag = traceTag != null ? traceTag : "webhook-" + hook + "-" + dev.squall.util.Ids.next();
    List<JsonObject> instances = new ArrayList<>(triggers.size());
    for (JsonObject trigger : triggers) {
      instances.add(TriggerDispatcher.instance(trigger.getString("ref"), payload, tag));
    }
    dispatcher.dispatchAll(instances)
        .onSuccess(v -> accepted(ctx, raw))
        .onFailure(ctx::fail);
  }

  /** {@code /webhooks/st2}: {@code {"trigger": ref, "payload": {...}}} for any trigger type. */
  private void generic(RoutingContext ctx, Buffer raw) {
    Object body = parse(ctx, raw);
    if (!(body instanceof JsonObject request)) {
      throw new Validation("Webhook body needs to be an object, got: " + (body instanceof JsonArray ? "array"
          : body == null ? "null" : body.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
    }
    Object ref = request.getValue("trigger");
    if (!(ref instanceof String triggerRef) || triggerRef.isBlank()) {
      throw new Validation("Trigger not specified.");
    }
    JsonObject trigger = registry.trigger(triggerRef);
    if (trigger == null) {
      throw new Validation("Trigger \"" + triggerRef + "\" doesn't exist.");
    }
    JsonObject type = registry.type(trigger.getString("type"));
    Object payload = request.getValue("payload") == null ? new JsonObject() : request.getValue("payload");
    if (!(payload instanceof JsonObject payloadObject)) {
      throw new Validation("'payload' must be an object");
    }
    if (type != null) {
      SchemaCheck.check(type.getJsonObject("payload_schema"), payloadObject,
          "Failed to validate payload of trigger \"" + triggerRef + "\"");
    }
    String traceTag = ctx.request().getHeader("St2-Trace-Tag");
    dispatcher.dispatch(trigger.getString("ref"), payloadObject, traceTag)
        .onSuccess(v -> accepted(ctx, raw))
        .onFailure(ctx::fail);
  }

  private void accepted(RoutingContext ctx, Buffer raw) {
    acceptedCount.increment();
    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
        .end(raw.length() == 0 ? Buffer.buffer("{}") : raw);
  }

  /** JSON (object or array), or a form body as a dict of lists, as StackStorm reads them. */
  private static Object parse(RoutingContext ctx, Buffer raw) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "application/json" : Bodies.mime(type);
    if (mime.equals("application/x-www-form-urlencoded") || mime.equals("multipart/form-data")) {
      JsonObject form = new JsonObject();
      for (var entry : ctx.request().formAttributes()) {
        JsonArray values = form.getJsonArray(entry.getKey());
        if (values == null) {
          values = new JsonArray();
          form.put(entry.getKey(), values);
        }
        values.add(entry.getValue());
      }
      return form;
    }
    if (raw.length() == 0) {
      return new JsonObject();
    }
    try {
      return io.vertx.core.json.Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw new Validation("Failed to parse request body: " + Faults.brief(e.getMessage()));
    }
  }

  void list(RoutingContext ctx) {
    List<JsonObject> hooks = registry.triggers().stream()
        .filter(t -> TriggerRegistry.webhookUrl(t) != null)
        .map(TriggerCatalog::view).toList();
    Replies.json(ctx, 200, new JsonArray(new ArrayList<>(hooks)));
  }

  void get(RoutingContext ctx) {
    List<JsonObject> hooks = registry.webhooks(TriggerRegistry.normalizeUrl(ctx.pathParam("url")));
    if (hooks.isEmpty()) {
      throw new NotFound("Webhook " + ctx.pathParam("url") + " not registered with st2");
    }
    Replies.json(ctx, 200, TriggerCatalog.view(hooks.get(0)));
  }
}
