package dev.squall.api;

import dev.squall.web.Operation;
import dev.squall.web.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/** The {@code api} service: every /api/v1 operation of the contract bound to its endpoint, one line each. */
public final class ApiVerticle extends VerticleBase {
  /** Operations of the contract Squall does not serve yet: answered 404, as an unknown path. */
  static final List<Operation> NOT_YET = List.of(
      Operation.RUNNER_TYPE_UPDATE, Operation.ACTION_CLONE, Operation.ACTION_ALIAS_CREATE,
      Operation.ACTION_ALIAS_MATCH, Operation.ACTION_ALIAS_HELP, Operation.ACTION_ALIAS_GET,
      Operation.ACTION_ALIAS_UPDATE, Operation.ACTION_ALIAS_DELETE, Operation.ALIAS_EXECUTION_CREATE,
      Operation.ALIAS_EXECUTION_MATCH_AND_EXECUTE, Operation.INQUIRY_GET, Operation.INQUIRY_RESPOND,
      Operation.POLICY_TYPE_GET, Operation.POLICY_CREATE, Operation.POLICY_GET, Operation.POLICY_UPDATE,
      Operation.POLICY_DELETE, Operation.SENSOR_TYPE_GET, Operation.SENSOR_TYPE_UPDATE, Operation.WORKFLOW_INSPECT);

  private final RouteTable routes;
  private final ApiEndpoints endpoints;

  public ApiVerticle(RouteTable routes, ApiEndpoints endpoints) {
    this.routes = routes;
    this.endpoints = endpoints;
  }

