package dev.squall.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A small blocking HTTP client for tests, speaking to one Squall base URL as a user's client would. */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  /** A client sending no credentials (auth off, or to see what anonymous callers get). */
  public Http(String base) {
    this(base, null);
  }

  private Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Logs in with HTTP Basic as a user would ({@code POST /auth/v1/tokens}) and sends the token from then on. */
  public static Http login(String base, String user, String password) {
    Http anonymous = new Http(base);
    String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Reply reply = anonymous.send(HttpRequest.newBuilder(URI.create(base + "/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()));
    if (reply.status() != 201) {
      throw new IllegalStateException("login as " + user + " failed: " + reply);
    }
    return new Http(base, reply.json().getString("token"));
  }

  /** The same server with another token (or none: null). */
  public Http withToken(String otherToken) {
    return new Http(base, otherToken);
  }

  /** Another server (another node of a cluster) with the same token. */
  public Http withBase(String otherBase) {
    return new Http(otherBase, token);
  }

  /** The same server without credentials. */
  public Http anonymous() {
    return new Http(base, null);
  }

  public String base() {
    return base;
  }

  /** The token this client sends, or null. */
  public String token() {
    return token;
  }

  /** A reply: status, headers and body text. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** An enabled rule {@code tests.NAME}: each webhook posted to {@code /api/v1/webhooks/URL} runs core.noop. */
  public static JsonObject webhookRule(String name, String url) {
    return new JsonObject().put("name", name).put("pack", "tests").put("enabled", true)
        .put("trigger", new JsonObject().put("type", "core.st2.webhook")
            .put("parameters", new JsonObject().put("url", url)))
        .put("action", new JsonObject().put("ref", "core.noop"));
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Reply post(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text(body))));
  }

  public Reply put(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(text(body))));
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      if (token != null) {
        request.setHeader("X-Auth-Token", token);
      }
      HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens an SSE stream; lines arrive as the server writes them. */
  public Stream<String> lines(String path) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
      if (token != null) {
        request.setHeader("X-Auth-Token", token);
      }
      HttpResponse<Stream<String>> r = client.send(request.build(),
          HttpResponse.BodyHandlers.ofLines());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("stream answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls an execution until the predicate holds on it, or fails after the deadline. */
  public JsonObject awaitExecution(String id, Predicate<JsonObject> done, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < end) {
      Reply r = get("/api/v1/executions/" + id);
      if (r.status() == 200) {
        last = r.json();
        if (done.test(last)) {
          return last;
        }
      }
      pause(20);
    }
    throw new AssertionError("execution " + id + " did not reach the expected state in " + deadline + "; last: " + last);
  }

  public JsonObject awaitCompleted(String id) {
    return awaitExecution(id, e -> java.util.Set.of("succeeded", "failed", "timeout", "canceled", "abandoned")
        .contains(e.getString("status")), Duration.ofSeconds(30));
  }

  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String text(Object body) {
    if (body instanceof JsonObject o) {
      return o.encode();
    }
    return String.valueOf(body);
  }
}
