package dev.squall.actions.http;

import dev.squall.actions.runner.RunRequest;
import dev.squall.actions.runner.Runner;
import dev.squall.actions.runner.RunnerResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The {@code http-request} runner ({@code core.http}): one HTTP request with the Vert.x web client.
 *
 * <p>Runner parameters: {@code url}, {@code headers}, {@code cookies}, {@code allow_redirects} (false),
 * {@code http_proxy}, {@code https_proxy}, {@code username}/{@code password} (basic auth),
 * {@code verify_ssl_cert} (true), {@code url_hosts_blacklist} / {@code url_hosts_whitelist}. Action parameters:
 * {@code method} (GET, or POST with a body), {@code body}, {@code params}, {@code timeout} (60 s). Result
 * {@code {status_code, body, parsed, headers}}, the body decoded when the answer is {@code application/json};
 * succeeded for 200–206, failed otherwise, {@code timeout} when no answer came in time.
 */
public final class HttpRequestRunner implements Runner {
  public static final String NAME = "http-request";
  public static final double DEFAULT_TIMEOUT_SECONDS = 60;
  static final String USER_AGENT = "st2/v3.10dev";

  private final Vertx vertx;
  private final Map<Boolean, WebClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Promise<RunnerResult>> running = new ConcurrentHashMap<>();

