package dev.squall.api;

import dev.squall.executions.ExecutionStore;
import dev.squall.executions.Executions;
import dev.squall.rules.EnforcementStore;
import dev.squall.store.DocumentCollection;
import dev.squall.store.Listing;
import dev.squall.store.Query;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.util.Ids;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /ruleenforcements} and {@code /traces}. A trace is not stored: it is the view of one trigger
 * instance (the trace id is the instance id) with its enforcements and the executions they started.
 */
public final class EnforcementsEndpoint {
  private final EnforcementStore enforcements;
  private final TriggerInstanceStore instances;
  private final ExecutionStore executions;

  public EnforcementsEndpoint(EnforcementStore enforcements, TriggerInstanceStore instances,
      ExecutionStore executions) {
    this.enforcements = enforcements;
    this.instances = instances;
    this.executions = executions;
  }

  void list(RoutingContext ctx) {
    String gt = QueryParams.string(ctx, "enforced_at_gt");
    String lt = QueryParams.string(ctx, "enforced_at_lt");
    StoreLists.page(ctx, enforcements, 50, q -> {
      StoreLists.eq(ctx, q, "rule_ref", "rule.ref");
      StoreLists.eq(ctx, q, "rule_id", "rule.id");
      StoreLists.eq(ctx, q, "execution", "execution_id");
      StoreLists.eq(ctx, q, "trigger_instance", "trigger_instance_id");
      if (gt != null || lt != null) {
        q.between("enforced_at", gt, lt);
      }
    }, q -> q.sortDesc("enforced_at"), EnforcementsEndpoint::view, AttributeSelection.ALL, List.of());
  }

  void get(RoutingContext ctx) {
    enforcements.getOrFail(ctx.pathParam("id")).onSuccess(e -> Replies.json(ctx, 200, view(e))).onFailure(ctx::fail);
  }

  void viewOne(RoutingContext ctx) {
    enforcements.getOrFail(ctx.pathParam("id")).compose(this::expand).onSuccess(e -> Replies.json(ctx, 200, e))
        .onFailure(ctx::fail);
  }

  void views(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 50);
    enforcements.latest(page.offset(), page.limit())
        .compose(list -> Future.all(list.stream().map(this::expand).toList()))
        .onSuccess(all -> Replies.json(ctx, 200, new JsonArray(all.list())))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> expand(JsonObject enforcement) {
    Future<JsonObject> execution = enforcement.getString("execution_id") == null ? Future.succeededFuture()
        : executions.get(enforcement.getString("execution_id"));
    Future<JsonObject> instance = instances.get(enforcement.getString("trigger_instance_id"));
    return Future.all(execution, instance).map(all -> {
      JsonObject out = view(enforcement);
      if (execution.result() != null) {
        out.put("execution", Executions.apiView(execution.result()));
      }
      if (instance.result() != null) {
        out.put("trigger_instance", TriggersEndpoint.instanceView(instance.result()));
      }
      return out;
    });
  }

  static JsonObject view(JsonObject enforcement) {
    JsonObject v = enforcement.copy();
    v.remove("key");
    return v;
  }

  // traces

  /**
   * The trigger instances one page of a trace listing shows, and how many traces its filters select in all
   * ({@code X-Total-Count}): instances by trace tag, or by execution or rule through their enforcements (one
   * per rule and instance). A total of -1 is the number of traces found (one instance asked for by id).
   */
  private record TraceSelection(List<String> instanceIds, long total) {
    static TraceSelection of(Listing listing, String idField) {
      return new TraceSelection(listing.docs().stream().map(d -> d.getString(idField)).distinct().toList(),
          listing.total());
    }
  }

