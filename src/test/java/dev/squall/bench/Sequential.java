package dev.squall.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * End-to-end time of single executions: posts one, polls it until terminal (every millisecond), then the next;
 * reports the median and p99 of POST → seen terminal, and how many succeeded.
 *
 * <p>{@code --base URL --action REF --executions N [--parameters JSON]}; prints one {@code RESULT key=value...}.
 */
public final class Sequential {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final Set<String> DONE = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");

  private Sequential() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String base = options.required("base");
    int count = options.integer("executions", 200);
    JsonObject body = new JsonObject().put("action", options.required("action"))
        .put("parameters", new JsonObject(options.text("parameters", "{}")));
    double[] millis = new double[count];
    int succeeded = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> created = call(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
      if (created.statusCode() != 201) {
        throw new IllegalStateException("POST answered " + created.statusCode() + ": " + created.body());
      }
      String id = new JsonObject(created.body()).getString("id");
      String status;
      do {
        Thread.sleep(1);
        status = new JsonObject(call(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions/" + id
            + "?include_attributes=status")).GET()).body()).getString("status");
      } while (!DONE.contains(status));
      millis[i] = (System.nanoTime() - start) / 1e6;
      succeeded += "succeeded".equals(status) ? 1 : 0;
    }
    Arrays.sort(millis);
    System.out.printf("RESULT executions=%d succeeded=%d p50_ms=%.1f p99_ms=%.1f%n", count, succeeded,
        millis[count / 2], millis[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)]);
  }

  private static HttpResponse<String> call(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(Credentials.api(request).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
