package dev.squall.web;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every operation of the HTTP contract ({@code openapi/squall.yaml}), one constant per
 * {@code operationId}. Handlers are bound by constant, so a renamed or missing operation fails the
 * contract test instead of leaving a route unserved.
 */
public enum Operation {
  // root
  API_ROOT("apiRoot"),
  USER_GET("userGet"),

  // runner types
  RUNNER_TYPES_LIST("runnerTypesList"),
  RUNNER_TYPE_GET("runnerTypeGet"),
  RUNNER_TYPE_UPDATE("runnerTypeUpdate"),

  // actions
  ACTIONS_LIST("actionsList"),
  ACTION_CREATE("actionCreate"),
  ACTION_GET("actionGet"),
  ACTION_UPDATE("actionUpdate"),
  ACTION_DELETE("actionDelete"),
  ACTION_CLONE("actionClone"),
  ACTION_PARAMETERS_VIEW("actionParametersView"),
  ACTIONS_OVERVIEW("actionsOverview"),
  ACTION_OVERVIEW("actionOverview"),
  ACTION_ENTRY_POINT_VIEW("actionEntryPointView"),

  // action aliases
  ACTION_ALIASES_LIST("actionAliasesList"),
  ACTION_ALIAS_CREATE("actionAliasCreate"),
  ACTION_ALIAS_MATCH("actionAliasMatch"),
  ACTION_ALIAS_HELP("actionAliasHelp"),
  ACTION_ALIAS_GET("actionAliasGet"),
  ACTION_ALIAS_UPDATE("actionAliasUpdate"),
  ACTION_ALIAS_DELETE("actionAliasDelete"),
  ALIAS_EXECUTION_CREATE("aliasExecutionCreate"),
  ALIAS_EXECUTION_MATCH_AND_EXECUTE("aliasExecutionMatchAndExecute"),

  // executions
  EXECUTIONS_LIST("executionsList"),
  EXECUTION_CREATE("executionCreate"),
  EXECUTION_FILTERS("executionFilters"),
  EXECUTION_GET("executionGet"),
  EXECUTION_UPDATE("executionUpdate"),
  EXECUTION_CANCEL("executionCancel"),
  EXECUTION_OUTPUT("executionOutput"),
  EXECUTION_RE_RUN("executionReRun"),
  EXECUTION_ATTRIBUTE("executionAttribute"),
  EXECUTION_CHILDREN("executionChildren"),
  EXECUTION_RESULT("executionResult"),

  // inquiries
  INQUIRIES_LIST("inquiriesList"),
  INQUIRY_GET("inquiryGet"),
  INQUIRY_RESPOND("inquiryRespond"),

  // datastore
  KEYS_LIST("keysList"),
  KEY_GET("keyGet"),
  KEY_PUT("keyPut"),
  KEY_DELETE("keyDelete"),

  // packs and configs
  PACKS_LIST("packsList"),
  PACKS_INSTALL("packsInstall"),
  PACKS_UNINSTALL("packsUninstall"),
  PACKS_REGISTER("packsRegister"),
  PACKS_INDEX("packsIndex"),
  PACKS_INDEX_HEALTH("packsIndexHealth"),
  PACKS_INDEX_SEARCH("packsIndexSearch"),
  PACK_VIEW_FILES("packViewFiles"),
  PACK_VIEW_FILE("packViewFile"),
  PACK_GET("packGet"),
  CONFIGS_LIST("configsList"),
  CONFIG_GET("configGet"),
  CONFIG_PUT("configPut"),
  CONFIG_SCHEMAS_LIST("configSchemasList"),
  CONFIG_SCHEMA_GET("configSchemaGet"),

  // policies
  POLICY_TYPES_LIST("policyTypesList"),
  POLICY_TYPE_GET("policyTypeGet"),
  POLICIES_LIST("policiesList"),
  POLICY_CREATE("policyCreate"),
  POLICY_GET("policyGet"),
  POLICY_UPDATE("policyUpdate"),
  POLICY_DELETE("policyDelete"),

  // rules
  RULES_LIST("rulesList"),
  RULE_CREATE("ruleCreate"),
  RULES_VIEWS("rulesViews"),
  RULE_VIEW("ruleView"),
  RULE_GET("ruleGet"),
  RULE_UPDATE("ruleUpdate"),
  RULE_DELETE("ruleDelete"),
  RULE_TYPES_LIST("ruleTypesList"),
  RULE_TYPE_GET("ruleTypeGet"),
  RULE_ENFORCEMENTS_LIST("ruleEnforcementsList"),
  RULE_ENFORCEMENTS_VIEWS("ruleEnforcementsViews"),
  RULE_ENFORCEMENT_VIEW("ruleEnforcementView"),
  RULE_ENFORCEMENT_GET("ruleEnforcementGet"),

  // sensors, timers, traces
  SENSOR_TYPES_LIST("sensorTypesList"),
  SENSOR_TYPE_GET("sensorTypeGet"),
  SENSOR_TYPE_UPDATE("sensorTypeUpdate"),
  TIMERS_LIST("timersList"),
  TIMER_GET("timerGet"),
  TRACES_LIST("tracesList"),
  TRACE_GET("traceGet"),

  // trigger types, triggers, instances
  TRIGGER_TYPES_LIST("triggerTypesList"),
  TRIGGER_TYPE_CREATE("triggerTypeCreate"),
  TRIGGER_TYPE_GET("triggerTypeGet"),
  TRIGGER_TYPE_UPDATE("triggerTypeUpdate"),
  TRIGGER_TYPE_DELETE("triggerTypeDelete"),
  TRIGGERS_LIST("triggersList"),
  TRIGGER_CREATE("triggerCreate"),
  TRIGGER_GET("triggerGet"),
  TRIGGER_UPDATE("triggerUpdate"),
  TRIGGER_DELETE("triggerDelete"),
  TRIGGER_INSTANCES_LIST("triggerInstancesList"),
  TRIGGER_INSTANCE_GET("triggerInstanceGet"),
  TRIGGER_INSTANCE_RE_EMIT("triggerInstanceReEmit"),

  // API keys
  API_KEYS_LIST("apiKeysList"),
  API_KEY_CREATE("apiKeyCreate"),
  API_KEY_GET("apiKeyGet"),
  API_KEY_UPDATE("apiKeyUpdate"),
  API_KEY_DELETE("apiKeyDelete"),

  // service registry
  SERVICE_REGISTRY_GROUPS("serviceRegistryGroupsList"),
  SERVICE_REGISTRY_MEMBERS("serviceRegistryGroupMembersList"),

  // webhooks
  WEBHOOKS_LIST("webhooksList"),
  WEBHOOK_GET("webhookGet"),
  WEBHOOK_POST("webhookPost"),

  // workflows
  WORKFLOW_INSPECT("workflowInspect"),

  // auth
  TOKEN_CREATE("tokenCreate"),
  TOKEN_VALIDATE("tokenValidate"),

  // stream
  STREAM_EVENTS("streamEvents"),
  STREAM_EXECUTION_OUTPUT("streamExecutionOutput");

  private static final Map<String, Operation> BY_ID = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(op -> op.operationId, Function.identity()));

  /** The {@code operationId} as written in the contract. */
  public final String operationId;

  Operation(String operationId) {
    this.operationId = operationId;
  }

  /** The constant for a contract {@code operationId}; empty when the enum does not know it. */
  public static Optional<Operation> of(String operationId) {
    return Optional.ofNullable(BY_ID.get(operationId));
  }
}
