package dev.squall.stream;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One bus subscription per streamed event for the whole node; each event is encoded once and offered
 * to every open subscriber.
 */
final class StreamHub {
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final List<Bus.Registration> registrations = new CopyOnWriteArrayList<>();

  void listen(Bus bus) {
    for (String address : Addresses.STREAMED) {
      registrations.add(bus.subscribe(address, body -> dispatch(address, body)));
    }
  }

  void add(Subscriber s) {
    subscribers.add(s);
  }

  void remove(Subscriber s) {
    subscribers.remove(s);
  }

  int size() {
    return subscribers.size();
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

  void close() {
    registrations.forEach(Bus.Registration::unregister);
  }
}
