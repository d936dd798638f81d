package dev.squall.actions.runner;

import io.vertx.core.json.JsonObject;

/** A runner's outcome: a terminal execution status and the result document. */
public record RunnerResult(String status, JsonObject result) {
}
