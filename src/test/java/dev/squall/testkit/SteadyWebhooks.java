package dev.squall.testkit;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady stream of webhooks {@code {"n": i}} to one hook, one after the other, until stopped: which {@code n}
 * were accepted (202), and every answer that was neither 202 nor a 503 with {@code Retry-After}.
 */
public final class SteadyWebhooks implements Runnable {
  private static final long PAUSE_MS = 10;
  public final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
  public final List<String> other = new CopyOnWriteArrayList<>();
  public final AtomicBoolean stop = new AtomicBoolean();
  private final Http http;
  private final String hook;

  public SteadyWebhooks(Http http, String hook) {
    this.http = http;
    this.hook = hook;
  }

  @Override
  public void run() {
    for (int n = 0; !stop.get(); n++) {
      Http.Reply reply = http.post("/api/v1/webhooks/" + hook, new JsonObject().put("n", n));
      if (reply.status() == 202) {
        accepted.add(n);
      } else if (reply.status() != 503 || reply.header("Retry-After") == null) {
        other.add(reply.status() + " " + reply.body());
      }
      Http.pause(PAUSE_MS);
    }
  }

  /** Waits until {@code more} webhooks more have been accepted (at most 30 s). */
  public void awaitMore(int more) {
    int target = accepted.size() + more;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (accepted.size() < target && System.nanoTime() < deadline) {
      Http.pause(20);
    }
  }
}
