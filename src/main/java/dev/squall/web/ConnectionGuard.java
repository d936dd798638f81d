package dev.squall.web;

import dev.squall.config.HttpLimits;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow and greedy clients from holding the port: connections over the caps are closed at once, and a
 * connection is closed when its first request's head takes longer than {@code request_head_timeout}, a request
 * body goes {@code body_idle_timeout} without a byte, or it idles {@code keep_alive_timeout} between requests.
 * A response being written (a stream, a slow handler) has no deadline.
 *
 * <p>One guard per event loop, used only there: requests just mark their connection busy (one map lookup),
 * and {@link #sweep} checks every deadline once a second. The caps are {@link Caps}, shared by all loops.
 */
public final class ConnectionGuard {
  /** Open connections, in all and per client address, across the event loops. */
  public static final class Caps {
    private final int max;
    private final int maxPerAddress;
    private final Set<String> trustedProxies;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public Caps(int max, int maxPerAddress, Set<String> trustedProxies) {
      this.max = max;
      this.maxPerAddress = maxPerAddress;
      this.trustedProxies = trustedProxies;
    }

    public int open() {
      return open.get();
    }

    boolean take(String address) {
      if (open.incrementAndGet() > max) {
        open.decrementAndGet();
        return false;
      }
      if (trustedProxies.contains(address)) {
        return true;
      }
      AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
      if (mine.incrementAndGet() > maxPerAddress) {
        release(address);
        return false;
      }
      return true;
    }

    void release(String address) {
      open.decrementAndGet();
      if (!trustedProxies.contains(address)) {
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
      }
    }
  }

  private static final class State {
    final String address;
    long deadline;
    HttpServerRequest current;
    long lastBytes;
    long lastProgress;

    State(String address, long deadline) {
      this.address = address;
      this.deadline = deadline;
    }
  }

  private final Caps caps;
  private final long headNanos;
  private final long bodyIdleNanos;
  private final long keepAliveNanos;
  private final Map<HttpConnection, State> states = new HashMap<>();

  public ConnectionGuard(Caps caps, HttpLimits limits) {
    this.caps = caps;
    this.headNanos = TimeUnit.SECONDS.toNanos(limits.requestHeadTimeout());
    this.bodyIdleNanos = TimeUnit.SECONDS.toNanos(limits.bodyIdleTimeout());
    this.keepAliveNanos = TimeUnit.SECONDS.toNanos(limits.keepAliveTimeout());
  }

  /** A new connection: tracked, or closed at once when a cap is reached. */
  public void opened(HttpConnection connection, long now) {
    String address = address(connection.remoteAddress());
    if (!caps.take(address)) {
      connection.close();
      return;
    }
    states.put(connection, new State(address, now + headNanos));
    connection.closeHandler(v -> {
      if (states.remove(connection) != null) {
        caps.release(address);
      }
    });
  }

  /** A request's head arrived: no head deadline until its response has been sent. */
  public void request(HttpServerRequest request) {
    State state = states.get(request.connection());
    if (state != null) {
      state.current = request;
      state.lastBytes = -1;
    }
  }

  /** Closes every connection past its deadline; answers how many. */
  public int sweep(long now) {
    int closed = 0;
    for (Iterator<Map.Entry<HttpConnection, State>> it = states.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpConnection, State> entry = it.next();
      if (expired(entry.getValue(), now)) {
        it.remove();
        caps.release(entry.getValue().address);
        entry.getKey().close();
        closed++;
      }
    }
    return closed;
  }

  public int tracked() {
    return states.size();
  }

  private boolean expired(State state, long now) {
    HttpServerRequest request = state.current;
    if (request == null) {
      return now - state.deadline > 0;
    }
    if (!request.isEnded()) {
      long bytes = request.bytesRead();
      if (bytes != state.lastBytes) {
        state.lastBytes = bytes;
        state.lastProgress = now;
        return false;
      }
      return now - state.lastProgress > bodyIdleNanos;
    }
    if (request.response().ended()) {
      state.current = null;
      state.deadline = now + keepAliveNanos;
    }
    return false;
  }

  private static String address(SocketAddress remote) {
    if (remote == null) {
      return "";
    }
    String host = remote.hostAddress();
    return host != null ? host : remote.toString();
  }
}
