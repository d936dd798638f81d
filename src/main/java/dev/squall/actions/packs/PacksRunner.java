package dev.squall.actions.packs;

import dev.squall.actions.runner.RunRequest;
import dev.squall.actions.runner.Runner;
import dev.squall.actions.runner.RunnerResult;
import dev.squall.packs.PackInstaller;
import dev.squall.packs.PackRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code squall-packs} runner behind the {@code packs} pack: {@code packs.install} (download with
 * dependencies, virtualenv, register), {@code packs.download}, {@code packs.setup_virtualenv}, {@code packs.load}
 * (register) and {@code packs.uninstall} (unregister, then off disk). The work on disk runs on a worker thread.
 *
 * <p>{@code install} and {@code uninstall} answer {@code {output: {packs_list, warning_list, message}}}, the shape
 * the {@code st2 pack install/remove} commands read from StackStorm's workflows.
 */
public final class PacksRunner implements Runner {
  public static final String NAME = "squall-packs";

  private final io.vertx.core.WorkerExecutor disk;
  private final PackInstaller installer;
  private final PackRegistration registration;

  public PacksRunner(Vertx vertx, PackInstaller installer, PackRegistration registration) {
    // clones, pip installs and copies can take minutes: a pool of their own, not Vert.x's shared one
    this.disk = vertx.createSharedWorkerExecutor("squall-packs", 2, 15, java.util.concurrent.TimeUnit.MINUTES);
    this.installer = installer;
    this.registration = registration;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<RunnerResult> run(RunRequest request) {
    String action = request.action() == null ? "" : request.action().getString("name", "");
    JsonObject params = request.actionParameters() == null ? new JsonObject() : request.actionParameters();
    List<String> packs = params.getJsonArray("packs", new JsonArray()).stream().map(String::valueOf).toList();
    Future<JsonObject> work = switch (action) {
      case "install" -> install(packs, Boolean.TRUE.equals(params.getValue("skip_dependencies")));
      case "download" -> onWorker(() -> {
        JsonObject result = new JsonObject();
        packs.forEach(spec -> result.put(installer.download(spec).ref(), "Success."));
        return result;
      });
      case "setup_virtualenv" -> onWorker(() -> {
        JsonObject result = new JsonObject();
        packs.forEach(ref -> {
          installer.setupVirtualenv(ref);
          result.put(ref, "Successfully set up virtualenv for the following packs: " + ref);
        });
        return result;
      });
      case "load" -> registration.register(packs, false);
      case "uninstall" -> uninstall(packs);
      default -> Future.failedFuture(new IllegalArgumentException("The packs runner has no action \"" + action + "\""));
    };
    return work.map(result -> new RunnerResult("succeeded", result))
        .recover(e -> Future.succeededFuture(new RunnerResult("failed",
            new JsonObject().put("error", String.valueOf(e.getMessage())).put("traceback", ""))));
  }

  @Override
  public void cancel(String executionId) {
    // installs run to their end: stopping halfway would leave a pack half on disk
  }

  private Future<JsonObject> install(List<String> specs, boolean skipDependencies) {
    return onWorker(() -> installer.install(specs, skipDependencies))
        .compose(installed -> {
          List<String> refs = installed.stream().map(PackInstaller.Installed::ref).toList();
          return registration.registerReporting(refs, false).map(done -> new JsonObject().put("output", new JsonObject()
              .put("packs_list", new JsonArray(new ArrayList<>(refs)))
              .put("warning_list", new JsonArray(new ArrayList<>(done.errors())))
              .put("registered", done.counts())
              .put("message", "Successfully installed packs: " + String.join(", ", refs))));
        });
  }

  private Future<JsonObject> uninstall(List<String> refs) {
    Future<Void> chain = Future.succeededFuture();
    for (String ref : refs) {
      // refused before anything changes when it is Squall's own; unregistered before its files go
      chain = chain.compose(v -> installer.removable(ref))
          .compose(v -> registration.unregister(ref))
          .compose(v -> onWorker(() -> {
            installer.remove(ref);
            return null;
          }));
    }
    return chain.map(v -> new JsonObject().put("output", new JsonObject()
        .put("packs_list", new JsonArray(new ArrayList<>(refs))).put("warning_list", new JsonArray())
        .put("message", "Successfully removed packs: " + String.join(", ", refs))));
  }

  private <T> Future<T> onWorker(java.util.concurrent.Callable<T> work) {
    return disk.executeBlocking(work, false);
  }
}
