package io.memefusion.archfixture.cyclic.two;

import io.memefusion.archfixture.cyclic.one.One;

/** The other half of {@code LayersTest}'s package cycle. */
public final class Two {
  private Two() {}

  public static int next(int n) {
    return n > 0 ? One.next(n - 1) : 0;
  }
}
