package dev.squall.security;

import dev.squall.error.TooManyRequests;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code limit} failed logins within {@code window} seconds for one user, or
 * for one source address, further attempts are refused with 429 until the oldest failure leaves the window.
 * Checked before any hashing, so a flood of guesses costs no bcrypt time. Addresses get four times the
 * user allowance (several people may share one address).
 */
public final class LoginThrottle {
  private static final int ADDRESS_FACTOR = 4;
  private static final int MAX_TRACKED = 100_000;

  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int limit, int windowSeconds, Clock clock) {
    this.limit = limit;
    this.windowMillis = windowSeconds * 1000L;
    this.clock = clock;
  }

  /**
   * Admits one login attempt or throws 429. An admitted attempt counts as a failure until {@link #succeeded}
   * says otherwise, so parallel guesses cannot all pass before the first one is judged.
   */
  public void attempt(String user, String address) {
    check(user, address);
    failed(user, address);
  }

  /** Throws 429 when either the user or the address has used up its failures. */
  public void check(String user, String address) {
    long now = clock.millis();
    long wait = Math.max(waitMillis("u:" + user, limit, now), waitMillis("a:" + address, limit * ADDRESS_FACTOR, now));
    if (wait > 0) {
      throw new TooManyRequests("Too many failed logins; try again later.", (int) Math.max(1, (wait + 999) / 1000));
    }
  }

  public void failed(String user, String address) {
    if (failures.size() > MAX_TRACKED) {
      prune();
    }
    long now = clock.millis();
    record("u:" + user, now);
    record("a:" + address, now);
  }

  /** A good password clears that user's record and takes back the address's count of this attempt. */
  public void succeeded(String user, String address) {
    failures.remove("u:" + user);
    Deque<Long> times = failures.get("a:" + address);
    if (times != null) {
      synchronized (times) {
        times.pollLast();
      }
    }
  }

  private void record(String key, long now) {
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (times.size() > limit * ADDRESS_FACTOR) {
        times.removeFirst();
      }
    }
  }

  private long waitMillis(String key, int allowed, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
        times.removeFirst();
      }
      if (times.size() < allowed) {
        return 0;
      }
      // the failure that must age out before one more attempt is allowed
      long blocking = times.stream().skip(times.size() - allowed).findFirst().orElse(now);
      return blocking + windowMillis - now;
    }
  }

  private void prune() {
    long cutoff = clock.millis() - windowMillis;
    failures.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().isEmpty() || e.getValue().peekLast() <= cutoff;
      }
    });
  }
}
