package dev.squall.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private final long startedNanos = System.nanoTime();

  private SquallProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "squall-output");
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
    List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xss512k", "-jar", jar().toString(), "server",
        "--port", "0", "--data", dataDir.toString()));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().entrySet().removeIf(e -> e.getKey().startsWith("SQUALL_"));
    return new SquallProcess(pb.start());
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

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process did not exit");
    }
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
        Matcher m = READY.matcher(line);
        if (m.find()) {
          baseUrl.complete("http://" + m.group(1) + ":" + m.group(2));
        }
      }
    } catch (IOException ignored) {
      // process ended
    }
    baseUrl.completeExceptionally(new IllegalStateException("process exited"));
  }
}
