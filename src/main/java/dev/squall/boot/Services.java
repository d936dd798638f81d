package dev.squall.boot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The services one JVM runs, chosen by {@code --services}. */
public record Services(Set<String> names) {
  public static final List<String> KNOWN = List.copyOf(ServiceCatalog.SERVICES.keySet());

  /** Parses a comma list; {@code all} means every service. */
  public static Services parse(String spec) {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : spec.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("all")) {
        names.addAll(KNOWN);
      } else if (KNOWN.contains(name)) {
        names.add(name);
      } else {
        throw new IllegalArgumentException("Unknown service '" + name + "'; known: all, " + String.join(", ", KNOWN));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("No service selected");
    }
    return new Services(names);
  }

  public boolean has(String name) {
    return names.contains(name);
  }

  public boolean needsHttp() {
    return ServiceCatalog.HTTP.stream().anyMatch(this::has);
  }
}