  public HttpRequestRunner(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<RunnerResult> run(RunRequest request) {
    Promise<RunnerResult> promise = Promise.promise();
    running.put(request.executionId(), promise);
    try {
      send(request).onComplete(done -> promise.tryComplete(done.succeeded() ? done.result() : failure(done.cause())));
    } catch (RuntimeException e) {
      promise.tryComplete(failure(e));
    }
    return promise.future().andThen(done -> running.remove(request.executionId()));
  }

  @Override
  public void cancel(String executionId) {
    Promise<RunnerResult> promise = running.get(executionId);
    if (promise != null) {
      promise.tryComplete(new RunnerResult("canceled", new JsonObject().put("error", "canceled")));
    }
  }

  /** Closes the clients. */
  public void close() {
    clients.values().forEach(WebClient::close);
    clients.clear();
  }

  private Future<RunnerResult> send(RunRequest run) {
    JsonObject runner = run.runnerParameters() == null ? new JsonObject() : run.runnerParameters();
    JsonObject action = run.actionParameters() == null ? new JsonObject() : run.actionParameters();
    String url = runner.getString("url");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("URL must be specified.");
    }
    URI uri = URI.create(url.trim());
    checkHost(uri, runner);
    Object body = action.getValue("body");
    String method = action.getString("method");
    if (method == null) {
      method = body != null && !String.valueOf(body).isEmpty() ? "POST" : "GET";
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (runner.getValue("headers") instanceof JsonObject given) {
      given.forEach(h -> headers.set(h.getKey(), String.valueOf(h.getValue())));
    }
    headers.set("User-Agent", USER_AGENT);
    String ref = run.action() == null ? null : run.action().getString("ref");
    if (ref != null) {
      headers.set("X-Stanley-Action", ref.substring(ref.indexOf('.') + 1));
    }
    if (runner.getValue("cookies") instanceof JsonObject cookies && !cookies.isEmpty()) {
      StringBuilder cookie = new StringBuilder();
      cookies.forEach(c -> cookie.append(cookie.length() == 0 ? "" : "; ").append(c.getKey()).append('=')
          .append(c.getValue()));
      headers.set("Cookie", cookie.toString());
    }
    Buffer payload = body == null ? null : Buffer.buffer(payload(body, headers));

    boolean verify = !Boolean.FALSE.equals(runner.getValue("verify_ssl_cert"));
    HttpRequest<Buffer> request = client(verify).requestAbs(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
        uri.toString());
    request.putHeaders(headers);
    request.followRedirects(Boolean.TRUE.equals(runner.getValue("allow_redirects")));
    if (action.getValue("params") instanceof JsonObject params) {
      params.forEach(p -> request.addQueryParam(p.getKey(), String.valueOf(p.getValue())));
    }
    String username = runner.getString("username");
    String password = runner.getString("password");
    if (username != null || password != null) {
      request.basicAuthentication(username == null ? "" : username, password == null ? "" : password);
    }
    String proxy = runner.getString("https".equalsIgnoreCase(uri.getScheme()) ? "https_proxy" : "http_proxy");
    if (proxy != null && !proxy.isBlank()) {
      URI proxyUri = URI.create(proxy.trim());
      request.proxy(new ProxyOptions().setHost(proxyUri.getHost())
          .setPort(proxyUri.getPort() > 0 ? proxyUri.getPort() : 3128));
    }
    double timeout = action.getValue("timeout") instanceof Number n ? n.doubleValue() : DEFAULT_TIMEOUT_SECONDS;
    if (timeout > 0) {
      request.timeout(Math.max(1, (long) (timeout * 1000)));
    }
    Future<HttpResponse<Buffer>> sent = payload == null ? request.send() : request.sendBuffer(payload);
    return sent.map(HttpRequestRunner::result)
        .recover(e -> isTimeout(e)
            ? Future.succeededFuture(new RunnerResult("timeout", new JsonObject().put("error", String.valueOf(
                e.getMessage()))))
            : Future.failedFuture(e));
  }

  /** A JSON body is sent as JSON text (given as an object, JSON text or a Python literal); anything else as text. */
  private static String payload(Object body, MultiMap headers) {
    String text = body instanceof String s ? s : Json.encode(body);
    if ("application/json".equalsIgnoreCase(headers.get("Content-Type")) && body instanceof String s) {
      try {
        text = Json.encode(Json.decodeValue(s));
      } catch (DecodeException e) {
        text = Json.encode(dev.squall.py.PyLiteral.parse(s));
      }
    }
    return text;
  }

  static RunnerResult result(HttpResponse<Buffer> response) {
    JsonObject headers = new JsonObject();
    response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    String text = response.bodyAsString() == null ? "" : response.bodyAsString();
    Object body = text;
    boolean parsed = false;
    String type = response.getHeader("Content-Type");
    if (type != null && "application/json".equalsIgnoreCase(type.split(";")[0].trim())) {
      try {
        body = Json.decodeValue(text);
        parsed = true;
      } catch (DecodeException e) {
        body = text;
      }
    }
    int status = response.statusCode();
    JsonObject result = new JsonObject().put("status_code", status).put("body", body).put("parsed", parsed)
        .put("headers", headers);
    return new RunnerResult(status >= 200 && status <= 206 ? "succeeded" : "failed", result);
  }

  private static void checkHost(URI uri, JsonObject runner) {
    Set<String> blacklist = hosts(runner.getValue("url_hosts_blacklist"));
    Set<String> whitelist = hosts(runner.getValue("url_hosts_whitelist"));
    if (!blacklist.isEmpty() && !whitelist.isEmpty()) {
      throw new IllegalArgumentException("\"url_hosts_blacklist\" and \"url_hosts_whitelist\" parameters are "
          + "mutually exclusive. Only one should be provided.");
    }
    String host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replace("[", "").replace("]", "");
    if (blacklist.contains(host) || blacklist.contains(bare(uri))) {
      throw new IllegalArgumentException("URL \"" + uri + "\" is blacklisted");
    }
    if (!whitelist.isEmpty() && !whitelist.contains(host) && !whitelist.contains(bare(uri))) {
      throw new IllegalArgumentException("URL \"" + uri + "\" is not whitelisted");
    }
  }

  private static String bare(URI uri) {
    return uri.getHost() == null ? "" : uri.getHost().replace("[", "").replace("]", "");
  }

  private static Set<String> hosts(Object value) {
    if (value instanceof JsonArray array) {
      return Set.copyOf(array.stream().map(String::valueOf).toList());
    }
    return Set.of();
  }

  private static boolean isTimeout(Throwable e) {
    return e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException
        || (e.getMessage() != null && e.getMessage().contains("timeout"));
  }

  private static RunnerResult failure(Throwable e) {
    return new RunnerResult("failed", new JsonObject().put("error", String.valueOf(e.getMessage()))
        .put("traceback", e.toString()));
  }

  private WebClient client(boolean verify) {
    return clients.computeIfAbsent(verify, v -> WebClient.create(vertx, new WebClientOptions()
        .setTrustAll(!v).setVerifyHost(v).setUserAgentEnabled(false).setMaxRedirects(30)));
  }
}
