package dev.squall.actions.runner;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The {@code noop} runner: does nothing and succeeds at once. */
public final class NoopRunner implements Runner {

  public static final String NAME = "noop";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<RunnerResult> run(RunRequest request) {
    JsonObject result = new JsonObject().put("failed", false).put("succeeded", true).put("return_code", 0);
    return Future.succeededFuture(new RunnerResult("succeeded", result));
  }

  @Override
  public void cancel(String executionId) {
    // Nothing is ever left running.
  }
}
