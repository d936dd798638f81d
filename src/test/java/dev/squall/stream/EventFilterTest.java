package dev.squall.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventFilterTest {
  private static final JsonObject EXECUTION = new JsonObject().put("id", "e1")
      .put("action", new JsonObject().put("ref", "core.local"));
  private static final JsonObject LIVEACTION = new JsonObject().put("id", "l1").put("action", "core.local");
  private static final JsonObject OUTPUT = new JsonObject().put("execution_id", "e1").put("action_ref", "core.local");
  private static final JsonObject INSTANCE = new JsonObject().put("id", "ti1").put("trigger", "core.st2.webhook");

  private static EventFilter filter(List<String> events, List<String> refs, List<String> ids) {
    return new EventFilter(events, refs, ids);
  }

  @Test
  void byDefaultExecutionAndLiveActionEventsOnly() {
    EventFilter all = filter(List.of(), List.of(), List.of());
    assertTrue(all.wants(Addresses.EXECUTION_CREATE, EXECUTION));
    assertTrue(all.wants(Addresses.LIVEACTION_UPDATE, LIVEACTION));
    assertFalse(all.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
    assertFalse(all.wants(Addresses.TRIGGER_INSTANCE_CREATE, INSTANCE));
    assertEquals(List.of(Addresses.EXECUTION_CREATE, Addresses.EXECUTION_UPDATE, Addresses.EXECUTION_DELETE,
        Addresses.LIVEACTION_CREATE, Addresses.LIVEACTION_UPDATE, Addresses.LIVEACTION_DELETE),
        all.addresses().stream().filter(a -> !a.startsWith("st2.announcement")).toList());
  }

  @Test
  void eventsAreFnmatchGlobsButOutputAndInstancesOnlyByName() {
    EventFilter star = filter(List.of("*"), List.of(), List.of());
    assertTrue(star.wants(Addresses.EXECUTION_UPDATE, EXECUTION));
    assertFalse(star.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT), "output is only streamed when named");
    assertFalse(star.wants(Addresses.RULE_ENFORCEMENT_CREATE, new JsonObject()));
    EventFilter named = filter(List.of(Addresses.EXECUTION_OUTPUT_CREATE, Addresses.TRIGGER_INSTANCE_CREATE),
        List.of(), List.of());
    assertTrue(named.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
    assertTrue(named.wants(Addresses.TRIGGER_INSTANCE_CREATE, INSTANCE));
    assertFalse(named.wants(Addresses.EXECUTION_CREATE, EXECUTION));
    assertEquals(List.of(Addresses.EXECUTION_OUTPUT_CREATE, Addresses.TRIGGER_INSTANCE_CREATE), named.addresses());
    EventFilter glob = filter(List.of("st2.execution__[!d]*", "st2.liveaction__?pdate"), List.of(), List.of());
    assertTrue(glob.wants(Addresses.EXECUTION_CREATE, EXECUTION));
    assertFalse(glob.wants(Addresses.EXECUTION_DELETE, EXECUTION));
    assertTrue(glob.wants(Addresses.LIVEACTION_UPDATE, LIVEACTION));
    assertFalse(glob.wants(Addresses.LIVEACTION_CREATE, LIVEACTION));
    assertFalse(filter(List.of("st2.execution__create."), List.of(), List.of())
        .wants(Addresses.EXECUTION_CREATE, EXECUTION), "a dot is a dot");
  }

  @Test
  void actionRefsSelectExecutionsLiveActionsAndOutputOfThoseActions() {
    List<String> events = List.of("st2.execution__*", "st2.liveaction__*", Addresses.EXECUTION_OUTPUT_CREATE,
        Addresses.TRIGGER_INSTANCE_CREATE);
    EventFilter local = filter(events, List.of("core.local"), List.of());
    EventFilter other = filter(events, List.of("core.remote"), List.of());
    assertTrue(local.wants(Addresses.EXECUTION_CREATE, EXECUTION));
    assertTrue(local.wants(Addresses.LIVEACTION_CREATE, LIVEACTION));
    assertTrue(local.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
    assertFalse(other.wants(Addresses.EXECUTION_CREATE, EXECUTION));
    assertFalse(other.wants(Addresses.LIVEACTION_CREATE, LIVEACTION));
    assertFalse(other.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
    assertTrue(other.wants(Addresses.TRIGGER_INSTANCE_CREATE, INSTANCE), "other events are not about an action");
  }

  @Test
  void executionIdsSelectThoseExecutionsAndTheirOutput() {
    List<String> events = List.of("st2.execution__*", Addresses.EXECUTION_OUTPUT_CREATE);
    EventFilter mine = filter(events, List.of(), List.of("e1"));
    EventFilter other = filter(events, List.of(), List.of("e2"));
    assertTrue(mine.wants(Addresses.EXECUTION_UPDATE, EXECUTION));
    assertTrue(mine.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
    assertFalse(other.wants(Addresses.EXECUTION_UPDATE, EXECUTION));
    assertFalse(other.wants(Addresses.EXECUTION_OUTPUT_CREATE, OUTPUT));
  }
}
