package dev.squall.config;

/**
 * {@code [cluster]} and {@code [messaging]}: whether this node is one of a cluster (services spread over JVMs,
 * the bus bridged to RabbitMQ at {@code messaging.url}, the store in MongoDB), its name, and the bridge's
 * prefetch per consumer and attempts before failing work is dead-lettered.
 */
public record ClusterConfig(boolean enable, String node, String messagingUrl, int prefetch, int maxAttempts) {
  static ClusterConfig from(Section cluster, Section messaging) {
    String url = messaging.string("url", "amqp://guest:guest@127.0.0.1:5672").trim();
    if (!url.startsWith("amqp://") && !url.startsWith("amqps://")) {
      throw new ConfigException("Invalid configuration: messaging.url must be amqp://... or amqps://..., got '"
          + DatabaseConfig.withoutCredentials(url) + "'");
    }
    return new ClusterConfig(cluster.bool("enable", false), cluster.string("node", "").trim(), url,
        messaging.integer("prefetch", 64, 1, 65_535), messaging.integer("max_attempts", 5, 1, 1000));
  }

  /** The node's name: {@code cluster.node}, else host and process id. */
  public String nodeName() {
    if (!node.isEmpty()) {
      return node;
    }
    return dev.squall.util.Hosts.name() + "-" + ProcessHandle.current().pid();
  }

  /** The same, on ({@code squall server --cluster}). */
  public ClusterConfig enabled() {
    return new ClusterConfig(true, node, messagingUrl, prefetch, maxAttempts);
  }
}
