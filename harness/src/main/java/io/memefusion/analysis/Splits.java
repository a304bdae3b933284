package io.memefusion.analysis;

import io.memefusion.heads.HeadKind;
import java.util.Comparator;
import java.util.List;

/** The order splits and models are shown in, everywhere the analysis appears. */
public final class Splits {
  /** The labeled evaluation splits of the released dataset, in reading order. */
  public static final List<String> KNOWN =
      List.of("dev_seen", "dev_unseen", "test_seen", "test_unseen");

  /** The released dev_unseen shares about this many memes with dev_seen. */
  public static final int DEV_OVERLAP_APPROX = 400;

  private Splits() {}

  /** train, dev_seen, dev_unseen, test_seen, test_unseen, then any other split by name. */
  public static final Comparator<String> ORDER =
      Comparator.comparingInt(
              (String s) ->
                  s.equals("train") ? -1 : KNOWN.contains(s) ? KNOWN.indexOf(s) : KNOWN.size())
          .thenComparing(Comparator.naturalOrder());

  /** text, image, early_fusion, late_fusion. */
  public static final Comparator<String> MODEL_ORDER =
      Comparator.comparingInt((String m) -> HeadKind.fromDbName(m).ordinal());

  /** True for a split used to choose configurations or report dev numbers. */
  public static boolean isDev(String split) {
    return split.startsWith("dev") || split.equals("val") || split.equals("validation");
  }
}
