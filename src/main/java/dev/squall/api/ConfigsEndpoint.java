package dev.squall.api;

import dev.squall.actions.ActionRegistry;
import dev.squall.error.NotFound;
import dev.squall.packs.PackConfigs;
import dev.squall.template.Secrets;
import dev.squall.web.Bodies;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /configs} and {@code /config_schemas}: pack configs ({@code <configs dir>/<pack>.yaml}, secrets masked
 * unless {@code show_secrets}) and the schemas packs declare. A put checks the values against the schema and
 * writes the file; the next execution of the pack's actions sees it.
 */
public final class ConfigsEndpoint {
  private final ActionRegistry registry;
  private final PackConfigs configs;

  public ConfigsEndpoint(ActionRegistry registry, PackConfigs configs) {
    this.registry = registry;
    this.configs = configs;
  }

  void list(RoutingContext ctx) {
    boolean show = ShowSecrets.requested(ctx);
    QueryParams.Page page = QueryParams.page(ctx, -1);
    List<String> packs = packRefs();
    ctx.vertx().executeBlocking(() -> {
      List<JsonObject> all = new ArrayList<>();
      for (String pack : packs) {
        JsonObject values = configs.stored(pack);
        if (values != null) {
          all.add(config(pack, values, show));
        }
      }
      return all;
    }, false).onSuccess(all -> reply(ctx, page, all)).onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String pack = knownPack(ctx);
    boolean show = ShowSecrets.requested(ctx);
    ctx.vertx().executeBlocking(() -> {
      JsonObject values = configs.stored(pack);
      if (values == null) {
        throw new NotFound("Config for pack \"" + pack + "\" not found");
      }
      return config(pack, values, show);
    }, false).onSuccess(doc -> Replies.json(ctx, 200, doc)).onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    String pack = knownPack(ctx);
    boolean show = ShowSecrets.requested(ctx);
    JsonObject body = Bodies.object(ctx);
    ctx.vertx().executeBlocking(() -> {
      JsonObject schema = configs.schema(pack);
      JsonObject previous = configs.stored(pack);
      // a client that got masked secrets and sends them back keeps the stored ones
      JsonObject incoming = schema == null || previous == null ? body : Secrets.restore(body, previous, schema);
      return config(pack, configs.save(pack, incoming), show);
    }, false).onSuccess(doc -> Replies.json(ctx, 200, doc)).onFailure(ctx::fail);
  }

  void schemas(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, -1);
    List<String> packs = packRefs();
    ctx.vertx().executeBlocking(() -> {
      List<JsonObject> all = new ArrayList<>();
      for (String pack : packs) {
        JsonObject schema = configs.schema(pack);
        if (schema != null) {
          all.add(schema(pack, schema));
        }
      }
      return all;
    }, false).onSuccess(all -> reply(ctx, page, all)).onFailure(ctx::fail);
  }

  void schema(RoutingContext ctx) {
    String pack = knownPack(ctx);
    ctx.vertx().executeBlocking(() -> {
      JsonObject schema = configs.schema(pack);
      if (schema == null) {
        throw new NotFound("Config schema for pack \"" + pack + "\" not found");
      }
      return schema(pack, schema);
    }, false).onSuccess(doc -> Replies.json(ctx, 200, doc)).onFailure(ctx::fail);
  }

  private static void reply(RoutingContext ctx, QueryParams.Page page, List<JsonObject> all) {
    int from = Math.min(page.offset(), all.size());
    int to = page.limit() < 0 ? all.size() : Math.min(all.size(), from + page.limit());
    Replies.page(ctx, all.subList(from, to), all.size(), page.limit());
  }

  private JsonObject config(String pack, JsonObject values, boolean show) {
    JsonObject schema = configs.schema(pack);
    return new JsonObject().put("id", id("config", pack)).put("pack", pack)
        .put("values", show || schema == null ? values : Secrets.mask(values, schema));
  }

  private static JsonObject schema(String pack, JsonObject attributes) {
    return new JsonObject().put("id", id("config_schema", pack)).put("pack", pack).put("attributes", attributes);
  }

  private List<String> packRefs() {
    return registry.packs().stream().map(p -> p.getString("ref")).sorted().toList();
  }

  private String knownPack(RoutingContext ctx) {
    String ref = ctx.pathParam("pack_ref");
    if (registry.pack(ref) == null) {
      throw new NotFound("Pack \"" + ref + "\" not found");
    }
    return ref;
  }

  /** A stable id in MongoDB's ObjectId shape (24 hex digits), derived from kind and pack. */
  private static String id(String kind, String pack) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((kind + ":" + pack).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
