package dev.squall.stream;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.OutputStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /stream/v1/executions/{id}/output}: stored chunks first, then live ones, then {@code EOF} once the
 * execution completes. Listens before it reads the store, so no chunk falls between the two.
 */
final class OutputTail {
  private static final Set<String> ENDING = Set.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
      ExecutionStatus.TIMEOUT, ExecutionStatus.CANCELED, ExecutionStatus.ABANDONED, ExecutionStatus.PAUSING,
      ExecutionStatus.RESUMING);

  private final Bus bus;
  private final OutputStore store;
  private final HttpServerResponse response;
  private final String executionId;
  private final String outputType;
  private final List<JsonObject> buffered = new ArrayList<>();
  private final List<Bus.Registration> registrations = new ArrayList<>();
  private boolean buffering = true;
  private boolean completed;
  private boolean ended;

  OutputTail(Bus bus, OutputStore store, HttpServerResponse response, String executionId, String outputType) {
    this.bus = bus;
    this.store = store;
    this.response = response;
    this.executionId = executionId;
    this.outputType = outputType;
  }

  /** Starts the tail; {@code execution} is the stored execution document. */
  Future<Void> start(JsonObject execution) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=UTF-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> stop());
    registrations.add(bus.subscribe(Addresses.EXECUTION_OUTPUT_CREATE, this::onOutput));
    registrations.add(bus.subscribe(Addresses.EXECUTION_UPDATE, this::onUpdate));
    completed = ENDING.contains(execution.getString("status"));
    response.write("\n");
    return store.of(executionId, null).map(stored -> {
      Set<String> seen = new HashSet<>();
      for (JsonObject chunk : stored) {
        seen.add(chunk.getString("id"));
        send(chunk);
      }
      for (JsonObject chunk : buffered) {
        if (!seen.contains(chunk.getString("id"))) {
          send(chunk);
        }
      }
      buffered.clear();
      buffering = false;
      if (completed) {
        finish();
      }
      return null;
    });
  }

  private void onOutput(JsonObject chunk) {
    if (!executionId.equals(chunk.getString("execution_id"))) {
      return;
    }
    if (buffering) {
      buffered.add(chunk);
    } else {
      send(chunk);
    }
  }

  private void onUpdate(JsonObject execution) {
    if (!executionId.equals(execution.getString("id")) || !ENDING.contains(execution.getString("status"))) {
      return;
    }
    completed = true;
    if (!buffering) {
      finish();
    }
  }

  private void send(JsonObject chunk) {
    if (ended || outputType != null && !"all".equals(outputType) && !outputType.equals(chunk.getString("output_type"))) {
      return;
    }
    response.write(Subscriber.frame(Addresses.EXECUTION_OUTPUT_CREATE, chunk));
  }

  private void finish() {
    if (!ended) {
      response.write("event: EOF\ndata: ''\n\n");
      response.end();
      stop();
    }
  }

  private void stop() {
    ended = true;
    registrations.forEach(Bus.Registration::unregister);
    registrations.clear();
  }
}
