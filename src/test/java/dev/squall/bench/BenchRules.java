package dev.squall.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The rules the scenarios post webhooks to: {@code bench.ingest} on webhook {@code bench}, whose criteria the
 * rules engine evaluates for every event but which match none, and {@code bench.e2e} on webhook {@code e2e}
 * running {@code core.noop}. Arguments: {@code --base URL}; prints the refs of the two webhook triggers.
 */
public final class BenchRules {
  private BenchRules() {
  }

  public static void main(String[] args) throws Exception {
    String base = new Options(args).required("base");
    JsonObject never = new JsonObject().put("trigger.body.never", new JsonObject().put("type", "equals").put("pattern", "yes"));
    System.out.println("RESULT " + WebhookLoad.fields(
        "ingest_trigger", rule(base, "ingest", "bench", never),
        "e2e_trigger", rule(base, "e2e", "e2e", new JsonObject())));
  }

  /** Creates a webhook rule and returns the ref of the trigger the server made for its url. */
  private static String rule(String base, String name, String url, JsonObject criteria) throws Exception {
    JsonObject rule = new JsonObject()
        .put("name", name).put("pack", "bench").put("enabled", true)
        .put("trigger", new JsonObject().put("type", "core.st2.webhook")
            .put("parameters", new JsonObject().put("url", url)))
        .put("criteria", criteria)
        .put("action", new JsonObject().put("ref", "core.noop"));
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        Credentials.api(HttpRequest.newBuilder(URI.create(base + "/api/v1/rules"))).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(rule.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("creating rule " + name + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body()).getJsonObject("trigger").getString("ref");
  }
}
