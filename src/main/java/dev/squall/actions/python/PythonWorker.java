package dev.squall.actions.python;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code squall_runner.server} process (see its module doc for the protocol): executions are submitted as JSON
 * lines on its stdin; their output and exit come back on its stdout, read by a thread of this worker. With
 * {@code once}, the process runs a single execution and exits (the fresh-interpreter mode).
 */
final class PythonWorker {
  private static final Logger LOG = LoggerFactory.getLogger(PythonWorker.class);

  /** What a submitted execution hears from the worker; called on the worker's reader thread. */
  interface Listener {
    void output(String stream, String data);

    /** The process exited with {@code code} (negative: killed by that signal); {@code result} may be null. */
    void exit(int code, String result);

    /** The worker itself died before the execution ended. */
    void lost(String why);
  }

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final ExecutorService writer;
  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> exited = new CompletableFuture<>();
  private volatile boolean dead;

  private PythonWorker(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "squall-python-in-" + name));
    daemon(this::readReplies, "squall-python-out-" + name).start();
    daemon(this::readLog, "squall-python-err-" + name).start();
  }

  /** Starts the process (blocking: call off the event loop); {@link #ready()} completes once it serves. */
  static PythonWorker start(String name, String python, Path shim, List<Path> path, Map<String, String> env,
      boolean once) throws IOException {
    StringBuilder pythonPath = new StringBuilder(shim.toString());
    for (Path entry : path) {
      pythonPath.append(':').append(entry);
    }
    ProcessBuilder builder = new ProcessBuilder(once
        ? List.of(python, "-u", "-m", "squall_runner.server", "--once")
        : List.of(python, "-u", "-m", "squall_runner.server"));
    builder.environment().putAll(env);
    builder.environment().put("PYTHONPATH", pythonPath.toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    return new PythonWorker(name, builder.start());
  }

  CompletableFuture<Void> ready() {
    return ready;
  }

  /** Completes when the process has gone (its executions were told through {@link Listener#lost}). */
  CompletableFuture<Void> exited() {
    return exited;
  }

  boolean alive() {
    return !dead;
  }

  /** Sends an execution ({@code op: run}, with its {@code id}); its events go to {@code listener}. */
  void submit(JsonObject request, Listener listener) {
    String id = request.getString("id");
    listeners.put(id, listener);
    if (dead) {
      lose(id, "the Python worker " + name + " is not running");
      return;
    }
    send(request.copy().put("op", "run"));
  }

  /** Kills the execution's process group (its exit is still reported). */
  void kill(String id) {
    if (listeners.containsKey(id)) {
      send(new JsonObject().put("op", "kill").put("id", id));
    }
  }

  /** Stops the worker: closing its stdin makes it kill what it runs and exit; killed if it lingers. */
  void close() {
    try {
      writer.execute(() -> {
        try {
          stdin.close();
        } catch (IOException e) {
          LOG.debug("closing the stdin of Python worker {}: {}", name, e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      process.destroy(); // its writer is gone already: SIGTERM instead of end of input
    }
    writer.shutdown();
    // it kills what it runs and exits once its input ends; one that does not within 5 s is killed
    exited.thenApply(v -> v).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .whenComplete((v, e) -> process.destroyForcibly());
  }

  private void send(JsonObject message) {
    byte[] line = (message.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      writer.execute(() -> {
        try {
          stdin.write(line);
          stdin.flush();
        } catch (IOException e) {
          LOG.debug("Python worker {} does not take requests: {}", name, e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      String id = message.getString("id");
      if ("run".equals(message.getString("op")) && id != null) {
        lose(id, "the Python worker " + name + " is stopping");
      }
    }
  }

  private void readReplies() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        JsonObject reply;
        try {
          reply = new JsonObject(line);
        } catch (RuntimeException e) {
          LOG.warn("Python worker {} wrote a line that is not protocol: {}", name, line.length() > 200
              ? line.substring(0, 200) + "..." : line);
          continue;
        }
        dispatch(reply);
      }
    } catch (IOException e) {
      LOG.debug("reading Python worker {}: {}", name, e.getMessage());
    } finally {
      dead = true;
      ready.completeExceptionally(new IOException("the Python worker " + name + " exited while starting"));
      String why = "the Python worker " + name + " exited" + exitCode();
      listeners.keySet().forEach(id -> lose(id, why));
      writer.shutdown();
      exited.complete(null);
    }
  }

  private void dispatch(JsonObject reply) {
    String type = reply.getString("t");
    if ("ready".equals(type)) {
      ready.complete(null);
      return;
    }
    String id = reply.getString("id");
    Listener listener = id == null ? null : listeners.get(id);
    if (listener == null) {
      return;
    }
    if ("exit".equals(type)) {
      listeners.remove(id);
      listener.exit(reply.getInteger("code", -1), reply.getString("result"));
    } else {
      listener.output(type, reply.getString("d", ""));
    }
  }

  private void lose(String id, String why) {
    Listener listener = listeners.remove(id);
    if (listener != null) {
      listener.lost(why);
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) ? " with code " + process.exitValue() : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private void readLog() {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = err.readLine()) != null; ) {
        LOG.info("python worker {}: {}", name, line);
      }
    } catch (IOException e) {
      LOG.debug("reading the log of Python worker {}: {}", name, e.getMessage());
    }
  }

  private static Thread daemon(Runnable task, String threadName) {
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    return thread;
  }
}
