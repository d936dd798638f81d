package dev.squall.api;

import dev.squall.web.QueryParams;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code ?show_secrets=true}, on the operations whose contract declares it: secret values in clear. Only
 * admins may; with RBAC off every caller counts as one (as in StackStorm), so the flag alone decides.
 */
final class ShowSecrets {
  private ShowSecrets() {
  }

  static boolean requested(RoutingContext ctx) {
    return QueryParams.bool(ctx, "show_secrets", false);
  }
}
