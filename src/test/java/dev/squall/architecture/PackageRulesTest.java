package dev.squall.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layout rules of docs/ARCHITECTURE.md, read from the sources: imports point one way (boot → services and
 * capabilities → kernel), no package cycle, no two classes with one simple name, verticles small.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PackageRulesTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final String BASE = "dev.squall";
  /** Kernel packages: they know no domain and use only each other. */
  private static final Set<String> KERNEL = Set.of("bus", "config", "error", "store", "store.sqlite", "store.mongo",
      "web", "security", "template", "py", "util");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.squall((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

  /** A source file: its package (relative to dev.squall, "" for the root), class name, text. */
  record Source(String pkg, String name, String text) {
  }

  private static final List<Source> FILES = new ArrayList<>();
  private static final Map<String, Set<String>> USES = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    Map<String, String> classes = new HashMap<>();
    try (Stream<Path> paths = Files.walk(SOURCES)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(p);
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), p + " has no package line");
        String pkg = m.group(1).equals(BASE) ? "" : m.group(1).substring(BASE.length() + 1);
        String name = p.getFileName().toString().replace(".java", "");
        FILES.add(new Source(pkg, name, text));
        classes.put(pkg + "." + name, pkg);
      }
    }
    for (Source f : FILES) {
      Matcher m = REFERENCE.matcher(f.text());
      while (m.find()) {
        String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
        if (!pkg.equals(f.pkg()) && classes.containsKey(pkg + "." + m.group(2))) {
          USES.computeIfAbsent(f.pkg(), k -> new TreeSet<>()).add(pkg);
        }
      }
    }
  }

  @Test
  void theKernelUsesOnlyTheKernel() {
    List<String> wrong = new ArrayList<>();
    USES.forEach((pkg, used) -> {
      if (KERNEL.contains(pkg)) {
        used.stream().filter(u -> !KERNEL.contains(u)).forEach(u -> wrong.add(pkg + " -> " + u));
      }
    });
    assertEquals(List.of(), wrong);
  }

  @Test
  void onlyTheEntryPointUsesBoot() {
    List<String> wrong = new ArrayList<>();
    USES.forEach((pkg, used) -> {
      if (used.contains("boot") && !pkg.isEmpty()) {
        wrong.add(pkg + " -> boot");
      }
    });
    assertEquals(List.of(), wrong);
  }

  @Test
  void noPackageCycle() {
    assertEquals(List.of(), cycles(USES));
  }

  @Test
  void noTwoClassesShareASimpleName() {
    Map<String, List<String>> byName = new TreeMap<>();
    FILES.forEach(f -> byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.pkg()));
    byName.values().removeIf(pkgs -> pkgs.size() < 2);
    assertEquals(Map.of(), byName);
  }

  @Test
  void verticlesAreDeployablesOfAtMost150Lines() {
    List<String> wrong = new ArrayList<>();
    for (Source f : FILES) {
      boolean deployable = f.text().contains("extends VerticleBase");
      long lines = f.text().lines().count();
      if (f.name().endsWith("Verticle") != deployable || deployable && lines > 150) {
        wrong.add(f.pkg() + "." + f.name() + " (" + lines + " lines, deployable " + deployable + ")");
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** The test of the test: a cycle is found. */
  @Test
  void aCycleIsReported() {
    Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
  }

  /** Strongly connected components of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    List<String> stack = new ArrayList<>();
    List<List<String>> found = new ArrayList<>();
    Set<String> nodes = new TreeSet<>(graph.keySet());
    graph.values().forEach(nodes::addAll);
    for (String node : nodes) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, found);
      }
    }
    return found;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, List<String> stack, List<List<String>> found) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, found);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.remove(stack.size() - 1);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        found.add(component);
      }
    }
  }
}
