package dev.squall.api;

/** The endpoints of the {@code api} service, built by boot from the node's parts. */
public record ApiEndpoints(
    CatalogEndpoint catalog,
    ActionsEndpoint actions,
    PackViewsEndpoint packViews,
    ExecutionsEndpoint executions,
    WebhooksEndpoint webhooks,
    TriggersEndpoint triggers,
    RulesEndpoint rules,
    EnforcementsEndpoint enforcements,
    KeysEndpoint keys,
    ApiKeysEndpoint apiKeys,
    ServiceRegistryEndpoint serviceRegistry,
    ConfigsEndpoint configs,
    PackLifecycleEndpoint packLifecycle) {
}
