package io.memefusion.archfixture.cyclic.one;

import io.memefusion.archfixture.cyclic.two.Two;

/** Half of a package cycle made on purpose for {@code LayersTest}. */
public final class One {
  private One() {}

  public static int next(int n) {
    return n > 0 ? Two.next(n - 1) : 0;
  }
}
