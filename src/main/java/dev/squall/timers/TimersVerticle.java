package dev.squall.timers;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.config.TimersConfig;
import dev.squall.rules.EnabledRules;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code timers} service (one active per deployment): timer triggers in use by an enabled rule fire as
 * trigger instances on time ({@link ArmedTimers}); trigger and rule changes re-arm them at once.
 */
public final class TimersVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TimersVerticle.class);

  private final TimersConfig config;
  private final Bus bus;
  private final TriggerRegistry triggers;
  private final EnabledRules rules;
  private final TriggerDispatcher intake;
  private ArmedTimers armed;
  private Bus.Registration triggerEvents;
  private Runnable ruleChanges;

  public TimersVerticle(TimersConfig config, Bus bus, TriggerRegistry triggers, EnabledRules rules,
      TriggerDispatcher intake) {
    this.config = config;
    this.bus = bus;
    this.triggers = triggers;
    this.rules = rules;
    this.intake = intake;
  }

  @Override
  public Future<?> start() {
    if (!config.enable()) {
      return Future.succeededFuture();
    }
    ArmedTimers.Alarms alarms = new ArmedTimers.Alarms() {
      @Override
      public long set(long delayMs, Runnable action) {
        return vertx.setTimer(delayMs, t -> action.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
    armed = new ArmedTimers(alarms, Clock.systemUTC(), config.localTimezone(), rules::isWatched, triggers::trigger,
        this::fire);
    triggerEvents = bus.subscribe(Addresses.TRIGGER_CUD, this::onTriggerEvent);
    Context context = this.context;
    // rule changes are applied on whichever thread saw them; the timers are kept on this verticle's context
    ruleChanges = rules.onChange(ref -> context.runOnContext(v -> armed.rulesChanged(ref)));
    triggers.triggers().forEach(armed::arm);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (armed == null) {
      return Future.succeededFuture();
    }
    ruleChanges.run();
    armed.disarmAll();
    return triggerEvents.unregister();
  }

  private void onTriggerEvent(JsonObject event) {
    if (!"trigger".equals(event.getString("kind"))) {
      return;
    }
    JsonObject trigger = event.getJsonObject("doc");
    if ("delete".equals(event.getString("op"))) {
      armed.triggerRemoved(trigger.getString("ref"));
    } else {
      armed.triggerChanged(trigger);
    }
  }

  private void fire(JsonObject trigger, Instant now) {
    String typeName = trigger.getString("type").substring("core.".length());
    intake.dispatch(trigger.getString("ref"), TimerPayload.payload(now), typeName + "-" + trigger.getString("name"))
        .onFailure(e -> LOG.warn("timer {} fired but its event was not accepted: {}", trigger.getString("ref"),
            e.getMessage()));
  }
}
