package dev.squall.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.squall.error.Unavailable;
import dev.squall.error.Validation;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetryTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static Future<String> failFirst(AtomicInteger calls, int failures, RuntimeException e) {
    return calls.incrementAndGet() <= failures ? Future.failedFuture(e) : Future.succeededFuture("done");
  }

  private static Throwable failureOf(Future<String> f) {
    return f.transform(ar -> Future.<AsyncResult<String>>succeededFuture(ar)).await().cause();
  }

  @Test
  void aFullBacklogIsTriedAgainUntilAccepted() {
    AtomicInteger calls = new AtomicInteger();
    String result = Retry.forever(1, 5).run(vertx, () -> failFirst(calls, 4, new Unavailable("full", 1))).await();
    assertEquals("done", result);
    assertEquals(5, calls.get());
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertInstanceOf(Validation.class,
        failureOf(Retry.forever(1, 5).run(vertx, () -> failFirst(calls, 4, new Validation("bad")))));
    assertEquals(1, calls.get());
  }

  @Test
  void theLastAttemptsFailureIsTheResult() {
    AtomicInteger calls = new AtomicInteger();
    assertInstanceOf(Unavailable.class,
        failureOf(new Retry(1, 10, 3).run(vertx, () -> failFirst(calls, 10, new Unavailable("full", 1)))));
    assertEquals(3, calls.get());
  }

  @Test
  void delaysGrowByStepUpToTheCap() {
    Retry retry = Retry.forever(20, 1000);
    assertEquals(20, retry.delayBefore(1));
    assertEquals(100, retry.delayBefore(5));
    assertEquals(1000, retry.delayBefore(80));
  }
}
