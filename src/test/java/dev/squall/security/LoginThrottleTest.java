package dev.squall.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.error.TooManyRequests;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private Instant now = Instant.parse("2026-11-30T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void userIsRefusedAfterLimitUntilTheOldestFailureAgesOut() {
    LoginThrottle throttle = new LoginThrottle(3, 60, clock);
    for (int i = 0; i < 3; i++) {
      assertDoesNotThrow(() -> throttle.check("alice", "10.0.0.1"));
      throttle.failed("alice", "10.0.0." + i);
      now = now.plusSeconds(10);
    }
    TooManyRequests refused = assertThrows(TooManyRequests.class, () -> throttle.check("alice", "10.0.0.9"));
    assertEquals(30, refused.retryAfterSeconds(), "the first failure (at 0 s) leaves the window at 60 s; now is 30 s");
    assertDoesNotThrow(() -> throttle.check("bob", "10.0.0.9"), "other users are not affected");
    now = now.plusSeconds(30);
    assertDoesNotThrow(() -> throttle.check("alice", "10.0.0.9"));
  }

  @Test
  void addressIsRefusedAfterFourTimesTheUserLimit() {
    LoginThrottle throttle = new LoginThrottle(2, 60, clock);
    for (int i = 0; i < 8; i++) {
      throttle.failed("user" + i, "10.0.0.1");
    }
    assertThrows(TooManyRequests.class, () -> throttle.check("fresh", "10.0.0.1"));
    assertDoesNotThrow(() -> throttle.check("fresh", "10.0.0.2"));
  }

  @Test
  void parallelAttemptsCountBeforeTheyAreJudged() {
    LoginThrottle throttle = new LoginThrottle(3, 60, clock);
    for (int i = 0; i < 3; i++) {
      throttle.attempt("alice", "10.0.0." + i); // three guesses in flight, none judged yet
    }
    assertThrows(TooManyRequests.class, () -> throttle.attempt("alice", "10.0.0.9"));
    throttle.succeeded("alice", "10.0.0.2");
    assertDoesNotThrow(() -> throttle.attempt("alice", "10.0.0.9"));
  }

  @Test
  void successClearsTheUsersFailures() {
    LoginThrottle throttle = new LoginThrottle(2, 60, clock);
    throttle.failed("alice", "a");
    throttle.failed("alice", "b");
    assertThrows(TooManyRequests.class, () -> throttle.check("alice", "c"));
    throttle.succeeded("alice", "c");
    assertDoesNotThrow(() -> throttle.check("alice", "c"));
  }
}
