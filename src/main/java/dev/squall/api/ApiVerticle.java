package dev.squall.api;

import dev.squall.bus.Bus;
import dev.squall.config.SquallConfig;
import dev.squall.model.ExecutionTransitions;
import dev.squall.pack.ActionRegistry;
import dev.squall.pack.ContentRegistrar;
import dev.squall.store.DocumentStore;
import dev.squall.model.ExecutionRequests;
import dev.squall.web.ContractRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** The {@code api} service: /api/v1 routes wired to the contract by operationId. */
public final class ApiVerticle extends VerticleBase {
  private final Router router;
  private final DocumentStore store;
  private final Bus bus;
  private final ActionRegistry registry;
  private final ContentRegistrar registrar;
  private final ExecutionTransitions transitions;
  private final SquallConfig config;
  private final ContractRoutes contract;

  public ApiVerticle(Router router, ContractRoutes contract, DocumentStore store, Bus bus, ActionRegistry registry, ContentRegistrar registrar,
      ExecutionTransitions transitions, SquallConfig config) {
    this.router = router;
    this.store = store;
    this.bus = bus;
    this.registry = registry;
    this.registrar = registrar;
    this.transitions = transitions;
    this.config = config;
    this.contract = contract;
  }

  @Override
  public Future<?> start() {
    contract.mount(router, handlers(contract));
    return Future.succeededFuture();
  }

  private Map<String, Handler<RoutingContext>> handlers(ContractRoutes contract) {
    String user = config.systemUser().user();
    var requests = new ExecutionRequests(store, bus, registry, transitions, config);
    var executions = new ExecutionsEndpoint(requests, store, contract, user);
    var actions = new ActionsEndpoint(registry, registrar, contract);
    var catalog = new CatalogEndpoint(registry, registrar, contract, user);
    Map<String, Handler<RoutingContext>> h = new HashMap<>();
    h.put("apiRoot", catalog::root);
    h.put("userGet", catalog::user);
    h.put("runnerTypesList", catalog::runnerTypes);
    h.put("runnerTypeGet", catalog::runnerType);
    h.put("packsList", catalog::packs);
    h.put("packGet", catalog::pack);
    h.put("packsRegister", catalog::registerPacks);
    h.put("actionsList", actions::list);
    h.put("actionCreate", actions::create);
    h.put("actionGet", actions::get);
    h.put("actionUpdate", actions::update);
    h.put("actionDelete", actions::delete);
    h.put("actionParametersView", actions::parametersView);
    h.put("actionsOverview", actions::overviewList);
    h.put("actionOverview", actions::overview);
    h.put("executionsList", executions::list);
    h.put("executionCreate", executions::create);
    h.put("executionGet", executions::get);
    h.put("executionUpdate", executions::update);
    h.put("executionCancel", executions::cancel);
    h.put("executionOutput", executions::output);
    h.put("executionReRun", executions::reRun);
    h.put("executionAttribute", executions::attribute);
    h.put("executionChildren", executions::children);
    h.put("executionResult", executions::result);
    return h;
  }
}
