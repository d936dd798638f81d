package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scrapes the jar's {@code /metrics}, authenticated with an
 * API key as a scrape parameter, and its query API answers with the webhook counter and the HTTP answers of the
 * webhook operation.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MetricsJarIT {
  private static final int WEBHOOKS = 37;

  @TempDir
  Path tmp;

  @Test
  void prometheusScrapesTheWebhookCounter() throws Exception {
    try (SquallProcess server = SquallProcess.start(tmp.resolve("data"))) {
      Http http = server.login();
      assertEquals(201, http.post("/api/v1/rules", Http.webhookRule("scraped", "scraped")).status());
      String key = http.post("/api/v1/apikeys", new JsonObject()).json().getString("key");

      // the API's auth applies: no credentials, no metrics
      assertEquals(401, http.anonymous().get("/metrics").status());
      Http.Reply text = http.get("/metrics");
      assertEquals(200, text.status());
      assertTrue(text.header("Content-Type").startsWith("text/plain"), text.header("Content-Type"));
      assertTrue(text.body().contains("# TYPE squall_webhooks_accepted_total counter"), text.body());
      // an operation served by a direct route and one served through the OpenAPI router, each under its id
      assertEquals(200, http.get("/api/v1/rules").status());
      String after = http.get("/metrics").body();
      assertTrue(after.contains("squall_http_server_requests_seconds_count{method=\"GET\",operation=\"rulesList\",status=\"200\"} 1"),
          after);
      assertTrue(after.contains("squall_http_server_requests_seconds_count{method=\"POST\",operation=\"apiKeyCreate\",status=\"201\"} 1"),
          after);
      assertTrue(after.contains("squall_http_server_requests_seconds_count{method=\"GET\",operation=\"none\",status=\"401\"} 1"),
          after);

      for (int i = 0; i < WEBHOOKS; i++) {
        assertEquals(202, http.post("/api/v1/webhooks/scraped", new JsonObject().put("n", i)).status());
      }
      assertEquals(202, http.post("/api/v1/webhooks/scraped", new JsonObject()).status());

      Process prometheus = startPrometheus(URI.create(http.base()), key);
      try {
        String api = "http://127.0.0.1:" + prometheusPort;
        assertEquals(WEBHOOKS + 1.0, await(api, "squall_webhooks_accepted_total", WEBHOOKS + 1.0), 0.0);
        assertEquals(WEBHOOKS + 1.0, await(api,
            "sum(squall_http_server_requests_seconds_count{operation=\"webhookPost\",status=\"202\"})",
            WEBHOOKS + 1.0), 0.0);
        assertEquals(1.0, await(api, "up{job=\"squall\"}", 1.0), 0.0);
        assertEquals(1.0, await(api, "squall_store_writable", 1.0), 0.0);
        assertTrue(await(api, "squall_trigger_instances_total{result=\"stored\"}", WEBHOOKS + 1.0) >= WEBHOOKS + 1.0);
      } finally {
        prometheus.destroy();
        prometheus.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void metricsCanBeTurnedOff() throws Exception {
    try (SquallProcess server = SquallProcess.start(tmp.resolve("off"), Map.of("SQUALL_METRICS__ENABLE", "false"),
        List.of())) {
      Http http = server.login();
      assertEquals(404, http.get("/metrics").status());
      assertEquals(200, http.get("/api/v1/actions/core.local").status());
    }
  }

  private int prometheusPort;

  private Process startPrometheus(URI squall, String apiKey) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      prometheusPort = socket.getLocalPort();
    }
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: squall",
        "    metrics_path: /metrics",
        "    params:",
        "      st2-api-key: ['" + apiKey + "']",
        "    static_configs:",
        "      - targets: ['" + squall.getHost() + ":" + squall.getPort() + "']",
        ""));
    Path binary = Path.of("/usr/bin/prometheus");
    assertTrue(Files.isExecutable(binary), "Debian's prometheus package is needed (apt-get install prometheus)");
    return new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
  }

  /** Polls Prometheus' query API until the query's first value reaches {@code atLeast}; returns the last value seen. */
  private double await(String api, String query, double atLeast) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    double last = Double.NaN;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() == 200) {
          JsonArray result = new JsonObject(reply.body()).getJsonObject("data").getJsonArray("result");
          if (!result.isEmpty()) {
            last = Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
            if (last >= atLeast) {
              return last;
            }
          }
        }
      } catch (IOException notUpYet) {
        // Prometheus is still starting
      }
      Http.pause(250);
    }
    return last;
  }
}
