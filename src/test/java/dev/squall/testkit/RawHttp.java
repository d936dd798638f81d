package dev.squall.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, bytes exactly as given: for requests no
 * well-behaved client would send (raw bytes in the path, odd methods, broken framing, oversized headers).
 */
public final class RawHttp {
  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final String token;

  public RawHttp(String baseUrl, int timeoutMillis) {
    this(baseUrl, timeoutMillis, null);
  }

  /** A client that adds {@code X-Auth-Token} to every built request that carries no credential of its own. */
  public RawHttp(String baseUrl, int timeoutMillis, String token) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.timeoutMillis = timeoutMillis;
    this.token = token;
  }

  /** A request; text fields are sent as ISO-8859-1, so chars 0-255 stand for raw bytes. */
  public static final class Request {
    public String method = "GET";
    public String target = "/";
    public final List<String[]> headers = new ArrayList<>();
    public byte[] body = new byte[0];
    /** Whole request bytes to send instead of building them (protocol garbage). */
    public byte[] raw;
    /** Whether to add {@code Content-Length} for the body. */
    public boolean contentLength = true;
    /** Whether to half-close after sending (for framing that promises more bytes than are sent). */
    public boolean halfClose;

    public Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public boolean hasHeader(String name) {
      return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }

    byte[] bytes(String hostHeader) {
      if (raw != null) {
        return raw;
      }
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(hostHeader).append("\r\n");
      for (String[] h : headers) {
        head.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      if (contentLength && !hasHeader("Content-Length") && !hasHeader("Transfer-Encoding")
          && (body.length > 0 || !method.equals("GET") && !method.equals("HEAD"))) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[h.length + body.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      return all;
    }
  }

  /** What came back: status -1 when the server closed without answering; {@code timedOut} when it hung. */
  public record Response(int status, Map<String, String> headers, byte[] body, boolean timedOut, String error) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public Response send(Request request) {
    if (token != null && request.raw == null && !request.hasHeader("X-Auth-Token") && !request.hasHeader("St2-Api-Key")) {
      request.header("X-Auth-Token", token);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.bytes(host + ":" + port));
        out.flush();
        if (request.halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // the server may answer (e.g. 413, 431) and close before it has read everything: read what it said
      }
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      return read(in, request.method.equals("HEAD"));
    } catch (SocketTimeoutException e) {
      return new Response(-1, Map.of(), new byte[0], true, "timed out");
    } catch (IOException e) {
      return new Response(-1, Map.of(), new byte[0], false, e.toString());
    }
  }

  private static Response read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    while (statusLine != null && statusLine.matches("HTTP/1\\.\\d 1\\d\\d.*")) {
      // an interim answer (100 Continue): skip it and its headers, the real answer follows
      for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
        // skipped
      }
      statusLine = line(in);
    }
    if (statusLine == null) {
      return new Response(-1, Map.of(), new byte[0], false, "closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    String type = headers.getOrDefault("content-type", "");
    if (head || status == 204 || status == 304 || status / 100 == 1 || type.startsWith("text/event-stream")) {
      return new Response(status, headers, new byte[0], false, null);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (String size = line(in); size != null; size = line(in)) {
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          break;
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(status, headers, body.toByteArray(), false, null);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
