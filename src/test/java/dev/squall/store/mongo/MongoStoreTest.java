package dev.squall.store.mongo;

import static dev.squall.store.DocumentStoreContract.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.squall.store.DocumentStore;
import dev.squall.store.DocumentStoreContract;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MongoStoreTest implements DocumentStoreContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static MongoServer server;
  private static InetSocketAddress address;
  private Vertx vertx;
  private MongoStore store;

  @BeforeAll
  static void startServer() {
    // the fake server logs every connection and every index it does not build
    System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel", "error");
    System.setProperty("org.slf4j.simpleLogger.log.org.mongodb.driver", "warn");
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    address = server.getLocalAddress();
  }

  @AfterAll
  static void stopServer() {
    server.shutdownNow();
  }

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    // a database per test keeps tests apart on the shared server
    String url = "mongodb://127.0.0.1:" + address.getPort() + "/test" + DATABASES.incrementAndGet();
    store = new MongoStore(vertx, url);
    await(store.open(SPECS));
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  @Override
  public DocumentStore store() {
    return store;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }
}
