package dev.squall.web;

import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/**
 * The address of the client behind a request: the peer's, unless the peer is one of {@code api.trusted_proxies};
 * then the right-most {@code X-Forwarded-For} entry that is not a trusted proxy (entries further left are what
 * the client itself claimed, and anyone can claim anything).
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  public static String of(HttpServerRequest request, Set<String> trustedProxies) {
    String peer = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    if (peer == null) {
      peer = "";
    }
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
