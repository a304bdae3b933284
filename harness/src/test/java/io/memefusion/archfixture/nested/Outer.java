package io.memefusion.archfixture.nested;

import io.memefusion.archfixture.nested.inner.Inner;

/** Uses its sub-package, which uses it back: a cycle the sub-package rule must find. */
public final class Outer {
  private Outer() {}

  public static int size() {
    return Inner.size() + 1;
  }

  public static int base() {
    return 3;
  }
}
