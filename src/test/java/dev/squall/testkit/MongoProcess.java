package dev.squall.testkit;

import de.bwaldvogel.mongo.MongoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server (memory backend) as its own process on a loopback port, so that every node of a cluster test
 * talks to it over TCP as to a real MongoDB. A test double: it scans instead of using indexes,
 * except that a query naming one {@code _id} is answered from the id index ({@link IdLookupBackend}).
 */
public final class MongoProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private MongoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server in a child JVM on the test classpath; returns once it listens. */
  public static MongoProcess start() throws Exception {
    Process process = new ProcessBuilder(List.of("java", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        MongoProcess.class.getName())).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("mongo listening on ")) {
        int port = Integer.parseInt(line.substring("mongo listening on ".length()).trim());
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "mongo-output");
        drain.setDaemon(true);
        drain.start();
        return new MongoProcess(process, port);
      }
    }
    throw new IllegalStateException("mongo-java-server did not start");
  }

  /** A connection string to a database of this server. */
  public String url(String database) {
    return "mongodb://127.0.0.1:" + port + "/" + database;
  }

  /** The environment of a cluster node on this server's database and the machine's RabbitMQ. */
  public java.util.Map<String, String> nodeEnv(String database, String node) {
    return java.util.Map.of("SQUALL_DATABASE__URL", url(database),
        "SQUALL_MESSAGING__URL", "amqp://guest:guest@127.0.0.1:5672", "SQUALL_CLUSTER__NODE", node);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child process: binds a free loopback port, says which, serves until killed. */
  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new IdLookupBackend());
    server.bind("127.0.0.1", 0);
    System.out.println("mongo listening on " + server.getLocalAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
