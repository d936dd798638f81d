package dev.squall.api;

import dev.squall.error.Validation;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.Executions;
import dev.squall.executions.OutputStore;
import dev.squall.store.Query;
import dev.squall.util.Times;
import dev.squall.executions.ExecutionRequests;
import dev.squall.web.AuthGate;
import dev.squall.web.Bodies;
import dev.squall.web.ContractRoutes;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/executions}: thin handlers, each one extract → one call → reply or fail. */
public final class ExecutionsEndpoint {
  static final Set<String> FIELDS = Set.of("id", "action", "runner", "liveaction", "status", "start_timestamp",
      "end_timestamp", "elapsed_seconds", "parameters", "result", "result_size", "context", "parent", "children",
      "log", "trigger", "trigger_type", "trigger_instance", "rule", "delay", "web_url", "notify",
      "workflow_execution", "task_execution");
  private static final Set<String> EXCLUDABLE = Set.of("result", "trigger_instance", "status");
  private static final Set<String> BODY_FIELDS = Set.of("action", "parameters", "context", "notify", "delay", "user",
      "id", "status", "start_timestamp", "end_timestamp", "result", "runner", "liveaction", "parent", "children");
  private static final int DEFAULT_LIMIT = 100;

  private final ExecutionRequests requests;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final ContractRoutes contract;
  private final String systemUser;
  private final java.util.function.Supplier<List<String>> actions;
  private final java.util.function.Supplier<List<String>> runners;

  public ExecutionsEndpoint(ExecutionRequests requests, ExecutionStore executions, OutputStore output,
      ContractRoutes contract, String systemUser, java.util.function.Supplier<List<String>> actions,
      java.util.function.Supplier<List<String>> runners) {
    this.actions = actions;
    this.runners = runners;
    this.requests = requests;
    this.executions = executions;
    this.output = output;
    this.contract = contract;
    this.systemUser = systemUser;
  }

  void list(RoutingContext ctx) {
    AttributeSelection attributes = AttributeSelection.parse(ctx, FIELDS, EXCLUDABLE, Set.of("id"));
    QueryParams.Page page = QueryParams.page(ctx, DEFAULT_LIMIT);
    Query query = filters(ctx).offset(page.offset()).limit(page.limit());
    boolean ascending = QueryParams.bool(ctx, "sort_asc", false) || QueryParams.string(ctx, "timestamp_gt") != null
        && !QueryParams.bool(ctx, "sort_desc", false);
    if (ascending) {
      query.sortAsc("start_timestamp");
    } else {
      query.sortDesc("start_timestamp");
    }
    boolean showSecrets = ShowSecrets.requested(ctx);
    boolean cut = select(attributes, query, showSecrets);
    executions.page(query, requests.counts())
        .onSuccess(listing -> {
          List<JsonObject> out = new ArrayList<>(listing.docs().size());
          for (JsonObject doc : listing.docs()) {
            JsonObject view = Executions.apiView(doc, showSecrets);
            out.add(cut ? attributes.apply(view) : view);
          }
          Replies.page(ctx, out, listing.total(), page.limit());
        })
        .onFailure(ctx::fail);
  }

  /**
   * Asks the store for the selected attributes. Masking reads the action's and runner's parameter schemas:
   * they are fetched too when masked values are asked for, and then the answer must be cut after masking
   * (true).
   */
  static boolean select(AttributeSelection attributes, Query query, boolean showSecrets) {
    return attributes.select(query, !showSecrets && attributes.touches(Executions.SECRET_PATHS)
        ? Executions.SECRET_SCHEMAS : List.of());
  }

  private Query filters(RoutingContext ctx) {
    Query q = Query.where();
    eq(ctx, q, "action", "action.ref");
    eq(ctx, q, "status", "status");
    eq(ctx, q, "user", "context.user");
    eq(ctx, q, "runner", "runner.name");
    eq(ctx, q, "liveaction", "liveaction.id");
    String parent = QueryParams.string(ctx, "parent");
    if (parent != null) {
      if ("null".equals(parent)) {
        q.isNull("parent");
      } else {
        q.eq("parent", parent);
      }
    }
    List<String> ids = QueryParams.list(ctx, "id");
    if (!ids.isEmpty()) {
      if (ids.size() > 100) {
        throw new Validation("Maximum of 100 ids can be specified.");
      }
      q.in("id", ids);
    }
    String gt = timestamp(ctx, "timestamp_gt");
    String lt = timestamp(ctx, "timestamp_lt");
    if (gt != null || lt != null) {
      q.between("start_timestamp", gt, lt);
    }
    String range = QueryParams.string(ctx, "timestamp");
    if (range != null) {
      String[] bounds = range.split("\\.\\.");
      if (bounds.length == 2) {
        q.within("start_timestamp", normalize("timestamp", bounds[0]), normalize("timestamp", bounds[1]));
      } else {
        String at = normalize("timestamp", range);
        q.eq("start_timestamp", at);
      }
    }
    return q;
  }

