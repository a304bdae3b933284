package io.memefusion;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules every test class obeys, checked on the compiled test classes by {@code TestHygieneTest}
 * (the dashboard's tests use it from the harness's tests jar): a class-level {@code @Timeout}, no
 * sleeping to let time pass (inject a {@code Clock} or poll a condition with a deadline), and no
 * ordered test methods (no test may rely on another's state).
 */
public final class TestHygiene {
  private static final Set<String> TEST_ANNOTATIONS =
      Set.of(
          "org.junit.jupiter.api.Test",
          "org.junit.jupiter.api.RepeatedTest",
          "org.junit.jupiter.api.TestFactory",
          "org.junit.jupiter.api.TestTemplate",
          "org.junit.jupiter.params.ParameterizedTest");
  private static final String TIMEOUT = "org.junit.jupiter.api.Timeout";

  private TestHygiene() {}

  /** All the rules. */
  public static List<ArchRule> rules() {
    return List.of(everyTestClassHasATimeout(), noTestSleeps(), noTestOrdersItsMethods());
  }

  public static ArchRule everyTestClassHasATimeout() {
    return ArchRuleDefinition.classes()
        .should(
            new ArchCondition<JavaClass>("be annotated with @Timeout when it declares tests") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                if (declaresTests(c) && !timed(c)) {
                  events.add(
                      SimpleConditionEvent.violated(
                          c, c.getName() + " has tests but no class-level @Timeout"));
                }
              }
            })
        .allowEmptyShould(true);
  }

  public static ArchRule noTestSleeps() {
    return ArchRuleDefinition.classes()
        .should(
            new ArchCondition<JavaClass>("not sleep (Thread.sleep, TimeUnit.sleep)") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                  String owner = call.getTargetOwner().getName();
                  if (call.getName().equals("sleep")
                      && (owner.equals(Thread.class.getName())
                          || owner.equals("java.util.concurrent.TimeUnit"))) {
                    events.add(SimpleConditionEvent.violated(c, call.getDescription()));
                  }
                }
              }
            })
        .allowEmptyShould(true);
  }

  static ArchRule noTestOrdersItsMethods() {
    return ArchRuleDefinition.noClasses()
        .should()
        .beAnnotatedWith("org.junit.jupiter.api.TestMethodOrder")
        .allowEmptyShould(true);
  }

  private static boolean declaresTests(JavaClass c) {
    for (JavaMethod m : c.getMethods()) {
      for (String a : TEST_ANNOTATIONS) {
        if (m.isAnnotatedWith(a)) {
          return true;
        }
      }
    }
    return false;
  }

  // a @Timeout on the class, an enclosing class (@Nested) or a superclass covers its tests
  private static boolean timed(JavaClass c) {
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      JavaClass t = k.get();
      if (t.isAnnotatedWith(TIMEOUT)
          || t.getAllRawSuperclasses().stream().anyMatch(s -> s.isAnnotatedWith(TIMEOUT))) {
        return true;
      }
    }
    return false;
  }
}
