package dev.squall.stream;

import dev.squall.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which events one stream subscriber gets: {@code events} (fnmatch globs; output events only when asked
 * for by name), {@code action_refs}, {@code execution_ids}. Immutable, read from any thread.
 */
final class EventFilter {
  static final List<String> DEFAULT_EVENTS = List.of("st2.announcement__*", "st2.execution__create",
      "st2.execution__update", "st2.execution__delete", "st2.liveaction__create", "st2.liveaction__update",
      "st2.liveaction__delete");

  private final List<Pattern> events;
  private final Set<String> named;
  private final Set<String> actionRefs;
  private final Set<String> executionIds;

  EventFilter(List<String> events, List<String> actionRefs, List<String> executionIds) {
    List<String> globs = events.isEmpty() ? DEFAULT_EVENTS : events;
    this.events = globs.stream().map(EventFilter::glob).toList();
    this.named = Set.copyOf(globs);
    this.actionRefs = Set.copyOf(actionRefs);
    this.executionIds = Set.copyOf(executionIds);
  }

  /** The bus addresses worth listening to for this subscriber. */
  List<String> addresses() {
    return Addresses.STREAMED.stream().filter(this::wantsName).toList();
  }

  boolean wantsName(String name) {
    if (Addresses.BY_NAME_ONLY.contains(name)) {
      return named.contains(name);
    }
    return events.stream().anyMatch(p -> p.matcher(name).matches());
  }

  boolean wants(String name, JsonObject body) {
    if (!wantsName(name)) {
      return false;
    }
    boolean execution = name.startsWith("st2.execution__");
    boolean liveaction = name.startsWith("st2.liveaction__");
    boolean outputEvent = Addresses.EXECUTION_OUTPUT_CREATE.equals(name);
    if (!actionRefs.isEmpty()) {
      String ref = execution ? refOf(body.getValue("action")) : liveaction ? body.getString("action")
          : outputEvent ? body.getString("action_ref") : null;
      if ((execution || liveaction || outputEvent) && !actionRefs.contains(ref)) {
        return false;
      }
    }
    if (!executionIds.isEmpty()) {
      String id = execution ? body.getString("id") : outputEvent ? body.getString("execution_id") : null;
      if ((execution || outputEvent) && !executionIds.contains(id)) {
        return false;
      }
    }
    return true;
  }

  private static String refOf(Object action) {
    return action instanceof JsonObject a ? a.getString("ref") : null;
  }

  /** fnmatch: {@code *}, {@code ?}, {@code [...]}. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, end);
            re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
            i = end;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
