package dev.squall.template;

import dev.squall.error.SquallException;
import dev.squall.error.Validation;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
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

  static final String WITHHELD = "A template that decrypts datastore values failed to render; the details are "
      + "withheld as they may quote a secret.";

  final Set<String> boundNames;
  final Lookup lookup;
  final Function<String, SquallException> undefined;
  SquallException failure;
  /** Clear texts {@code decrypt_kv} produced in this render (or in renders nested in it). */
  private Set<String> revealed;

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
    } else if (revealed != null) {
      stack.peek().revealed(revealed);
    }
  }

  /** Notes decrypted datastore values: a failure of this render must not quote them. */
  void revealed(Collection<String> clearTexts) {
    if (revealed == null) {
      revealed = new HashSet<>();
    }
    revealed.addAll(clearTexts);
  }

  /**
   * The failure as it may be reported: when this render decrypted datastore values, its details are
   * withheld, since a message may quote a decrypted value or part of it (a filter's parse error, say).
   */
  SquallException withoutRevealed(SquallException e) {
    if (revealed == null || revealed.isEmpty()) {
      return e;
    }
    return SquallException.of(e.status(), WITHHELD);
  }

  /** Records the first failure so it survives Jinjava turning exceptions into template errors. */
  SquallException fail(SquallException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }
}
