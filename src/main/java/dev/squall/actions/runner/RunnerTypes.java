package dev.squall.actions.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** The runner types Squall implements: their RunnerType documents and the runners themselves. */
public final class RunnerTypes {

  /** Classpath resource holding the RunnerType documents (a YAML list). */
  public static final String RESOURCE = "/runners/runner-types.yaml";

  private RunnerTypes() {
  }

  /**
   * The RunnerType documents ({@code name, description, enabled, runner_package, runner_module,
   * runner_parameters, output_key, output_schema}), in file order. Reads the classpath: call at start-up
   * or off the event loop.
   */
  public static List<JsonObject> load() {
    try (InputStream in = RunnerTypes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      List<?> documents = new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
      List<JsonObject> types = new ArrayList<>(documents.size());
      for (Object document : documents) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) document;
        types.add(new JsonObject(fields));
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /**
   * The implemented runners by name. The two local shell runners share one {@link ShellProcesses}, so
   * together they run at most (pool threads / {@value ShellProcesses#THREADS_PER_EXECUTION}) processes at once.
   * {@code others}: runners that live in their own packages (python-script, ...).
   */
  public static Map<String, Runner> create(Vertx vertx, ExecutorService pool, Runner... others) {
    ShellProcesses processes = new ShellProcesses(vertx, pool);
    Map<String, Runner> runners = new LinkedHashMap<>();
    for (Runner runner : List.of(new NoopRunner(),
        new LocalShellRunner(processes, LocalShellRunner.Kind.COMMAND),
        new LocalShellRunner(processes, LocalShellRunner.Kind.SCRIPT))) {
      runners.put(runner.name(), runner);
    }
    for (Runner runner : others) {
      runners.put(runner.name(), runner);
    }
    return java.util.Collections.unmodifiableMap(runners);
  }
}
