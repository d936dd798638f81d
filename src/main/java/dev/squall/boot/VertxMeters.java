package dev.squall.boot;

import dev.squall.web.HttpMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.QuicEndpointConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpClientConfig;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * Vert.x's metrics SPI: Micrometer's implementation for everything but the HTTP server, which {@link HttpMetrics}
 * meters by operation.
 */
record VertxMeters(VertxMetrics vertx, HttpMetrics http) implements VertxMetrics {
  @Override
  public EventBusMetrics createEventBusMetrics() {
    return vertx.createEventBusMetrics();
  }

  @Override
  public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config, SocketAddress tcpLocalAddress,
      SocketAddress localAddress) {
    return http;
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return vertx.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?> createHttpClientMetrics(HttpClientConfig config) {
    return vertx.createHttpClientMetrics(config);
  }

  @Override
  public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config, String protocol,
      SocketAddress localAddress) {
    return vertx.createTcpServerMetrics(config, protocol, localAddress);
  }

  @Override
  public TransportMetrics<?> createTcpClientMetrics(TcpClientConfig config, String protocol) {
    return vertx.createTcpClientMetrics(config, protocol);
  }

  @Override
  public TransportMetrics<?> createQuicEndpointMetrics(QuicEndpointConfig config, String protocol,
      SocketAddress localAddress) {
    return vertx.createQuicEndpointMetrics(config, protocol, localAddress);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return vertx.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
    return vertx.createPoolMetrics(poolType, poolName, maxPoolSize);
  }

  @Override
  public void vertxCreated(Vertx created) {
    vertx.vertxCreated(created);
  }

  @Override
  public boolean isMetricsEnabled() {
    return true;
  }

  @Override
  public void close() {
    vertx.close();
  }
}
