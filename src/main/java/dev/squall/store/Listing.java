package dev.squall.store;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of a listing and the number of documents its filters select in all. */
public record Listing(List<JsonObject> docs, long total) {
}
