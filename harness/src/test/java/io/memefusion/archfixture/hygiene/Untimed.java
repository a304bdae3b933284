package io.memefusion.archfixture.hygiene;

import org.junit.jupiter.api.Test;

/**
 * Breaks {@code TestHygiene}'s rules on purpose for {@code TestHygieneTest}: a test without a
 * timeout that sleeps. Surefire never runs it (its name does not end in Test); {@code
 * TestHygieneTest} leaves this package out of the real check.
 */
public final class Untimed {
  @Test
  void sleeps() throws InterruptedException {
    Thread.sleep(1);
  }
}
