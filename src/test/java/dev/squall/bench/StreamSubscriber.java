package dev.squall.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/** One SSE connection to {@code /stream/v1/stream}; hands each {@code data:} line to a handler as it arrives. */
final class StreamSubscriber {
  private StreamSubscriber() {
  }

  /** Completes once the server has answered 200 and the stream is open. */
  static Future<Void> open(HttpClient client, String host, int port, String events, Handler<String> onData) {
    RequestOptions options = Credentials.api(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
        .setURI("/stream/v1/stream?events=" + events).putHeader("Accept", "text/event-stream")
        .setIdleTimeout(0));
    return client.request(options)
        .compose(req -> req.send())
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture("stream answered " + resp.statusCode());
          }
          RecordParser lines = RecordParser.newDelimited("\n", line -> {
            if (line.length() > 6 && line.getByte(0) == 'd' && line.getByte(4) == ':') {
              onData.handle(line.getString(line.getByte(5) == ' ' ? 6 : 5, line.length()));
            }
          });
          resp.handler(lines);
          return Future.succeededFuture();
        });
  }
}
