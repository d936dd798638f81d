package dev.squall.rules;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.model.Collections;
import dev.squall.model.Kernel;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code rules} service: trigger instances in, enforcements and executions out. */
public final class RulesVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RulesVerticle.class);

  private final Kernel kernel;
  private Bus.Registration work;
  private Bus.Registration ruleEvents;

  public RulesVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    RuleIndex index = new RuleIndex();
    RulesEngine engine = new RulesEngine(vertx, kernel.store(), kernel.bus(), index, kernel.triggers().registry(),
        kernel.executions(), kernel.dispatcher(), kernel::kvContext, kernel.systemUser());
    ruleEvents = kernel.bus().subscribe(Addresses.RULE_CUD, event -> apply(index, event));
    return kernel.store().find(Collections.RULES, Query.where().eq("enabled", true)).map(rules -> {
      rules.forEach(rule -> safePut(index, rule));
      work = kernel.bus().consume(Addresses.WORK_TRIGGER_INSTANCE, instance -> engine.handle(instance)
          .onFailure(e -> LOG.error("trigger instance {} not processed", instance.getString("id"), e)));
      kernel.dispatcher().matchAtIntake(engine::certainlyUnmatched);
      LOG.debug("rules engine started with {} enabled rules", index.size());
      return null;
    });
  }

  private static void apply(RuleIndex index, JsonObject event) {
    JsonObject rule = event.getJsonObject("doc");
    if ("delete".equals(event.getString("op"))) {
      index.remove(rule);
    } else {
      safePut(index, rule);
    }
  }

  private static void safePut(RuleIndex index, JsonObject rule) {
    try {
      index.put(rule);
    } catch (RuntimeException e) {
      LOG.warn("rule {} cannot be evaluated: {}", rule.getString("ref"), e.getMessage());
    }
  }

  @Override
  public Future<?> stop() {
    kernel.dispatcher().matchAtIntake(null);
    return Future.join(work == null ? Future.succeededFuture() : work.unregister(), ruleEvents.unregister());
  }
}
