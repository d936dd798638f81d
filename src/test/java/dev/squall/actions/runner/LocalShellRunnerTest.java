package dev.squall.actions.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalShellRunnerTest {

  private static final AtomicInteger IDS = new AtomicInteger();

  private ExecutorService pool;
  private Runner cmd;
  private Runner script;

  @BeforeEach
  void setUp(Vertx vertx) {
    pool = Executors.newFixedThreadPool(4);
    Map<String, Runner> runners = RunnerTypes.create(vertx, pool);
    cmd = runners.get("local-shell-cmd");
    script = runners.get("local-shell-script");
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void echoToStdoutSucceeds() {
    RunnerResult result = await(cmd.run(command("echo hello")));
    assertEquals("succeeded", result.status());
    assertEquals(new JsonObject().put("failed", false).put("succeeded", true).put("return_code", 0)
        .put("stdout", "hello").put("stderr", ""), result.result());
  }

  @Test
  void stderrAloneStillSucceeds() {
    RunnerResult result = await(cmd.run(command(">&2 echo x")));
    assertEquals("succeeded", result.status());
    assertEquals("x", result.result().getValue("stderr"));
    assertEquals("", result.result().getValue("stdout"));
  }

  @Test
  void jsonStdoutIsParsed() {
    RunnerResult result = await(cmd.run(command("echo '{\"a\": [1, 2]}'")));
    assertEquals(new JsonObject().put("a", new JsonArray().add(1).add(2)), result.result().getValue("stdout"));
  }

  @Test
  void nonZeroExitFails() {
    RunnerResult result = await(cmd.run(command("echo oops; exit 3")));
    assertEquals("failed", result.status());
    assertEquals(3, result.result().getInteger("return_code"));
    assertEquals(true, result.result().getBoolean("failed"));
    assertEquals(false, result.result().getBoolean("succeeded"));
  }

  @Test
  void sigtermIsAbandoned() {
    RunnerResult result = await(cmd.run(command("kill -TERM $$")));
    assertEquals("abandoned", result.status());
  }

  @Test
  void missingCmdFailsWithError() {
    RunnerResult result = await(cmd.run(request(new JsonObject(), new JsonObject(), null, Map.of(), OutputSink.NONE)));
    assertEquals("failed", result.status());
    assertTrue(result.result().getString("error").contains("cmd"));
  }

  @Test
  void missingWorkingDirectoryFailsWithError() {
    RunnerResult result = await(cmd.run(request(new JsonObject().put("cmd", "true").put("cwd", "/no/such/dir"),
        new JsonObject(), null, Map.of(), OutputSink.NONE)));
    assertEquals("failed", result.status());
    assertTrue(result.result().containsKey("error"));
  }

  @Test
  void timeoutKillsTheWholeProcessTree() {
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    RunnerResult result = await(cmd.run(request(
        new JsonObject().put("cmd", "sleep 300 & echo $!; sleep 30").put("timeout", 1), new JsonObject(), null,
        Map.of(), (type, data) -> lines.add(data))));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    assertEquals("timeout", result.status());
    assertEquals(-9, result.result().getInteger("return_code"));
    assertEquals("Action failed to complete in 1 seconds", result.result().getString("error"));
    assertTrue(seconds < 10, "took " + seconds + " s");
    long background = Long.parseLong(lines.peek().trim());
    waitUntil(() -> ProcessHandle.of(background).map(p -> !p.isAlive()).orElse(true), "background sleep killed");
  }

  @Test
  void cancelKillsARunningCommand() {
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    RunRequest request = request(new JsonObject().put("cmd", "echo started; sleep 30"), new JsonObject(), null,
        Map.of(), (type, data) -> lines.add(data));
    Future<RunnerResult> running = cmd.run(request);
    waitUntil(() -> lines.contains("started\n"), "command started");

    cmd.cancel(request.executionId());

    RunnerResult result = await(running);
    assertEquals("canceled", result.status());
    assertEquals("started", result.result().getValue("stdout"));
  }

  @Test
  void outputLinesArriveInOrderBeforeCompletion(Vertx vertx, VertxTestContext test) {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> cmd.run(request(
            new JsonObject().put("cmd", "i=1; while [ $i -le 200 ]; do echo $i; i=$((i+1)); done; >&2 echo done"),
            new JsonObject(), null, Map.of(), (type, data) -> lines.add(type + ":" + data)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertSame(context, Vertx.currentContext(), "completed on the caller's context");
          List<String> expected = IntStream.rangeClosed(1, 200).mapToObj(i -> "stdout:" + i + "\n").toList();
          assertEquals(expected, lines.stream().filter(line -> line.startsWith("stdout:")).toList());
          assertEquals(List.of("stderr:done\n"), lines.stream().filter(line -> line.startsWith("stderr:")).toList());
          test.completeNow();
        }))));
  }

  @Test
  void environmentAndWorkingDirectoryApply(@TempDir Path dir) throws IOException {
    RunnerResult result = await(cmd.run(request(
        new JsonObject().put("cmd", "echo \"$FROM_PARAM-$FROM_REQUEST-${PATH:+path}\"; pwd")
            .put("cwd", dir.toString()).put("env", new JsonObject().put("FROM_PARAM", "a")),
        new JsonObject(), null, Map.of("FROM_REQUEST", "b"), OutputSink.NONE)));
    assertEquals("a-b-path\n" + dir.toRealPath(), result.result().getValue("stdout"));
  }

  @Test
  void scriptGetsNamedThenPositionalArguments(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("show args.sh");
    Files.writeString(file, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
    JsonObject action = new JsonObject().put("parameters", new JsonObject()
        .put("second", new JsonObject().put("type", "string").put("position", 1))
        .put("name", new JsonObject().put("type", "string"))
        .put("first", new JsonObject().put("type", "array").put("position", 0))
        .put("verbose", new JsonObject().put("type", "boolean"))
        .put("quiet", new JsonObject().put("type", "boolean")));
    JsonObject values = new JsonObject().put("second", "it's two").put("name", "a b")
        .put("first", new JsonArray().add("x").add("y")).put("verbose", true).put("quiet", false);

    RunnerResult result = await(script.run(new RunRequest(nextId(), action, new JsonObject(), values, file,
        Map.of(), OutputSink.NONE)));

    assertEquals("succeeded", result.status(), result.result().encode());
    assertEquals("[--name=a b]\n[--verbose]\n[x,y]\n[it's two]", result.result().getValue("stdout"));
  }

  @Test
  void poolSizeBoundsConcurrencyWithoutDeadlock(Vertx vertx, @TempDir Path dir) throws IOException {
    ExecutorService twoThreads = Executors.newFixedThreadPool(2);
    try {
      Runner runner = RunnerTypes.create(vertx, twoThreads).get("local-shell-cmd");
      Path log = dir.resolve("log");
      // Each run fills both pipes well past their 64 KiB buffers: both readers must run at once.
      String command = "echo start >> '" + log + "'; head -c 300000 /dev/zero | tr '\\0' e >&2;"
          + " head -c 300000 /dev/zero | tr '\\0' o; echo end >> '" + log + "'";
      List<Future<RunnerResult>> runs = IntStream.range(0, 4)
          .mapToObj(i -> runner.run(command(command))).toList();

      for (Future<RunnerResult> run : runs) {
        RunnerResult result = await(run);
        assertEquals("succeeded", result.status());
        assertEquals(300000, result.result().getString("stdout").length());
        assertEquals(300000, result.result().getString("stderr").length());
      }
      // Two threads serve one execution at a time: the runs never overlap.
      assertEquals(List.of("start", "end", "start", "end", "start", "end", "start", "end"),
          Files.readAllLines(log));
    } finally {
      twoThreads.shutdownNow();
    }
  }

  private static RunRequest command(String cmd) {
    return request(new JsonObject().put("cmd", cmd), new JsonObject(), null, Map.of(), OutputSink.NONE);
  }

  private static RunRequest request(JsonObject runnerParameters, JsonObject actionParameters, Path entryPoint,
      Map<String, String> env, OutputSink output) {
    return new RunRequest(nextId(), new JsonObject(), runnerParameters, actionParameters, entryPoint, env, output);
  }

  private static String nextId() {
    return "exec-" + IDS.incrementAndGet();
  }

  private static RunnerResult await(Future<RunnerResult> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertFalse(System.nanoTime() > deadline, "timed out waiting for: " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
