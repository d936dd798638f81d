package dev.squall.web;

import dev.squall.error.Validation;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;

/** Typed reads of query parameters with StackStorm's parsing rules and messages. */
public final class QueryParams {
  private QueryParams() {
  }

  public static String string(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public static Boolean bool(RoutingContext ctx, String name) {
    String v = string(ctx, name);
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase()) {
      case "true", "1", "yes", "y" -> true;
      case "false", "0", "no", "n" -> false;
      default -> throw new Validation("Parameter \"" + name + "\" is not of type boolean");
    };
  }

  public static boolean bool(RoutingContext ctx, String name, boolean dflt) {
    Boolean b = bool(ctx, name);
    return b == null ? dflt : b;
  }

  public static Integer integer(RoutingContext ctx, String name) {
    String v = string(ctx, name);
    if (v == null) {
      return null;
    }
    if (!v.matches("-?[0-9]+")) {
      throw new Validation("Parameter \"" + name + "\" is not of type integer");
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new Validation("Parameter \"" + name + "\" is out of range");
    }
  }

  public static List<String> list(RoutingContext ctx, String name) {
    String v = string(ctx, name);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A page request: StackStorm's limit/offset rules (0 or below -1 rejected; -1 = all). */
  public record Page(int offset, int limit) {
  }

  public static Page page(RoutingContext ctx, int defaultLimit) {
    Integer offset = integer(ctx, "offset");
    Integer limit = integer(ctx, "limit");
    if (offset != null && offset < 0) {
      throw new Validation("Offset must be a positive integer.");
    }
    int l = limit == null ? defaultLimit : limit;
    if (limit != null && (limit == 0 || limit < -1)) {
      throw new Validation("Limit, \"" + limit + "\" specified, must be a positive number.");
    }
    return new Page(offset == null ? 0 : offset, l);
  }
}
