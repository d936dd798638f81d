package dev.squall.api;

import dev.squall.model.Kernel;
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
  private final Kernel kernel;

  public ApiVerticle(Router router, ContractRoutes contract, Kernel kernel) {
    this.router = router;
    this.contract = contract;
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    contract.mount(router, handlers());
    return Future.succeededFuture();
  }

  private Map<String, Handler<RoutingContext>> handlers() {
    String user = kernel.systemUser();
    var executions = new ExecutionsEndpoint(kernel.executions(), kernel.store(), contract, user,
        () -> kernel.actions().actions().stream().map(a -> a.getString("ref")).toList(),
        () -> kernel.actions().runners().stream().map(r -> r.getString("name")).toList());
    var actions = new ActionsEndpoint(kernel.actions(), kernel.content(), contract);
    var catalog = new CatalogEndpoint(kernel.actions(), kernel.packs(), contract);
    var webhooks = new WebhooksEndpoint(kernel.triggers().registry(), kernel.dispatcher());
    var rules = new RulesEndpoint(kernel.store(), kernel.rules(), kernel.actions(), kernel.triggers().registry());
    var triggers = new TriggersEndpoint(kernel.store(), kernel.triggers(), kernel.dispatcher());
    var enforcements = new EnforcementsEndpoint(kernel.store());
    var keys = new KeysEndpoint(kernel.keys());
    var apiKeys = new ApiKeysEndpoint(kernel.credentials().apiKeys(), contract);
    var packViews = new PackViewsEndpoint(kernel.actions());
    Map<String, Handler<RoutingContext>> h = new HashMap<>();
    h.put("apiRoot", catalog::root);
    h.put("userGet", catalog::user);
    h.put("runnerTypesList", catalog::runnerTypes);
    h.put("runnerTypeGet", catalog::runnerType);
    h.put("packsList", catalog::packs);
    h.put("packGet", catalog::pack);
    h.put("packsRegister", catalog::registerPacks);
    h.put("packViewFiles", packViews::files);
    h.put("packViewFile", packViews::file);
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
    h.put("webhooksList", webhooks::list);
    h.put("webhookGet", webhooks::get);
    h.put("webhookPost", webhooks::post);
    h.put("rulesList", rules::list);
    h.put("ruleCreate", rules::create);
    h.put("rulesViews", rules::views);
    h.put("ruleView", rules::view);
    h.put("ruleGet", rules::get);
    h.put("ruleUpdate", rules::update);
    h.put("ruleDelete", rules::delete);
    h.put("ruleTypesList", rules::ruleTypes);
    h.put("ruleTypeGet", rules::ruleType);
    h.put("triggerTypesList", triggers::typesList);
    h.put("triggerTypeCreate", triggers::typeCreate);
    h.put("triggerTypeGet", triggers::typeGet);
    h.put("triggerTypeUpdate", triggers::typeUpdate);
    h.put("triggerTypeDelete", triggers::typeDelete);
    h.put("triggersList", triggers::triggersList);
    h.put("triggerCreate", triggers::triggerCreate);
    h.put("triggerGet", triggers::triggerGet);
    h.put("triggerUpdate", triggers::triggerUpdate);
    h.put("triggerDelete", triggers::triggerDelete);
    h.put("triggerInstancesList", triggers::instancesList);
    h.put("triggerInstanceGet", triggers::instanceGet);
    h.put("triggerInstanceReEmit", triggers::reEmit);
    h.put("timersList", triggers::timersList);
    h.put("timerGet", triggers::timerGet);
    h.put("ruleEnforcementsList", enforcements::list);
    h.put("ruleEnforcementsViews", enforcements::views);
    h.put("ruleEnforcementView", enforcements::viewOne);
    h.put("ruleEnforcementGet", enforcements::get);
    h.put("tracesList", enforcements::traces);
    h.put("traceGet", enforcements::traceGet);
    h.put("keysList", keys::list);
    h.put("keyGet", keys::get);
    h.put("keyPut", keys::put);
    h.put("keyDelete", keys::delete);
    h.put("apiKeysList", apiKeys::list);
    h.put("apiKeyCreate", apiKeys::create);
    h.put("apiKeyGet", apiKeys::get);
    h.put("apiKeyUpdate", apiKeys::update);
    h.put("apiKeyDelete", apiKeys::delete);
    for (String empty : List.of("sensorTypesList", "actionAliasesList", "policiesList", "policyTypesList",
        "inquiriesList", "configsList", "configSchemasList")) {
      h.put(empty, EmptyCatalogs::list);
    }
    h.put("executionFilters", executions::filterChoices);
    h.put("actionEntryPointView", actions::entryPoint);
    return h;
  }
}
