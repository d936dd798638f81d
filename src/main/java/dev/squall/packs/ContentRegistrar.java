package dev.squall.packs;

import dev.squall.actions.ActionRegistry;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.Conflict;
import dev.squall.error.Validation;
import dev.squall.template.ParameterSchema;
import dev.squall.util.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers content: runner types, packs and their actions, into the store and the registry of every
 * node (through CUD events). Existing objects with the same ref keep their id, as in StackStorm.
 */
public final class ContentRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(ContentRegistrar.class);

  private final Vertx vertx;
  private final RunnerTypeStore runnerTypeStore;
  private final PackStore packStore;
  private final ActionStore actionStore;
  private final Bus bus;
  private final ActionRegistry registry;
  private final List<Path> packBasePaths;

  private final PackConfigs configs;

  public ContentRegistrar(Vertx vertx, RunnerTypeStore runnerTypeStore, PackStore packStore, ActionStore actionStore,
      Bus bus, ActionRegistry registry, List<Path> packBasePaths, PackConfigs configs) {
    this.configs = configs;
    this.vertx = vertx;
    this.runnerTypeStore = runnerTypeStore;
    this.packStore = packStore;
    this.actionStore = actionStore;
    this.bus = bus;
    this.registry = registry;
    this.packBasePaths = packBasePaths;
  }

  /** Loads what the store holds into the registry (start-up). */
  public Future<Void> loadRegistry() {
    return Future.all(runnerTypeStore.all(), packStore.all(), actionStore.all())
        .map(all -> {
          all.<List<JsonObject>>resultAt(0).forEach(registry::putRunner);
          all.<List<JsonObject>>resultAt(1).forEach(registry::putPack);
          all.<List<JsonObject>>resultAt(2).forEach(registry::putAction);
          return null;
        });
  }

  /** Stores the runner types this build implements (kept ids, enabled flags preserved). */
  public Future<Integer> registerRunners(List<JsonObject> runnerTypes) {
    List<Future<Void>> writes = new ArrayList<>();
    for (JsonObject type : runnerTypes) {
      JsonObject existing = registry.runner(type.getString("name"));
      JsonObject doc = type.copy()
          .put("id", existing != null ? existing.getString("id") : Ids.next())
          .put("uid", "runner_type:" + type.getString("name"));
      if (existing != null && existing.containsKey("enabled")) {
        doc.put("enabled", existing.getBoolean("enabled"));
      }
      registry.putRunner(doc);
      bus.publish(Addresses.ACTION_CUD, ActionRegistry.event("put", "runner", doc));
      writes.add(runnerTypeStore.put(doc));
    }
    return Future.all(writes).map(runnerTypes.size());
  }

  /** Counts of one registration, in StackStorm's answer shape. */
  public record Counts(int packs, int actions, List<String> errors, List<PackContent> contents, int configs) {
    public JsonObject toJson(int triggers, int rules) {
      return new JsonObject().put("runners", 0).put("actions", actions).put("triggers", triggers).put("sensors", 0)
          .put("rules", rules).put("rule_types", 0).put("aliases", 0).put("policy_types", 0).put("policies", 0)
          .put("configs", configs);
    }
  }

  private record Loaded(List<PackContent> chosen, List<String> configErrors, int goodConfigs) {
  }

  /** Each chosen pack's config checked against its schema (blocking): problems into {@code errors}; good ones. */
  private int checkConfigs(List<PackContent> chosen, List<String> errors) {
    int good = 0;
    for (PackContent content : chosen) {
      String ref = content.pack().getString("ref");
      String path = content.pack().getString("path");
      if (configs == null || path == null || !configs.exists(ref)) {
        continue;
      }
      String problem = configs.problem(ref, Path.of(path));
      if (problem == null) {
        good++;
      } else {
        errors.add("Failed to register config \"" + configs.directory().resolve(ref + ".yaml") + "\" for pack \""
            + ref + "\": " + problem);
      }
    }
    return good;
  }

  /**
   * Registers the named packs (all discovered packs when {@code names} is empty) from the pack base paths.
   * With {@code failOnFailure} any bad file fails the whole request.
   */
  public Future<Counts> registerPacks(List<String> names, boolean failOnFailure) {
    return vertx.executeBlocking(() -> {
      List<PackContent> contents = new ArrayList<>();
      for (Path dir : new PackLoader().discover(packBasePaths)) {
        contents.add(new PackLoader().load(dir));
      }
      List<PackContent> chosen = contents.stream()
          .filter(c -> names.isEmpty() || names.contains(c.pack().getString("ref"))).toList();
      List<String> configErrors = new ArrayList<>();
      int goodConfigs = checkConfigs(chosen, configErrors);
      return new Loaded(chosen, configErrors, goodConfigs);
    }, false).compose(loaded -> {
      List<PackContent> chosen = loaded.chosen();
      if (!names.isEmpty()) {
        for (String name : names) {
          if (chosen.stream().noneMatch(c -> c.pack().getString("ref").equals(name))) {
            return Future.failedFuture(new Validation("Pack \"" + name + "\" not found on disk: " + packBasePaths));
          }
        }
      }
      List<String> errors = new ArrayList<>();
      chosen.forEach(c -> errors.addAll(c.errors()));
      errors.addAll(loaded.configErrors());
      List<JsonObject> actions = new ArrayList<>();
      for (PackContent content : chosen) {
        for (JsonObject action : content.actions()) {
          try {
            validateAction(action);
            actions.add(action);
          } catch (Validation e) {
            errors.add("Failed to register action \"" + action.getString("ref") + "\": " + e.getMessage());
          }
        }
      }
      if (failOnFailure && !errors.isEmpty()) {
        return Future.failedFuture(new Validation(String.join("; ", errors)));
      }
      errors.forEach(e -> LOG.warn("{}", e));
      List<Future<?>> writes = new ArrayList<>();
      for (PackContent content : chosen) {
        writes.add(putPack(content.pack()));
      }
      for (JsonObject action : actions) {
        writes.add(putAction(action));
      }
      return Future.all(writes).map(v -> new Counts(chosen.size(), actions.size(), errors, chosen,
          loaded.goodConfigs()));
    });
  }

  /** Deletes the pack's actions and the pack itself from the store and every node's registry. */
  public Future<Integer> deletePack(String ref) {
    List<JsonObject> actions = registry.actions().stream().filter(a -> ref.equals(a.getString("pack"))).toList();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject action : actions) {
      chain = chain.compose(v -> deleteAction(action));
    }
    JsonObject pack = registry.pack(ref);
    return chain.compose(v -> pack == null ? Future.succeededFuture() : packStore.delete(pack.getString("id"))
        .map(deleted -> {
          registry.apply(ActionRegistry.event("delete", "pack", pack));
          bus.publish(Addresses.PACK_CUD, ActionRegistry.event("delete", "pack", pack));
          return null;
        })).map(v -> actions.size());
  }

  private Future<Void> putPack(JsonObject pack) {
    JsonObject existing = registry.pack(pack.getString("ref"));
    JsonObject doc = pack.copy().put("id", existing != null ? existing.getString("id") : Ids.next());
    registry.putPack(doc);
    bus.publish(Addresses.PACK_CUD, ActionRegistry.event("put", "pack", doc));
    return packStore.put(doc);
  }

  /** Checks an action against its runner type (runner exists, parameter definitions and overrides valid). */
  public void validateAction(JsonObject action) {
    String runnerName = action.getString("runner_type");
    JsonObject runner = runnerName == null ? null : registry.runner(runnerName);
    if (runner == null) {
      throw new Validation("RunnerType \"" + runnerName + "\" is not valid. Make sure the runner is installed.");
    }
    JsonObject params = action.getJsonObject("parameters", new JsonObject());
    ParameterSchema.validateDefinition(params);
    ParameterSchema.merge(runner.getJsonObject("runner_parameters", new JsonObject()), params, action.getString("ref"));
  }

  /** Creates or replaces an action by ref (keeping its id), in store and registry. */
  public Future<JsonObject> putAction(JsonObject action) {
    JsonObject existing = registry.action(action.getString("ref"));
    JsonObject doc = action.copy();
    doc.put("id", existing != null ? existing.getString("id") : doc.getString("id", Ids.next()));
    return actionStore.put(doc).map(v -> {
      registry.putAction(doc);
      bus.publish(Addresses.ACTION_CUD, ActionRegistry.event("put", "action", doc));
      return doc;
    });
  }

  /** Creates an action that must not exist yet (409 with its id otherwise). */
  public Future<JsonObject> createAction(JsonObject action) {
    JsonObject existing = registry.action(action.getString("ref"));
    if (existing != null) {
      return Future.failedFuture(new Conflict("Tried to save duplicate unique keys (pack, name) for action \""
          + action.getString("ref") + "\"", existing.getString("id")));
    }
    validateAction(action);
    return putAction(action.copy().put("id", Ids.next()));
  }

  public Future<Void> deleteAction(JsonObject action) {
    return actionStore.delete(action.getString("id")).map(v -> {
      registry.removeAction(action);
      bus.publish(Addresses.ACTION_CUD, ActionRegistry.event("delete", "action", action));
      return null;
    });
  }
}
