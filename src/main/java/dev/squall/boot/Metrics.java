package dev.squall.boot;

import dev.squall.bus.BusMeter;
import dev.squall.config.MetricsConfig;
import dev.squall.store.DocumentStore;
import dev.squall.store.WriterStats;
import dev.squall.web.HttpMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's meters, in Prometheus' text format on {@code GET /metrics} (behind the auth gate, as the API).
 * Vert.x reports its worker pools; Squall adds HTTP answers by operation ({@link HttpMetrics}, as Vert.x's HTTP
 * server metrics), bus messages by address,
 * event-loop delay, the store writer, intake and backlogs, executions by status and runner, stream
 * subscribers, and the JVM. With {@code metrics.enable: false} every meter is a no-op and nothing is served.
 */
final class Metrics {
  private static final long PROBE_MS = 100;

  private final PrometheusMeterRegistry prometheus;
  private final MeterRegistry registry;
  private final HttpMetrics http;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private Metrics(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
    // a composite with no registry in it hands out no-op meters
    this.registry = prometheus != null ? prometheus : new CompositeMeterRegistry();
    this.http = prometheus != null ? new HttpMetrics(registry) : null;
  }

  static Metrics create(MetricsConfig config) {
    return new Metrics(config.enable() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null);
  }

  MeterRegistry registry() {
    return registry;
  }

  /** Vert.x with its worker pools metered, and its HTTP server by {@link HttpMetrics}, when metrics are on. */
  Vertx vertx(VertxOptions options) {
    if (prometheus == null) {
      return Vertx.vertx(options);
    }
    MicrometerMetricsOptions vertxMetrics = new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
        // HTTP is measured by operation (HttpMetrics) and the bus by Squall's own counters, both without a meter
        // lookup per request or message; plain TCP and datagrams are not used
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
    MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory(prometheus);
    return Vertx.builder().with(options.setMetricsOptions(vertxMetrics))
        .withMetrics(opts -> new VertxMeters(micrometer.metrics(opts), http)).build();
  }

  /** Counters of the bus's messages by address ({@code squall_bus_messages_total}, {@code squall_bus_handled_total}). */
  BusMeter bus() {
    if (prometheus == null) {
      return BusMeter.NONE;
    }
    return new BusMeter() {
      @Override
      public LongAdder put(String address, String kind) {
        return counter("squall.bus.messages", "Messages put on the bus, by address and kind (publish or send)",
            Tags.of("address", address, "kind", kind));
      }

      @Override
      public LongAdder handled(String address) {
        return counter("squall.bus.handled", "Bus messages handled by this node's consumers, by address",
            Tags.of("address", address));
      }
    };
  }

  // one adder per name and tags: every consumer of an address adds to the same counter
  private final Map<String, LongAdder> adders = new ConcurrentHashMap<>();

  private LongAdder counter(String name, String help, Tags tags) {
    return adders.computeIfAbsent(name + tags, key -> {
      LongAdder adder = new LongAdder();
      FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).description(help).register(registry);
      return adder;
    });
  }

  /** The HTTP server's metrics (the route table names its routes for it), or null when metrics are off. */
  HttpMetrics http() {
    return http;
  }

  /** Registers the node's meters. */
  void bind(Vertx vertx, Node node, DocumentStore store) {
    if (prometheus == null) {
      return;
    }
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    closeables.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    bindStore(store);
    bindWork(node);
    probeEventLoops(vertx);
  }

  private void bindStore(DocumentStore store) {
    Gauge.builder("squall.store.writable", store, s -> s.writable() ? 1 : 0)
        .description("1 while the store can write, 0 while writes are refused (disk full, I/O errors)")
        .register(registry);
    WriterStats writer = store.writerStats();
    if (writer == null) {
      return;
    }
    Gauge.builder("squall.store.writer.queue", writer, WriterStats::queued)
        .description("Write ops waiting for the store writer").register(registry);
    FunctionTimer.builder("squall.store.commit", writer, WriterStats::commits, WriterStats::commitNanos,
            TimeUnit.NANOSECONDS)
        .description("Store transactions committed, and the time spent in them").register(registry);
    FunctionCounter.builder("squall.store.committed.ops", writer, WriterStats::committedOps)
        .description("Write ops committed (divided by commits: the mean batch size)").register(registry);
    FunctionCounter.builder("squall.store.refused.batches", writer, WriterStats::refusedBatches)
        .description("Write batches refused whole because the store could not write").register(registry);
  }

  private void bindWork(Node node) {
    var intake = node.intake();
    FunctionCounter.builder("squall.trigger.instances", intake, i -> i.storedCount())
        .tag("result", "stored").description("Trigger instances stored, and refused with 503").register(registry);
    FunctionCounter.builder("squall.trigger.instances", intake, i -> i.refusedCount())
        .tag("result", "refused").description("Trigger instances stored, and refused with 503").register(registry);
    Gauge.builder("squall.rules.backlog", intake.backlog(), b -> b.size())
        .description("Trigger instances stored and not yet through the rules engine").register(registry);
    Gauge.builder("squall.executions.backlog", node.transitions().backlog(), b -> b.size())
        .description("Executions accepted and not yet finished on this node").register(registry);
    Map<String, Counter> byStatus = new ConcurrentHashMap<>();
    node.transitions().onStatus((status, runner) -> byStatus.computeIfAbsent(status + '\u0000' + runner,
            key -> Counter.builder("squall.executions")
                .description("Executions entering each status, by runner")
                .tag("status", status).tag("runner", runner).register(registry))
        .increment());
  }

  /**
   * Every event loop runs a probe every 100 ms; how late it runs is how long the loop's tasks made others wait.
   * The gauge shows the longest delay seen since the last scrape.
   */
  private void probeEventLoops(Vertx vertx) {
    int i = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      AtomicLong worst = new AtomicLong();
      long start = System.nanoTime();
      AtomicLong ticks = new AtomicLong();
      var task = loop.scheduleAtFixedRate(() -> {
        long due = start + ticks.incrementAndGet() * TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
        worst.accumulateAndGet(Math.max(0, System.nanoTime() - due), Math::max);
      }, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
      closeables.add(() -> task.cancel(false));
      Gauge.builder("squall.event.loop.delay", worst, w -> w.getAndSet(0) / 1e9)
          .description("Longest delay of a probe task on the event loop since the last scrape, in seconds")
          .baseUnit("seconds").tag("loop", Integer.toString(i++)).register(registry);
    }
  }

  /** {@code GET /metrics}: the text format, rendered off the event loop. */
  void mount(Vertx vertx, Router router) {
    if (prometheus == null) {
      return;
    }
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(prometheus::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail));
  }

  void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // stopping: nothing to do about a meter that does not close
      }
    }
    registry.close();
  }
}