  void traces(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 100);
    String execution = QueryParams.string(ctx, "execution");
    String instance = QueryParams.string(ctx, "trigger_instance");
    String rule = QueryParams.string(ctx, "rule");
    String tag = QueryParams.string(ctx, "trace_tag");
    Future<TraceSelection> selected;
    if (instance != null) {
      selected = Future.succeededFuture(new TraceSelection(List.of(instance), -1));
    } else if (execution != null || rule != null) {
      Query q = Query.where();
      if (execution != null) {
        q.eq("execution_id", execution);
      }
      if (rule != null) {
        q.eq(rule.indexOf('.') > 0 ? "rule.ref" : "rule.id", rule);
      }
      selected = enforcements.page(q.sortDesc("enforced_at").offset(page.offset()).limit(page.limit()))
          .map(listing -> TraceSelection.of(listing, "trigger_instance_id"));
    } else {
      Query q = Query.where();
      if (tag != null) {
        q.eq("trace_tag", tag);
      }
      selected = instances.page(q.sortDesc("occurrence_time").offset(page.offset()).limit(page.limit()))
          .map(listing -> TraceSelection.of(listing, "id"));
    }
    selected.compose(selection -> Future.all(selection.instanceIds().stream().map(this::trace).toList())
            .map(all -> {
              List<JsonObject> traces = new ArrayList<>();
              for (Object t : all.list()) {
                if (t != null) {
                  traces.add((JsonObject) t);
                }
              }
              return new Listing(traces, selection.total() < 0 ? traces.size() : selection.total());
            }))
        .onSuccess(traces -> Replies.page(ctx, traces.docs(), traces.total(), page.limit()))
        .onFailure(ctx::fail);
  }

  void traceGet(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    trace(id).compose(t -> DocumentCollection.found(t, id, "Trace with id \"%s\" not found"))
        .onSuccess(t -> Replies.json(ctx, 200, t)).onFailure(ctx::fail);
  }

  private Future<JsonObject> trace(String instanceId) {
    return instances.get(instanceId).compose(instance -> {
      if (instance == null) {
        return Future.succeededFuture(null);
      }
      return enforcements.ofTriggerInstance(instanceId)
          .compose(enforced -> {
            List<Future<JsonObject>> started = enforced.stream()
                .filter(e -> e.getString("execution_id") != null)
                .map(e -> executions.get(e.getString("execution_id"))).toList();
            return Future.all(started).map(all -> traceDoc(instance, enforced, started));
          });
    });
  }

  private static JsonObject traceDoc(JsonObject instance, List<JsonObject> enforcements,
      List<Future<JsonObject>> executions) {
    String tag = instance.getString("trace_tag");
    String start = instance.getString("occurrence_time");
    JsonArray instances = new JsonArray().add(component(instance.getString("id"), instance.getString("trigger"),
        start, null, null));
    JsonArray rules = new JsonArray();
    for (JsonObject e : enforcements) {
      JsonObject rule = e.getJsonObject("rule", new JsonObject());
      rules.add(component(rule.getString("id"), rule.getString("ref"), e.getString("enforced_at"), "trigger_instance",
          instance.getString("id")));
    }
    JsonArray actions = new JsonArray();
    for (Future<JsonObject> f : executions) {
      JsonObject execution = f.result();
      if (execution == null) {
        continue;
      }
      JsonObject ruleRef = execution.getJsonObject("context", new JsonObject()).getJsonObject("rule", new JsonObject());
      actions.add(component(execution.getString("id"), execution.getJsonObject("action", new JsonObject()).getString("ref"),
          execution.getString("start_timestamp"), "rule", ruleRef.getString("id") + ":" + instance.getString("id")));
    }
    return new JsonObject()
        .put("id", instance.getString("id"))
        .put("uid", "trace:" + Ids.md5Hex(tag + instance.getString("id") + start))
        .put("trace_tag", tag)
        .put("start_timestamp", start)
        .put("trigger_instances", instances)
        .put("rules", rules)
        .put("action_executions", actions);
  }

  private static JsonObject component(String id, String ref, String updatedAt, String causeType, String causeId) {
    JsonObject c = new JsonObject().put("object_id", id).put("ref", ref).put("updated_at", updatedAt);
    c.put("caused_by", causeType == null ? new JsonObject() : new JsonObject().put("type", causeType).put("id", causeId));
    return c;
  }
}
