package dev.squall.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [instances]}: how many verticle instances of a service a node deploys (each one its own consumer of the
 * service's work: competing consumers on the bus, in one JVM or over RabbitMQ). Keys are service names with
 * {@code _} for {@code .} ({@code actions_runner: 2}); services that serve HTTP or run once per cluster have one.
 */
public record InstancesConfig(Map<String, Integer> byService) {
  /** The services that can run as several instances. */
  public static final List<String> SCALABLE = List.of("rules", "notifier", "actions.scheduler", "actions.runner");

  static InstancesConfig from(Section s) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String service : SCALABLE) {
      counts.put(service, s.integer(service.replace('.', '_'), 1, 1, 64));
    }
    return new InstancesConfig(Map.copyOf(counts));
  }

  /** The instances of a service (1 for any service not listed). */
  public int of(String service) {
    return byService.getOrDefault(service, 1);
  }
}