  private static void eq(RoutingContext ctx, Query q, String param, String field) {
    String v = QueryParams.string(ctx, param);
    if (v != null) {
      q.eq(field, v);
    }
  }

  private static String timestamp(RoutingContext ctx, String name) {
    String v = QueryParams.string(ctx, name);
    return v == null ? null : normalize(name, v);
  }

  private static String normalize(String name, String value) {
    try {
      return Times.format(java.time.OffsetDateTime.parse(value.replace(' ', 'T').replace("Z", "+00:00")).toInstant());
    } catch (RuntimeException e) {
      try {
        return Times.format(java.time.LocalDateTime.parse(value.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC));
      } catch (RuntimeException e2) {
        throw new Validation("Parameter \"" + name + "\" is not a valid ISO 8601 timestamp: " + value);
      }
    }
  }

  /** st2web's filter choices: the values the history can be filtered by. */
  void filterChoices(RoutingContext ctx) {
    JsonObject out = new JsonObject()
        .put("status", new JsonArray(ExecutionStatus.ALL.stream().sorted().toList()))
        .put("action", new JsonArray(actions.get().stream().sorted().toList()))
        .put("runner", new JsonArray(runners.get().stream().sorted().toList()))
        .put("user", new JsonArray().add(systemUser))
        .put("rule", new JsonArray())
        .put("trigger", new JsonArray())
        .put("trigger_type", new JsonArray());
    List<String> types = QueryParams.list(ctx, "types");
    if (!types.isEmpty()) {
      JsonObject only = new JsonObject();
      types.forEach(t -> {
        if (out.containsKey(t)) {
          only.put(t, out.getValue(t));
        }
      });
      Replies.json(ctx, 200, only);
    } else {
      Replies.json(ctx, 200, out);
    }
  }

  void get(RoutingContext ctx) {
    AttributeSelection projection = AttributeSelection.parse(ctx, FIELDS, EXCLUDABLE, Set.of("id"));
    Integer maxResultSize = QueryParams.integer(ctx, "max_result_size");
    boolean showSecrets = ShowSecrets.requested(ctx);
    requests.get(ctx.pathParam("id"))
        .onSuccess(doc -> {
          JsonObject view = Executions.apiView(doc, showSecrets);
          if (maxResultSize != null && doc.getInteger("result_size", 0) > maxResultSize) {
            view.remove("result");
          }
          Replies.json(ctx, 200, projection.apply(view));
        })
        .onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    for (String field : body.fieldNames()) {
      if (!BODY_FIELDS.contains(field)) {
        throw new Validation("Additional properties are not allowed ('" + field + "' was unexpected)");
      }
    }
    // checked by hand, not by the contract's schema: this is a high-rate route
    Object action = body.getValue("action");
    if (!(action instanceof String ref) || ref.isBlank()) {
      throw new Validation(action == null ? "'action' is a required property" : "'action' must be a string");
    }
    JsonObject context = objectField(body, "context");
    String header = ctx.request().getHeader("st2-context");
    if (header != null) {
      JsonObject extra;
      try {
        if (!dev.squall.util.JsonDepth.within(header, dev.squall.util.JsonDepth.MAX_VALUE_DEPTH)) {
          throw new IllegalArgumentException("nested too deeply");
        }
        extra = new JsonObject(header);
      } catch (RuntimeException e) {
        throw new Validation("Unable to convert st2-context header value to JSON: not a JSON object");
      }
      context = context.copy().mergeIn(extra);
    }
    Object delay = body.getValue("delay");
    if (delay != null && !(delay instanceof Integer || delay instanceof Long) || delay != null && ((Number) delay).longValue() < 0) {
      throw new Validation("'delay' must be a non-negative integer (milliseconds)");
    }
    Object user = body.getValue("user");
    if (user != null && !(user instanceof String)) {
      throw new Validation("'user' must be a string");
    }
    var request = new ExecutionRequests.Request(ref, objectField(body, "parameters"), context,
        body.getValue("notify") == null ? null : objectField(body, "notify"),
        delay == null ? 0 : ((Number) delay).intValue(), user == null ? AuthGate.user(ctx) : (String) user);
    requests.create(request)
        .onSuccess(doc -> Replies.json(ctx, 201, Executions.apiView(doc)))
        .onFailure(ctx::fail);
  }

