package io.memefusion.archfixture.nested.inner;

import io.memefusion.archfixture.nested.Outer;

/** Uses the package above it, which uses it: the other half of the cycle. */
public final class Inner {
  private Inner() {}

  public static int size() {
    return 2 * Outer.base();
  }
}