  @Override
  public Future<?> start() {
    ApiEndpoints e = endpoints;
    routes.bind(Operation.API_ROOT, e.catalog()::root);
    routes.bind(Operation.USER_GET, e.catalog()::user);
    routes.bind(Operation.RUNNER_TYPES_LIST, e.catalog()::runnerTypes);
    routes.bind(Operation.RUNNER_TYPE_GET, e.catalog()::runnerType);
    routes.bind(Operation.PACKS_LIST, e.catalog()::packs);
    routes.bind(Operation.PACK_GET, e.catalog()::pack);
    routes.bind(Operation.PACKS_REGISTER, e.catalog()::registerPacks);
    routes.bind(Operation.PACK_VIEW_FILES, e.packViews()::files);
    routes.bind(Operation.PACK_VIEW_FILE, e.packViews()::file);
    routes.bind(Operation.ACTIONS_LIST, e.actions()::list);
    routes.bind(Operation.ACTION_CREATE, e.actions()::create);
    routes.bind(Operation.ACTION_GET, e.actions()::get);
    routes.bind(Operation.ACTION_UPDATE, e.actions()::update);
    routes.bind(Operation.ACTION_DELETE, e.actions()::delete);
    routes.bind(Operation.ACTION_PARAMETERS_VIEW, e.actions()::parametersView);
    routes.bind(Operation.ACTIONS_OVERVIEW, e.actions()::overviewList);
    routes.bind(Operation.ACTION_OVERVIEW, e.actions()::overview);
    routes.bind(Operation.EXECUTIONS_LIST, e.executions()::list);
    routes.bind(Operation.EXECUTION_CREATE, e.executions()::create);
    routes.bind(Operation.EXECUTION_GET, e.executions()::get);
    routes.bind(Operation.EXECUTION_UPDATE, e.executions()::update);
    routes.bind(Operation.EXECUTION_CANCEL, e.executions()::cancel);
    routes.bind(Operation.EXECUTION_OUTPUT, e.executions()::output);
    routes.bind(Operation.EXECUTION_RE_RUN, e.executions()::reRun);
    routes.bind(Operation.EXECUTION_ATTRIBUTE, e.executions()::attribute);
    routes.bind(Operation.EXECUTION_CHILDREN, e.executions()::children);
    routes.bind(Operation.EXECUTION_RESULT, e.executions()::result);
    routes.bind(Operation.WEBHOOKS_LIST, e.webhooks()::list);
    routes.bind(Operation.WEBHOOK_GET, e.webhooks()::get);
    routes.bind(Operation.WEBHOOK_POST, e.webhooks()::post);
    routes.bind(Operation.RULES_LIST, e.rules()::list);
    routes.bind(Operation.RULE_CREATE, e.rules()::create);
    routes.bind(Operation.RULES_VIEWS, e.rules()::views);
    routes.bind(Operation.RULE_VIEW, e.rules()::view);
    routes.bind(Operation.RULE_GET, e.rules()::get);
    routes.bind(Operation.RULE_UPDATE, e.rules()::update);
    routes.bind(Operation.RULE_DELETE, e.rules()::delete);
    routes.bind(Operation.RULE_TYPES_LIST, e.rules()::ruleTypes);
    routes.bind(Operation.RULE_TYPE_GET, e.rules()::ruleType);
    routes.bind(Operation.TRIGGER_TYPES_LIST, e.triggers()::typesList);
    routes.bind(Operation.TRIGGER_TYPE_CREATE, e.triggers()::typeCreate);
    routes.bind(Operation.TRIGGER_TYPE_GET, e.triggers()::typeGet);
    routes.bind(Operation.TRIGGER_TYPE_UPDATE, e.triggers()::typeUpdate);
    routes.bind(Operation.TRIGGER_TYPE_DELETE, e.triggers()::typeDelete);
    routes.bind(Operation.TRIGGERS_LIST, e.triggers()::triggersList);
    routes.bind(Operation.TRIGGER_CREATE, e.triggers()::triggerCreate);
    routes.bind(Operation.TRIGGER_GET, e.triggers()::triggerGet);
    routes.bind(Operation.TRIGGER_UPDATE, e.triggers()::triggerUpdate);
    routes.bind(Operation.TRIGGER_DELETE, e.triggers()::triggerDelete);
    routes.bind(Operation.TRIGGER_INSTANCES_LIST, e.triggers()::instancesList);
    routes.bind(Operation.TRIGGER_INSTANCE_GET, e.triggers()::instanceGet);
    routes.bind(Operation.TRIGGER_INSTANCE_RE_EMIT, e.triggers()::reEmit);
    routes.bind(Operation.TIMERS_LIST, e.triggers()::timersList);
    routes.bind(Operation.TIMER_GET, e.triggers()::timerGet);
    routes.bind(Operation.RULE_ENFORCEMENTS_LIST, e.enforcements()::list);
    routes.bind(Operation.RULE_ENFORCEMENTS_VIEWS, e.enforcements()::views);
    routes.bind(Operation.RULE_ENFORCEMENT_VIEW, e.enforcements()::viewOne);
    routes.bind(Operation.RULE_ENFORCEMENT_GET, e.enforcements()::get);
    routes.bind(Operation.TRACES_LIST, e.enforcements()::traces);
    routes.bind(Operation.TRACE_GET, e.enforcements()::traceGet);
    routes.bind(Operation.KEYS_LIST, e.keys()::list);
    routes.bind(Operation.KEY_GET, e.keys()::get);
    routes.bind(Operation.KEY_PUT, e.keys()::put);
    routes.bind(Operation.KEY_DELETE, e.keys()::delete);
    routes.bind(Operation.API_KEYS_LIST, e.apiKeys()::list);
    routes.bind(Operation.API_KEY_CREATE, e.apiKeys()::create);
    routes.bind(Operation.API_KEY_GET, e.apiKeys()::get);
    routes.bind(Operation.API_KEY_UPDATE, e.apiKeys()::update);
    routes.bind(Operation.API_KEY_DELETE, e.apiKeys()::delete);
    routes.bind(Operation.SERVICE_REGISTRY_GROUPS, e.serviceRegistry()::groups);
    routes.bind(Operation.SERVICE_REGISTRY_MEMBERS, e.serviceRegistry()::members);
    routes.bind(Operation.SENSOR_TYPES_LIST, EmptyCatalogs::list);
    routes.bind(Operation.ACTION_ALIASES_LIST, EmptyCatalogs::list);
    routes.bind(Operation.POLICIES_LIST, EmptyCatalogs::list);
    routes.bind(Operation.POLICY_TYPES_LIST, EmptyCatalogs::list);
    routes.bind(Operation.INQUIRIES_LIST, EmptyCatalogs::list);
    routes.bind(Operation.PACKS_INSTALL, e.packLifecycle()::install);
    routes.bind(Operation.PACKS_UNINSTALL, e.packLifecycle()::uninstall);
    routes.bind(Operation.PACKS_INDEX, e.packLifecycle()::read);
    routes.bind(Operation.PACKS_INDEX_HEALTH, e.packLifecycle()::health);
    routes.bind(Operation.PACKS_INDEX_SEARCH, e.packLifecycle()::search);
    routes.bind(Operation.CONFIGS_LIST, e.configs()::list);
    routes.bind(Operation.CONFIG_GET, e.configs()::get);
    routes.bind(Operation.CONFIG_PUT, e.configs()::put);
    routes.bind(Operation.CONFIG_SCHEMAS_LIST, e.configs()::schemas);
    routes.bind(Operation.CONFIG_SCHEMA_GET, e.configs()::schema);
    routes.bind(Operation.EXECUTION_FILTERS, e.executions()::filterChoices);
    routes.bind(Operation.ACTION_ENTRY_POINT_VIEW, e.actions()::entryPoint);
    NOT_YET.forEach(op -> routes.bind(op, RouteTable.UNROUTED));
    return Future.succeededFuture();
  }
}
