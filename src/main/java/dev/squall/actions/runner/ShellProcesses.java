package dev.squall.actions.runner;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shell processes of the local shell runners on a bounded action pool.
 *
 * <p>Each running execution holds exactly {@value #THREADS_PER_EXECUTION} pool threads: one reads stdout
 * (then reaps the process), one reads stderr. Both must run at once or a process can block on a full pipe,
 * so at most {@code maxConcurrent} executions are started together and the others wait in a queue without
 * holding a thread. The pool therefore needs {@code 2 × maxConcurrent} threads that nothing else keeps busy.
 *
 * <p>Every process runs in its own session ({@code setsid}), so a timeout or cancel kills the whole
 * process group, plus any descendant still known to the JVM. Children that start their own session and keep
 * stdout/stderr open are out of reach: the execution then ends only when they close those streams.
 */
public final class ShellProcesses {

  /** Pool threads one running execution occupies. */
  public static final int THREADS_PER_EXECUTION = 2;

  /** Characters of stdout and of stderr kept in the result (each); everything is still streamed. */
  public static final int MAX_KEPT_OUTPUT_CHARS = 4 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ShellProcesses.class);
  private static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
  private static final String KILL = firstExisting("/bin/kill", "/usr/bin/kill");
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Vertx vertx;
  private final ExecutorService pool;
  private final int maxConcurrent;
  private final AtomicInteger active = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final Map<String, ShellExecution> running = new ConcurrentHashMap<>();

  /** Uses the pool's thread count: at most (threads / 2) executions run at once. */
  public ShellProcesses(Vertx vertx, ExecutorService pool) {
    this(vertx, pool, Math.max(1, threadsOf(pool) / THREADS_PER_EXECUTION));
  }

  /** {@code pool} must offer at least {@code 2 × maxConcurrent} threads to these executions. */
  public ShellProcesses(Vertx vertx, ExecutorService pool, int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    this.vertx = vertx;
    this.pool = pool;
    this.maxConcurrent = maxConcurrent;
  }

  /** How many executions may run at once; further ones queue. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** Runs a job; the future completes on the caller's context once the process ended and its output was read. */
  Future<RunnerResult> run(String executionId, ShellJob job, OutputSink sink) {
    ShellExecution execution = new ShellExecution(executionId, job, sink, vertx.getOrCreateContext());
    if (running.putIfAbsent(executionId, execution) != null) {
      return Future.failedFuture(new IllegalStateException("Execution " + executionId + " is already running"));
    }
    waiting.add(execution::admitted);
    admitWaiting();
    return execution.promise.future();
  }

  /** Kills the execution's process tree; its run future completes with status {@code canceled}. */
  void cancel(String executionId) {
    ShellExecution execution = running.get(executionId);
    if (execution != null) {
      execution.stop("canceled");
    }
  }

  private void admitWaiting() {
    while (!waiting.isEmpty()) {
      int now = active.get();
      if (now >= maxConcurrent) {
        return;
      }
      if (!active.compareAndSet(now, now + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        active.decrementAndGet();
      } else {
        next.run();
      }
    }
  }

  private void releaseSlot() {
    active.decrementAndGet();
    admitWaiting();
  }

  /** One execution from admission to result. */
  private final class ShellExecution {
    final String id;
    final ShellJob job;
    final Context context;
    final Promise<RunnerResult> promise = Promise.promise();
    final OutputPump stdout;
    final OutputPump stderr;
    final AtomicReference<String> stopReason = new AtomicReference<>();
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
    final CompletableFuture<Void> stderrDone = new CompletableFuture<>();
    volatile boolean holdsSlot;
    volatile Process process;
    volatile long timerId = -1;

    ShellExecution(String id, ShellJob job, OutputSink sink, Context context) {
      this.id = id;
      this.job = job;
      this.context = context;
      this.stdout = new OutputPump("stdout", sink, MAX_KEPT_OUTPUT_CHARS);
      this.stderr = new OutputPump("stderr", sink, MAX_KEPT_OUTPUT_CHARS);
      CompletableFuture.allOf(stdoutDone, stderrDone).whenComplete((ignored, failure) -> finish(failure));
    }

    /** Called with a slot taken. */
    void admitted() {
      if (!started.compareAndSet(false, true)) {
        releaseSlot(); // canceled while waiting: already finished
        return;
      }
      holdsSlot = true;
      try {
        pool.execute(this::runAndReadStdout);
      } catch (RejectedExecutionException e) {
        stdoutDone.completeExceptionally(e);
        stderrDone.complete(null);
      }
    }

    void stop(String reason) {
      if (!stopReason.compareAndSet(null, reason)) {
        return;
      }
      if (started.compareAndSet(false, true)) {
        finish(null); // never started: nothing to kill, and no slot held yet
        return;
      }
      Process p = process;
      if (p != null) {
        killTree(p);
      }
    }

    private void runAndReadStdout() {
      boolean stderrRead = false;
      try {
        if (job.makeExecutable() != null) {
          makeExecutable(job.makeExecutable());
        }
        Process p = processBuilder().start();
        process = p;
        if (job.timeoutSeconds() > 0) {
          timerId = vertx.setTimer(TimeUnit.SECONDS.toMillis(job.timeoutSeconds()), t -> stop("timeout"));
        }
        if (stopReason.get() != null) {
          killTree(p); // stopped while the process was being started
        }
        pool.execute(() -> drain(stderr, p, stderrDone, false));
        stderrRead = true;
        try (OutputStream stdin = p.getOutputStream()) {
          if (job.sudo() && !ROOT && job.sudoPassword() != null) {
            stdin.write((job.sudoPassword() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // The process may already be gone or not reading stdin; its exit code tells the story.
        }
        drain(stdout, p, stdoutDone, true);
      } catch (IOException | RuntimeException e) {
        if (process != null) {
          killTree(process); // the other reader ends once the tree is gone
        }
        if (!stderrRead) {
          stderrDone.complete(null);
        }
        stdoutDone.completeExceptionally(e);
      }
    }

    private void drain(OutputPump pump, Process p, CompletableFuture<Void> done, boolean reap) {
      try {
        pump.drain(reap ? p.getInputStream() : p.getErrorStream());
        if (reap) {
          p.waitFor();
        }
        done.complete(null);
      } catch (IOException | RuntimeException e) {
        killTree(p); // the other reader ends once the tree is gone
        done.completeExceptionally(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.completeExceptionally(e);
      }
    }

    private ProcessBuilder processBuilder() {
      List<String> argv = new ArrayList<>();
      if (SETSID != null) {
        argv.add(SETSID);
        argv.add("-w");
      }
      if (job.sudo() && !ROOT) {
        argv.addAll(job.sudoPassword() != null ? List.of("sudo", "-S", "-E", "--") : List.of("sudo", "-E", "--"));
        argv.addAll(List.of("bash", "-c", job.command()));
      } else {
        argv.addAll(List.of("/bin/sh", "-c", job.command()));
      }
      ProcessBuilder builder = new ProcessBuilder(argv);
      if (job.cwd() != null) {
        builder.directory(job.cwd().toFile());
      }
      builder.environment().putAll(job.env());
      return builder;
    }

    private void finish(Throwable failure) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      running.remove(id, this);
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
      }
      Process p = process;
      if (failure != null && p != null && p.isAlive()) {
        killTree(p);
      }
      RunnerResult result = failure != null ? failedToRun(failure) : outcome();
      if (holdsSlot) {
        releaseSlot();
      }
      context.runOnContext(v -> promise.complete(result));
    }

    private RunnerResult outcome() {
      String reason = stopReason.get();
      Process p = process;
      if (p == null) {
        JsonObject result = ShellResult.of(ShellResult.KILLED, "", "");
        return new RunnerResult(reason == null ? "canceled" : reason, result);
      }
      if (reason == null) {
        int code = p.exitValue();
        return new RunnerResult(ShellResult.statusOf(code), withTruncation(ShellResult.of(code, stdout.text(), stderr.text())));
      }
      JsonObject result = withTruncation(ShellResult.of(ShellResult.KILLED, stdout.text(), stderr.text()));
      if ("timeout".equals(reason)) {
        result.put("error", "Action failed to complete in " + job.timeoutSeconds() + " seconds");
      }
      return new RunnerResult(reason, result);
    }

    private JsonObject withTruncation(JsonObject result) {
      if (stdout.truncated() || stderr.truncated()) {
        result.put("output_truncated", true);
      }
      return result;
    }

    private RunnerResult failedToRun(Throwable failure) {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      JsonObject result = ShellResult.of(-1, stdout.text(), stderr.text());
      result.put("error", "Failed to run the command: " + cause.getMessage());
      LOG.debug("Execution {} could not run", id, cause);
      return new RunnerResult("failed", result);
    }
  }

  /** Kills the process groups of the process and its descendants, then each of them; never blocks a caller. */
  private void killTree(Process process) {
    vertx.executeBlocking(() -> {
      killNow(process);
      return null;
    }, false);
  }

  private static void killNow(Process process) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    long ownGroup = processGroup(ProcessHandle.current().pid());
    Set<String> groups = new LinkedHashSet<>();
    for (ProcessHandle handle : tree) {
      long group = processGroup(handle.pid());
      if (group > 1 && group != ownGroup) {
        groups.add("-" + group);
      }
    }
    if (KILL != null && !groups.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of(KILL, "-s", "KILL", "--"));
      argv.addAll(groups);
      try {
        Process kill = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        LOG.warn("Could not run {}: {}", KILL, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Fallback for processes outside those groups (or when setsid/kill are missing).
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** The process group id from /proc, or -1 when unknown. */
  private static long processGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised command name: state ppid pgrp ...
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void makeExecutable(Path script) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(script);
    if (permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE))) {
      Files.setPosixFilePermissions(script, permissions);
    }
  }

  private static int threadsOf(ExecutorService pool) {
    if (pool instanceof ThreadPoolExecutor executor) {
      // Threads beyond the core size are only created when the queue refuses a task.
      return executor.getQueue() instanceof SynchronousQueue
          ? executor.getMaximumPoolSize() : Math.max(1, executor.getCorePoolSize());
    }
    throw new IllegalArgumentException("Give maxConcurrent explicitly for a pool that is not a ThreadPoolExecutor");
  }

  private static String firstExisting(String... paths) {
    for (String path : paths) {
      if (Files.isExecutable(Path.of(path))) {
        return path;
      }
    }
    return null;
  }
}
