package dev.squall.stream;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.Executions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One bus subscription per streamed event for the whole node; each event is rendered and encoded once
 * and offered to every open subscriber that wants it. Execution events arrive as stored documents: the
 * API view and the LiveAction view (secrets masked) are derived here, only when someone listens.
 *
 * <p>The hub is on the bus only while a stream is open: with nobody listening, the many events of every
 * webhook and execution would each still cost a message and an event-loop task to be thrown away.
 */
final class StreamHub {
  private static final List<String> DIRECT = List.of(Addresses.EXECUTION_OUTPUT_CREATE,
      Addresses.TRIGGER_INSTANCE_CREATE, Addresses.TRIGGER_INSTANCE_UPDATE, Addresses.RULE_ENFORCEMENT_CREATE);

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final List<Bus.Registration> registrations = new CopyOnWriteArrayList<>();
  private Bus bus;

  /** Where events come from; subscribed to when the first stream opens. */
  synchronized void listen(Bus bus) {
    this.bus = bus;
  }

  private void subscribe() {
    registrations.add(bus.subscribe(Addresses.EXECUTION_CREATE,
        doc -> execution(doc, Addresses.EXECUTION_CREATE, Addresses.LIVEACTION_CREATE)));
    registrations.add(bus.subscribe(Addresses.EXECUTION_UPDATE,
        doc -> execution(doc, Addresses.EXECUTION_UPDATE, Addresses.LIVEACTION_UPDATE)));
    for (String address : DIRECT) {
      registrations.add(bus.subscribe(address, body -> dispatch(address, body)));
    }
  }

  synchronized void add(Subscriber s) {
    subscribers.add(s);
    if (registrations.isEmpty() && bus != null) {
      subscribe();
    }
  }

  synchronized void remove(Subscriber s) {
    if (subscribers.remove(s) && subscribers.isEmpty()) {
      close();
    }
  }

  int size() {
    return subscribers.size();
  }

  private void execution(JsonObject doc, String executionEvent, String liveActionEvent) {
    if (subscribers.isEmpty()) {
      return;
    }
    if (wanted(liveActionEvent)) {
      dispatch(liveActionEvent, Executions.liveActionView(doc));
    }
    if (wanted(executionEvent)) {
      dispatch(executionEvent, Executions.apiView(doc));
    }
  }

  private boolean wanted(String name) {
    for (Subscriber s : subscribers) {
      if (s.filter().wantsName(name)) {
        return true;
      }
    }
    return false;
  }

  private void dispatch(String name, JsonObject body) {
    if (subscribers.isEmpty()) {
      return;
    }
    String frame = null;
    for (Subscriber s : subscribers) {
      if (s.filter().wantsName(name)) {
        if (frame == null) {
          frame = Subscriber.frame(name, body);
        }
        s.offer(name, body, frame);
      }
    }
  }

  synchronized void close() {
    registrations.forEach(Bus.Registration::unregister);
    registrations.clear();
  }
}