  private static JsonObject objectField(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject o)) {
      throw new Validation("'" + name + "' must be an object");
    }
    return o;
  }

  void cancel(RoutingContext ctx) {
    boolean showSecrets = ShowSecrets.requested(ctx);
    requests.cancel(ctx.pathParam("id"), AuthGate.user(ctx))
        .onSuccess(doc -> {
          if (doc.remove("__not_cancelable") != null) {
            Replies.json(ctx, 200, doc);
          } else {
            Replies.json(ctx, 200, Executions.apiView(doc, showSecrets));
          }
        })
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String id = ctx.pathParam("id");
    requests.get(id).compose(doc -> {
      if (ExecutionStatus.isCompleted(doc.getString("status"))) {
        return Future.failedFuture(new Validation("Execution is already in completed state."));
      }
      String status = body.getString("status");
      if (ExecutionStatus.CANCELING.equals(status) || ExecutionStatus.CANCELED.equals(status)) {
        return requests.cancel(id, AuthGate.user(ctx));
      }
      if (status != null && !ExecutionStatus.ALL.contains(status)) {
        return Future.failedFuture(new Validation("'" + status + "' is not one of " + ExecutionStatus.ALL));
      }
      if (ExecutionStatus.PAUSING.equals(status) || ExecutionStatus.RESUMING.equals(status)) {
        return Future.failedFuture(new Validation("Pause and resume are only supported for workflow runners."));
      }
      return Future.failedFuture(new Validation("Only canceling an execution is supported by this endpoint."));
    }).onSuccess(doc -> {
      if (doc.remove("__not_cancelable") != null) {
        Replies.json(ctx, 200, doc);
      } else {
        Replies.json(ctx, 200, Executions.apiView(doc));
      }
    }).onFailure(ctx::fail);
  }

  void reRun(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("executionReRun", body);
    boolean showSecrets = ShowSecrets.requested(ctx);
    requests.reRun(ctx.pathParam("id"), body, body.getString("user") == null ? AuthGate.user(ctx) : body.getString("user"))
        .onSuccess(doc -> Replies.json(ctx, 201, Executions.apiView(doc, showSecrets)))
        .onFailure(ctx::fail);
  }

  void output(RoutingContext ctx) {
    String type = QueryParams.string(ctx, "output_type");
    if (type != null && !Set.of("all", "stdout", "stderr", "output").contains(type)) {
      throw new Validation("Invalid output_type \"" + type + "\": must be one of all, stdout, stderr, output");
    }
    requests.get(ctx.pathParam("id"))
        .compose(doc -> output.of(doc.getString("id"), "all".equals(type) ? null : type))
        .onSuccess(chunks -> {
          Buffer text = Buffer.buffer();
          chunks.forEach(c -> text.appendString(c.getString("data", "")));
          ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
        })
        .onFailure(ctx::fail);
  }

  void children(RoutingContext ctx) {
    Integer depth = QueryParams.integer(ctx, "depth");
    int maxDepth = depth == null ? -1 : depth;
    boolean showSecrets = ShowSecrets.requested(ctx);
    requests.get(ctx.pathParam("id"))
        .compose(doc -> descendants(doc.getString("id"), maxDepth, 1))
        .onSuccess(list -> Replies.json(ctx, 200, new JsonArray(list.stream()
            .map(doc -> Executions.apiView(doc, showSecrets)).toList())))
        .onFailure(ctx::fail);
  }

  private Future<List<JsonObject>> descendants(String parent, int maxDepth, int level) {
    return executions.children(parent)
        .compose(children -> {
          if (children.isEmpty() || maxDepth >= 0 && level >= maxDepth) {
            return Future.succeededFuture(children);
          }
          List<Future<List<JsonObject>>> deeper = children.stream()
              .map(c -> descendants(c.getString("id"), maxDepth, level + 1)).toList();
          return Future.all(deeper).map(v -> {
            List<JsonObject> out = new ArrayList<>(children);
            deeper.forEach(f -> out.addAll(f.result()));
            return out;
          });
        });
  }

  void attribute(RoutingContext ctx) {
    String attr = ctx.pathParam("attr_name");
    if (!Set.of("result", "trigger_instance", "status").contains(attr)) {
      throw new Validation("Invalid attribute \"" + attr + "\" specified. Valid attributes are: result, trigger_instance, status");
    }
    requests.get(ctx.pathParam("id"))
        .onSuccess(doc -> Replies.json(ctx, 200, doc.getValue(attr)))
        .onFailure(ctx::fail);
  }

  void result(RoutingContext ctx) {
    boolean download = QueryParams.bool(ctx, "download", false);
    boolean compress = QueryParams.bool(ctx, "compress", false);
    boolean pretty = QueryParams.bool(ctx, "pretty_format", false);
    String id = ctx.pathParam("id");
    requests.get(id).onSuccess(doc -> {
      Object result = doc.getValue("result");
      String text = result instanceof JsonObject o ? (pretty ? o.encodePrettily() : o.encode())
          : io.vertx.core.json.Json.encode(result);
      Buffer body = Buffer.buffer(text);
      if (compress) {
        body = Buffer.buffer(gzip(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ctx.response().putHeader("Content-Type", "application/x-gzip").putHeader("Content-Encoding", "gzip");
      } else {
        ctx.response().putHeader("Content-Type", "text/json");
      }
      if (download) {
        ctx.response().putHeader("Content-Disposition",
            "attachment; filename=execution_" + doc.getString("id") + "_result.json" + (compress ? ".gz" : ""));
      }
      ctx.response().end(body);
    }).onFailure(ctx::fail);
  }

  private static byte[] gzip(byte[] data) {
    var out = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
