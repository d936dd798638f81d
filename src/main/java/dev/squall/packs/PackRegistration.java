package dev.squall.packs;

import dev.squall.rules.RuleCatalog;
import dev.squall.triggers.TriggerCatalog;

import dev.squall.error.Validation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers packs in StackStorm's order: pack, actions, then trigger types, then rules (which need the
 * actions and trigger types). Answers with StackStorm's register counts.
 */
public final class PackRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(PackRegistration.class);

  private final ContentRegistrar content;
  private final TriggerCatalog triggers;
  private final RuleCatalog rules;
  private final String systemUser;

  public PackRegistration(ContentRegistrar content, TriggerCatalog triggers, RuleCatalog rules, String systemUser) {
    this.content = content;
    this.triggers = triggers;
    this.rules = rules;
    this.systemUser = systemUser;
  }

  /** What one registration did: StackStorm's counts, and every file that could not be registered and why. */
  public record Registered(JsonObject counts, List<String> errors) {
  }

  public Future<JsonObject> register(List<String> packs, boolean failOnFailure) {
    return registerReporting(packs, failOnFailure).map(Registered::counts);
  }

  /** As {@link #register}, with the problems found along the way (those that did not fail it). */
  public Future<Registered> registerReporting(List<String> packs, boolean failOnFailure) {
    return content.registerPacks(packs, failOnFailure).compose(counts -> {
      List<JsonObject> types = new ArrayList<>();
      List<JsonObject> packRules = new ArrayList<>();
      counts.contents().forEach(c -> {
        types.addAll(c.triggerTypes());
        packRules.addAll(c.rules());
      });
      List<String> errors = new ArrayList<>(counts.errors());
      return triggers.registerTypes(types)
          .compose(v -> rules.adoptWaiting())
          .compose(v -> registerRules(packRules, failOnFailure, errors))
          .map(registered -> new Registered(counts.toJson(types.size(), registered), List.copyOf(errors)));
    });
  }

  /** Takes the pack's rules, actions, trigger types and the pack itself out of the store and every registry. */
  public Future<JsonObject> unregister(String pack) {
    return rules.deletePack(pack).compose(ruleCount -> content.deletePack(pack)
        .compose(actionCount -> triggers.deletePackTypes(pack)
            .map(typeCount -> new JsonObject().put("actions", actionCount).put("rules", ruleCount)
                .put("triggers", typeCount))));
  }

  private Future<Integer> registerRules(List<JsonObject> packRules, boolean failOnFailure, List<String> errors) {
    Future<Integer> chain = Future.succeededFuture(0);
    int before = errors.size();
    for (JsonObject rule : packRules) {
      chain = chain.compose(n -> rules.register(rule, systemUser).map(r -> n + 1).recover(e -> {
        String where = "Failed to register rule \"" + rule.getString("metadata_file") + "\" from pack \""
            + rule.getString("pack") + "\": ";
        if (e instanceof dev.squall.error.SquallException) {
          errors.add(where + e.getMessage());
          LOG.warn("{}{}", where, e.getMessage());
        } else {
          // not the rule's fault: the detail stays in the log, the caller learns only that it failed
          errors.add(where + "internal error");
          LOG.error("{}", where, e);
        }
        return Future.succeededFuture(n);
      }));
    }
    return chain.compose(n -> failOnFailure && errors.size() > before
        ? Future.failedFuture(new Validation(String.join("; ", errors.subList(before, errors.size()))))
        : Future.succeededFuture(n));
  }
}
