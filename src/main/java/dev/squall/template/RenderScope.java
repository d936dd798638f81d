package dev.squall.template;

import dev.squall.error.SquallException;
import dev.squall.error.Validation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Function;

/** Per-render state the strict interpreter consults; renders nest (lazy parameters), so scopes stack per thread. */
final class RenderScope {
  private static final ThreadLocal<Deque<RenderScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  /** Supplies variables on demand (parameters resolved in dependency order); {@link #UNKNOWN} when it has none. */
  interface Lookup {
    Object UNKNOWN = new Object();

    Object find(String name);
  }

  final Set<String> boundNames;
  final Lookup lookup;
  final Function<String, SquallException> undefined;
  SquallException failure;

  RenderScope(Set<String> boundNames, Lookup lookup, Function<String, SquallException> undefined) {
    this.boundNames = boundNames;
    this.lookup = lookup;
    this.undefined = undefined != null ? undefined : name -> new Validation("'" + name + "' is undefined");
  }

  static RenderScope current() {
    return STACK.get().peek();
  }

  void enter() {
    STACK.get().push(this);
  }

  void leave() {
    Deque<RenderScope> stack = STACK.get();
    stack.pop();
    if (stack.isEmpty()) {
      STACK.remove();
    }
  }

  /** Records the first failure so it survives Jinjava turning exceptions into template errors. */
  SquallException fail(SquallException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }
}
