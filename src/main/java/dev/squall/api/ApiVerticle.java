package dev.squall.api;

import dev.squall.web.ContractRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code api} service: /api/v1 routes wired to the contract by operationId. */
public final class ApiVerticle extends VerticleBase {
  private final Router router;
  private final ContractRoutes contract;
  private final ApiEndpoints endpoints;

  public ApiVerticle(Router router, ContractRoutes contract, ApiEndpoints endpoints) {
    this.router = router;
    this.contract = contract;
    this.endpoints = endpoints;
  }

  @Override
  public Future<?> start() {
    contract.mount(router, handlers());
    return Future.succeededFuture();
  }

  private Map<String, Handler<RoutingContext>> handlers() {
    ApiEndpoints e = endpoints;
    Map<String, Handler<RoutingContext>> h = new HashMap<>();
    h.put("apiRoot", e.catalog()::root);
    h.put("userGet", e.catalog()::user);
    h.put("runnerTypesList", e.catalog()::runnerTypes);
    h.put("runnerTypeGet", e.catalog()::runnerType);
    h.put("packsList", e.catalog()::packs);
    h.put("packGet", e.catalog()::pack);
    h.put("packsRegister", e.catalog()::registerPacks);
    h.put("packViewFiles", e.packViews()::files);
    h.put("packViewFile", e.packViews()::file);
    h.put("actionsList", e.actions()::list);
    h.put("actionCreate", e.actions()::create);
    h.put("actionGet", e.actions()::get);
    h.put("actionUpdate", e.actions()::update);
    h.put("actionDelete", e.actions()::delete);
    h.put("actionParametersView", e.actions()::parametersView);
    h.put("actionsOverview", e.actions()::overviewList);
    h.put("actionOverview", e.actions()::overview);
    h.put("executionsList", e.executions()::list);
    h.put("executionCreate", e.executions()::create);
    h.put("executionGet", e.executions()::get);
    h.put("executionUpdate", e.executions()::update);
    h.put("executionCancel", e.executions()::cancel);
    h.put("executionOutput", e.executions()::output);
    h.put("executionReRun", e.executions()::reRun);
    h.put("executionAttribute", e.executions()::attribute);
    h.put("executionChildren", e.executions()::children);
    h.put("executionResult", e.executions()::result);
    h.put("webhooksList", e.webhooks()::list);
    h.put("webhookGet", e.webhooks()::get);
    h.put("webhookPost", e.webhooks()::post);
    h.put("rulesList", e.rules()::list);
    h.put("ruleCreate", e.rules()::create);
    h.put("rulesViews", e.rules()::views);
    h.put("ruleView", e.rules()::view);
    h.put("ruleGet", e.rules()::get);
    h.put("ruleUpdate", e.rules()::update);
    h.put("ruleDelete", e.rules()::delete);
    h.put("ruleTypesList", e.rules()::ruleTypes);
    h.put("ruleTypeGet", e.rules()::ruleType);
    h.put("triggerTypesList", e.triggers()::typesList);
    h.put("triggerTypeCreate", e.triggers()::typeCreate);
    h.put("triggerTypeGet", e.triggers()::typeGet);
    h.put("triggerTypeUpdate", e.triggers()::typeUpdate);
    h.put("triggerTypeDelete", e.triggers()::typeDelete);
    h.put("triggersList", e.triggers()::triggersList);
    h.put("triggerCreate", e.triggers()::triggerCreate);
    h.put("triggerGet", e.triggers()::triggerGet);
    h.put("triggerUpdate", e.triggers()::triggerUpdate);
    h.put("triggerDelete", e.triggers()::triggerDelete);
    h.put("triggerInstancesList", e.triggers()::instancesList);
    h.put("triggerInstanceGet", e.triggers()::instanceGet);
    h.put("triggerInstanceReEmit", e.triggers()::reEmit);
    h.put("timersList", e.triggers()::timersList);
    h.put("timerGet", e.triggers()::timerGet);
    h.put("ruleEnforcementsList", e.enforcements()::list);
    h.put("ruleEnforcementsViews", e.enforcements()::views);
    h.put("ruleEnforcementView", e.enforcements()::viewOne);
    h.put("ruleEnforcementGet", e.enforcements()::get);
    h.put("tracesList", e.enforcements()::traces);
    h.put("traceGet", e.enforcements()::traceGet);
    h.put("keysList", e.keys()::list);
    h.put("keyGet", e.keys()::get);
    h.put("keyPut", e.keys()::put);
    h.put("keyDelete", e.keys()::delete);
    h.put("apiKeysList", e.apiKeys()::list);
    h.put("apiKeyCreate", e.apiKeys()::create);
    h.put("apiKeyGet", e.apiKeys()::get);
    h.put("apiKeyUpdate", e.apiKeys()::update);
    h.put("apiKeyDelete", e.apiKeys()::delete);
    for (String empty : List.of("sensorTypesList", "actionAliasesList", "policiesList", "policyTypesList",
        "inquiriesList", "configsList", "configSchemasList")) {
      h.put(empty, EmptyCatalogs::list);
    }
    h.put("executionFilters", e.executions()::filterChoices);
    h.put("actionEntryPointView", e.actions()::entryPoint);
    return h;
  }
}
