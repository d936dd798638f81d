package dev.squall.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.ManualClock;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ArmedTimersTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  /** A clock that only moves when told, and the alarms it rings on the way. */
  private static final class FakeTime extends ManualClock implements ArmedTimers.Alarms {
    private long nextId = 1;

    FakeTime() {
      super(START);
    }

    private final TreeMap<Long, Map.Entry<Instant, Runnable>> alarms = new TreeMap<>();

    @Override
    public long set(long delayMs, Runnable action) {
      alarms.put(nextId, Map.entry(instant().plusMillis(delayMs), action));
      return nextId++;
    }

    @Override
    public void cancel(long id) {
      alarms.remove(id);
    }

    void advance(long seconds) {
      Instant until = instant().plusSeconds(seconds);
      while (true) {
        var due = alarms.entrySet().stream().filter(e -> !e.getValue().getKey().isAfter(until))
            .min(Map.Entry.comparingByValue(Map.Entry.comparingByKey())).orElse(null);
        if (due == null) {
          break;
        }
        alarms.remove(due.getKey());
        set(due.getValue().getKey());
        due.getValue().getValue().run();
      }
      set(until);
    }
  }

  private final FakeTime time = new FakeTime();
  private final Set<String> used = new HashSet<>();
  private final Map<String, JsonObject> triggers = new HashMap<>();
  private final List<String> fired = new ArrayList<>();
  private final ArmedTimers timers = new ArmedTimers(time, time, ZoneOffset.UTC, used::contains, triggers::get,
      (trigger, at) -> fired.add(trigger.getString("ref") + "@" + at));

  private JsonObject interval(String ref, int seconds) {
    JsonObject trigger = new JsonObject().put("ref", ref).put("name", ref).put("type", TimerSchedule.INTERVAL)
        .put("parameters", new JsonObject().put("unit", "seconds").put("delta", seconds));
    triggers.put(ref, trigger);
    return trigger;
  }

  @Test
  void aTimerNoEnabledRuleUsesNeverFires() {
    timers.arm(interval("t1", 10));
    time.advance(60);
    assertEquals(List.of(), fired);
    assertFalse(timers.isArmed("t1"));
  }

  @Test
  void aUsedIntervalTimerFiresEveryIntervalUntilItsLastRuleGoes() {
    JsonObject trigger = interval("t1", 10);
    used.add("t1");
    timers.arm(trigger);
    time.advance(25);
    assertEquals(List.of("t1@2030-01-01T00:00:10Z", "t1@2030-01-01T00:00:20Z"), fired);
    used.remove("t1");
    timers.rulesChanged("t1");
    time.advance(60);
    assertEquals(2, fired.size(), "no fire once no enabled rule uses the timer");
    used.add("t1");
    timers.rulesChanged("t1");
    assertTrue(timers.isArmed("t1"), "a rule enabled again re-arms the timer at once");
    time.advance(10);
    assertEquals(3, fired.size());
  }

  @Test
  void aChangedTriggerStartsOverAndARemovedOneStops() {
    used.add("t1");
    timers.arm(interval("t1", 10));
    time.advance(5);
    timers.triggerChanged(interval("t1", 30));
    time.advance(29);
    assertEquals(List.of(), fired, "the new interval counts from the change");
    time.advance(1);
    assertEquals(List.of("t1@2030-01-01T00:00:35Z"), fired);
    timers.triggerRemoved("t1");
    time.advance(120);
    assertEquals(1, fired.size());
  }

  @Test
  void aDateTimerFiresOnceAndABadOneIsNotArmed() {
    used.add("d1");
    used.add("bad");
    timers.arm(new JsonObject().put("ref", "d1").put("type", TimerSchedule.DATE)
        .put("parameters", new JsonObject().put("date", "2030-01-01T00:01:00Z")));
    timers.arm(new JsonObject().put("ref", "bad").put("type", TimerSchedule.CRON)
        .put("parameters", new JsonObject().put("second", "nonsense")));
    assertFalse(timers.isArmed("bad"));
    time.advance(3600);
    assertEquals(List.of("d1@2030-01-01T00:01:00Z"), fired);
    assertFalse(timers.isArmed("d1"));
  }

  @Test
  void disarmAllStopsEveryTimer() {
    used.add("t1");
    used.add("t2");
    timers.arm(interval("t1", 10));
    timers.arm(interval("t2", 15));
    timers.disarmAll();
    time.advance(60);
    assertEquals(List.of(), fired);
  }
}
