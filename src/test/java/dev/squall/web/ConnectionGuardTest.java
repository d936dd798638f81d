package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.config.HttpLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deadlines and caps on a real HTTP server, seen from plain sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionGuardTest {
  private static final HttpLimits ONE_SECOND = new HttpLimits(1, 1, 1, 0, 3, List.of("127.0.0.3"));
  private HttpServer server;

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private int serve(Vertx vertx, ConnectionGuard.Caps caps) throws Exception {
    ConnectionGuard guard = new ConnectionGuard(caps, ONE_SECOND);
    vertx.setPeriodic(100, t -> guard.sweep(System.nanoTime()));
    server = vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(0).setHttp2ClearTextEnabled(false))
        .connectionHandler(c -> guard.opened(c, System.nanoTime()))
        .requestHandler(request -> {
          guard.request(request);
          if (request.path().equals("/stream")) {
            // an answer written slowly for longer than every deadline: never cut
            request.response().setChunked(true).write("start\n");
            long timer = vertx.setPeriodic(300, t -> request.response().write("tick\n"));
            vertx.setTimer(3000, t -> {
              vertx.cancelTimer(timer);
              request.response().end("end\n");
            });
          } else {
            request.body().onSuccess(body -> request.response().end("got " + body.length()));
          }
        });
    return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  private static ConnectionGuard.Caps caps() {
    return new ConnectionGuard.Caps(100, 3, Set.of("127.0.0.3"));
  }

  @Test
  void aHalfSentHeadIsClosedAfterTheHeadTimeoutWhileOthersAreServed(Vertx vertx) throws Exception {
    int port = serve(vertx, caps());
    try (Socket slow = connect("127.0.0.1", port)) {
      send(slow, "GET /x HTTP/1.1\r\nHost: a\r\nX-Half: ");
      assertEquals("HTTP/1.1 200 OK", statusLine(exchange(port, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n")));
      assertTrue(closedWithin(slow, 5_000), "a connection whose head never completes is closed");
    }
  }

  @Test
  void aStalledBodyIsClosedAfterTheIdleTimeoutButASlowlyArrivingOneIsNot(Vertx vertx) throws Exception {
    int port = serve(vertx, caps());
    try (Socket stalled = connect("127.0.0.1", port); Socket trickle = connect("127.0.0.1", port)) {
      send(stalled, "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789");
      send(trickle, "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n");
      for (int i = 0; i < 5; i++) {
        Thread.sleep(600);
        send(trickle, "z");
      }
      assertTrue(closedWithin(stalled, 5_000), "a body without a byte for longer than body_idle_timeout is cut");
      trickle.setSoTimeout(5_000);
      String answer = new String(trickle.getInputStream().readNBytes(80), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.endsWith("got 5"), answer);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedButALongAnswerIsNot(Vertx vertx) throws Exception {
    int port = serve(vertx, caps());
    try (Socket idle = connect("127.0.0.1", port); Socket streaming = connect("127.0.0.1", port)) {
      send(idle, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n");
      idle.setSoTimeout(5_000);
      assertTrue(new String(idle.getInputStream().readNBytes(15), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
      send(streaming, "GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
      assertTrue(closedWithin(idle, 5_000), "idle past keep_alive_timeout");
      streaming.setSoTimeout(10_000);
      String all = readUntil(streaming.getInputStream(), "end\n");
      assertTrue(all.contains("tick") && all.endsWith("end\n"), "a 3 s answer written slowly is not cut: " + all);
    }
  }

  @Test
  void connectionsOverThePerAddressCapAreClosedAtOnceTrustedProxiesExempt(Vertx vertx) throws Exception {
    ConnectionGuard.Caps caps = caps();
    int port = serve(vertx, caps);
    Socket[] mine = new Socket[3];
    try {
      for (int i = 0; i < mine.length; i++) {
        mine[i] = connect("127.0.0.2", port);
      }
      try (Socket fourth = connect("127.0.0.2", port)) {
        assertTrue(closedWithin(fourth, 3_000), "a fourth connection from one address is refused");
      }
      assertEquals("HTTP/1.1 200 OK", statusLine(exchange(port, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n")),
          "another address is still served");
      try (Socket a = connect("127.0.0.3", port); Socket b = connect("127.0.0.3", port);
          Socket c = connect("127.0.0.3", port); Socket d = connect("127.0.0.3", port)) {
        send(d, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n");
        d.setSoTimeout(5_000);
        assertTrue(new String(d.getInputStream().readNBytes(15), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"),
            "a trusted proxy is not capped per address");
      }
    } finally {
      for (Socket s : mine) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void theOverallCapClosesNewConnectionsAndFreesSlotsWhenTheyClose(Vertx vertx) throws Exception {
    ConnectionGuard.Caps caps = new ConnectionGuard.Caps(2, 100, Set.of());
    int port = serve(vertx, caps);
    try (Socket a = connect("127.0.0.1", port); Socket b = connect("127.0.0.1", port)) {
      send(a, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n");
      a.setSoTimeout(5_000);
      a.getInputStream().readNBytes(15);
      try (Socket c = connect("127.0.0.1", port)) {
        assertTrue(closedWithin(c, 3_000), "over max_connections");
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (caps.open() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, caps.open(), "closed connections give their slot back");
    assertEquals("HTTP/1.1 200 OK", statusLine(exchange(port, "GET /y HTTP/1.1\r\nHost: a\r\n\r\n")));
  }

  private static Socket connect(String from, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = connect("127.0.0.1", port)) {
      send(socket, request);
      socket.setSoTimeout(5_000);
      return readUntil(socket.getInputStream(), "\r\n");
    }
  }

  private static String statusLine(String text) {
    return text.split("\r\n")[0];
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      text.append((char) b);
      if (text.toString().endsWith(end)) {
        break;
      }
    }
    return text.toString();
  }

  /** Whether the server closes the connection (EOF or reset) within the time. */
  private static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      while (socket.getInputStream().read() >= 0) {
        // drain whatever the server sent first
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
