package dev.squall.api;

import dev.squall.error.NotFound;
import dev.squall.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code /api/v1/service_registry}: which processes run which service, as StackStorm's service registry shows
 * them (groups are StackStorm's service names; a member is one process). In a cluster the members are the nodes
 * whose heartbeat is recent; a standalone node is the one member of each group it runs.
 */
public final class ServiceRegistryEndpoint {
  /** Squall's service names → StackStorm's group ids. */
  static final Map<String, String> GROUPS = Map.of("api", "api", "auth", "auth", "stream", "stream",
      "rules", "rulesengine", "timers", "timersengine", "notifier", "notifier", "gc", "garbagecollector",
      "actions.scheduler", "scheduler", "actions.runner", "actionrunner");

  private final Supplier<Future<List<JsonObject>>> nodes;

  /** {@code nodes}: the live processes, each {@code {id, node, hostname, pid, services: [...]}}. */
  public ServiceRegistryEndpoint(Supplier<Future<List<JsonObject>>> nodes) {
    this.nodes = nodes;
  }

  void groups(RoutingContext ctx) {
    nodes.get().onSuccess(all -> {
      TreeSet<String> groups = new TreeSet<>();
      all.forEach(node -> servicesOf(node).forEach(s -> groups.add(GROUPS.getOrDefault(s, s))));
      Replies.json(ctx, 200, new JsonObject().put("groups", new JsonArray(List.copyOf(groups))));
    }).onFailure(ctx::fail);
  }

  void members(RoutingContext ctx) {
    String group = ctx.pathParam("group_id");
    nodes.get().onSuccess(all -> {
      JsonArray members = new JsonArray();
      for (JsonObject node : all) {
        for (String service : servicesOf(node)) {
          if (GROUPS.getOrDefault(service, service).equals(group)) {
            members.add(new JsonObject().put("group_id", group).put("member_id", node.getString("id"))
                .put("capabilities", new JsonObject().put("name", group).put("service", service)
                    .put("node", node.getString("node")).put("hostname", node.getString("hostname"))
                    .put("pid", node.getValue("pid")).put("type", "active")
                    .put("instances", node.getJsonObject("instances", new JsonObject()).getInteger(service, 1))));
          }
        }
      }
      if (members.isEmpty()) {
        ctx.fail(new NotFound("Group with ID \"" + group + "\" not found."));
        return;
      }
      Replies.json(ctx, 200, new JsonObject().put("members", members));
    }).onFailure(ctx::fail);
  }

  private static List<String> servicesOf(JsonObject node) {
    JsonArray services = node.getJsonArray("services", new JsonArray());
    return services.stream().map(String::valueOf).toList();
  }
}
