package dev.squall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many executions per second a set of runners completes: posts {@code --executions} runs of {@code --action}
 * ({@code core.local} with {@code --cmd} by default; any action whose runner takes {@code env}) at once, from a few
 * threads, waits until every one is finished, and reports the rate from the first one's creation to the last
 * one's end, as the executions' own timestamps say.
 *
 * <p>{@code --base URL --executions N [--action REF] [--cmd "sleep 0.2"] [--seconds S]}; prints one
 * {@code RESULT key=value...}.
 */
public final class ScaleOut {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ScaleOut() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String base = options.required("base");
    int count = options.integer("executions", 500);
    String action = options.text("action", "core.local");
    String cmd = options.text("cmd", "sleep 0.2");
    long deadline = System.nanoTime() + Duration.ofSeconds(options.integer("seconds", 300)).toNanos();
    String marker = "scaleout-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();

    long postStart = System.nanoTime();
    Instant postedFrom = Instant.now().minusMillis(500);
    ExecutorService posters = Executors.newFixedThreadPool(8);
    List<Future<Integer>> posted = new ArrayList<>();
    JsonObject parameters = new JsonObject().put("env", new JsonObject().put("BENCH_RUN", marker));
    if ("core.local".equals(action)) {
      parameters.put("cmd", cmd);
    }
    JsonObject body = new JsonObject().put("action", action).put("parameters", parameters);
    for (int i = 0; i < count; i++) {
      posted.add(posters.submit(() -> call(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()))).statusCode()));
    }
    int accepted = 0;
    for (Future<Integer> status : posted) {
      accepted += status.get() == 201 ? 1 : 0;
    }
    posters.shutdown();
    double postSeconds = (System.nanoTime() - postStart) / 1e9;

    // wait on a count once a second (the poll costs the servers as little as it can), then read this run's
    // executions once; the other terminal states are counted only every fifth poll
    String since = postedFrom.toString();
    String ours = "/api/v1/executions?action=" + action + "&timestamp_gt=" + since;
    Api api = new Api(base);
    long others = 0;
    for (int poll = 1; System.nanoTime() < deadline; poll++) {
      if (poll % 5 == 0) {
        others = api.count(ours + "&status=failed") + api.count(ours + "&status=abandoned")
            + api.count(ours + "&status=timeout");
      }
      if (api.count(ours + "&status=succeeded") + others >= accepted) {
        break;
      }
      Thread.sleep(1000);
    }
    JsonArray mine = new JsonArray();
    JsonArray all = new JsonArray(call(HttpRequest.newBuilder(URI.create(base + ours
        + "&limit=-1&include_attributes=id,status,start_timestamp,end_timestamp,parameters")).GET()).body());
    for (Object o : all) {
      JsonObject x = (JsonObject) o;
      JsonObject env = x.getJsonObject("parameters", new JsonObject()).getJsonObject("env", new JsonObject());
      if (marker.equals(env.getString("BENCH_RUN"))) {
        mine.add(x);
      }
    }
    Instant first = null;
    Instant last = null;
    int succeeded = 0;
    for (Object o : mine) {
      JsonObject x = (JsonObject) o;
      succeeded += "succeeded".equals(x.getString("status")) ? 1 : 0;
      Instant start = Instant.parse(x.getString("start_timestamp"));
      first = first == null || start.isBefore(first) ? start : first;
      if (x.getString("end_timestamp") != null) {
        Instant end = Instant.parse(x.getString("end_timestamp"));
        last = last == null || end.isAfter(last) ? end : last;
      }
    }
    double seconds = first == null || last == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
    System.out.printf("RESULT accepted=%d succeeded=%d seconds=%.2f per_s=%.1f post_s=%.2f%n", accepted, succeeded,
        seconds, seconds > 0 ? succeeded / seconds : 0.0, postSeconds);
  }

  private static HttpResponse<String> call(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(Credentials.api(request).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
