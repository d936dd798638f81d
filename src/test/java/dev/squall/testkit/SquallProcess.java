package dev.squall.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built jar started as a user starts it: {@code java -jar squall.jar server --port 0 --data DIR}. */
public final class SquallProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready: .* on http://([0-9.]+):(\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> baseUrl = new CompletableFuture<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final long startedNanos = System.nanoTime();

  private final Path dataDir;
  private final Thread reader;

  private SquallProcess(Process process, Path dataDir) {
    this.process = process;
    this.dataDir = dataDir;
    this.reader = new Thread(this::read, "squall-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static Path jar() {
    String path = System.getProperty("squall.jar", "target/squall.jar");
    Path jar = Path.of(path);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the jar " + jar + " is not built (run mvn package)");
    }
    return jar;
  }

  /** Starts the server on a free port with the given data dir and extra arguments. */
  public static SquallProcess start(Path dataDir, String... extra) throws IOException {
    return start(dataDir, Map.of(), List.of(), extra);
  }

  /**
   * Starts the server with environment variables (e.g. {@code SQUALL_<SECTION>__<KEY>} overrides) and JVM
   * options (e.g. {@code -Dorg.slf4j.simpleLogger.log.dev.squall=debug}) besides the given arguments.
   */
  public static SquallProcess start(Path dataDir, Map<String, String> env, List<String> jvmOptions, String... extra)
      throws IOException {
    return start(List.of(), dataDir, env, jvmOptions, extra);
  }

  /** As above, the java command run under {@code prefix} (e.g. {@code prlimit --nofile=...}). */
  public static SquallProcess start(List<String> prefix, Path dataDir, Map<String, String> env,
      List<String> jvmOptions, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of("java", "-XX:+UseSerialGC", "-Xss512k"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar().toString(), "server", "--port", "0", "--data", dataDir.toString()));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().entrySet().removeIf(e -> e.getKey().startsWith("SQUALL_"));
    pb.environment().putAll(env);
    return new SquallProcess(pb.start(), dataDir);
  }

  /** A finished command-line run: exit code and everything it printed. */
  public record Run(int exitCode, String output) {
  }

  /** Runs {@code java -jar squall.jar ARGS...} to the end, as an operator at a shell would. */
  public static Run cli(String... args) throws IOException, InterruptedException {
    return cli(Map.of(), args);
  }

  /** As {@link #cli(String...)}, with environment variables (e.g. {@code SQUALL_<SECTION>__<KEY>} overrides). */
  public static Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().entrySet().removeIf(e -> e.getKey().startsWith("SQUALL_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("squall " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), out);
  }

  /** Waits until ready, then logs in as the admin user the server made on its first start. */
  public Http login() throws Exception {
    String base = awaitReady();
    return Http.login(base, "admin", adminPassword());
  }

  /** The generated admin password the server wrote to its data dir on first start. */
  public String adminPassword() throws IOException {
    return Files.readString(dataDir.resolve("admin-password")).strip();
  }

  /** The base URL once the server says it is ready. */
  public String awaitReady() throws Exception {
    try {
      return baseUrl.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("server did not become ready; output:\n" + String.join("\n", output), e);
    }
  }

  public Duration sinceStart() {
    return new Duration((System.nanoTime() - startedNanos) / 1_000_000);
  }

  /** Milliseconds since the process was started. */
  public record Duration(long millis) {
  }

  public List<String> output() {
    return output;
  }

  public long pid() {
    return process.pid();
  }

  /** kill (SIGTERM): the server stops in order. (Process.destroy would also close the pipe of its output.) */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to exit and for everything it printed to be read. */
  public int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process did not exit");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        if (line.contains(" ready: services ")) {
          ready.complete(null);
        }
        Matcher m = READY.matcher(line);
        if (m.find()) {
          baseUrl.complete("http://" + m.group(1) + ":" + m.group(2));
        }
      }
    } catch (IOException ignored) {
      // process ended
    }
    baseUrl.completeExceptionally(new IllegalStateException("process exited"));
    ready.completeExceptionally(new IllegalStateException("process exited"));
  }

  /** Waits until the node says it is ready (a node without HTTP services has no URL to wait for). */
  public void awaitStarted() {
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not start; output:\n" + String.join("\n", output), e);
    }
  }
}
