package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Rule and action templates are checked for syntax when saved, without looking variables up. */
class JinjaSyntaxTest {
  @Test
  void wellFormedTemplatesPassWhateverTheirVariables() {
    assertDoesNotThrow(() -> Jinja.checkSyntax("echo {{ trigger.body.app }}"));
    assertDoesNotThrow(() -> Jinja.checkSyntax("{% if x %}a{% else %}b{% endif %}"));
    assertDoesNotThrow(() -> Jinja.checkSyntax("plain text"));
    assertDoesNotThrow(() -> Jinja.checkSyntaxDeep(new JsonObject().put("a", "{{ st2kv.system.k | decrypt_kv }}")));
  }

  @Test
  void brokenTemplatesAreRejected() {
    assertThrows(Validation.class, () -> Jinja.checkSyntax("echo {{ trigger.body.a "));
    assertThrows(Validation.class, () -> Jinja.checkSyntax("{% if x %}never closed"));
    assertThrows(Validation.class, () -> Jinja.checkSyntax("{{ a + }}"));
    assertThrows(Validation.class, () -> Jinja.checkSyntaxDeep(new JsonObject().put("x", new JsonObject()
        .put("y", "{{ oops "))));
  }
}
