package io.memefusion.sweep;

import io.memefusion.UserException;
import io.memefusion.heads.HyperParams;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The hyperparameters a sweep can vary, with their spec/JSON key, whether they are integers, and
 * the range the trainer accepts. Keys are the names users write in spec files and {@code --param}.
 */
public enum Param {
  // upper bounds: far above any useful value, low enough that a typo (hidden=100000000, lr=1e308,
  // epochs=1000000) is refused when the sweep is created rather than failing or running for days
  HIDDEN("hidden", true, 1, 16_384, false),
  LR("lr", false, 0, 1, true),
  DROPOUT("dropout", false, 0, 1, true) {
    @Override
    boolean accepts(double v) {
      return v >= 0 && v < 1;
    }

    @Override
    String rangeText() {
      return "in [0, 1)";
    }
  },
  WEIGHT_DECAY("weight_decay", false, 0, 1, false),
  BATCH_SIZE("batch_size", true, 1, 65_536, false),
  EPOCHS("epochs", true, 1, 10_000, false),
  POS_WEIGHT("pos_weight", false, 0, 1_000, true),
  PATIENCE("patience", true, 0, 10_000, false);

  private final String key;
  private final boolean integer;
  private final double min;
  private final double max;
  private final boolean minExclusive;

  Param(String key, boolean integer, double min, double max, boolean minExclusive) {
    this.key = key;
    this.integer = integer;
    this.min = min;
    this.max = max;
    this.minExclusive = minExclusive;
  }

  /** The name in spec files, {@code trial.hyperparams} and exports. */
  public String key() {
    return key;
  }

  public boolean integer() {
    return integer;
  }

  boolean accepts(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return false;
    }
    if (integer && v != Math.rint(v)) {
      return false;
    }
    return (minExclusive ? v > min : v >= min) && v <= max;
  }

  String rangeText() {
    String kind = integer ? "an integer" : "a number";
    return kind + " in " + (minExclusive ? "(" : "[") + fmt(min) + ", " + fmt(max) + "]";
  }

  /** The largest value accepted. */
  public double max() {
    return max;
  }

  /** Throws naming {@code where} when {@code v} is not a valid value of this parameter. */
  double check(double v, String where) {
    if (!accepts(v)) {
      throw new UserException(where + ": " + key + " must be " + rangeText() + ", got " + fmt(v));
    }
    return v;
  }

  /** This parameter's value in {@code hp}. */
  public double valueIn(HyperParams hp) {
    switch (this) {
      case HIDDEN:
        return hp.hidden();
      case LR:
        return hp.learningRate();
      case DROPOUT:
        return hp.dropout();
      case WEIGHT_DECAY:
        return hp.weightDecay();
      case BATCH_SIZE:
        return hp.batchSize();
      case EPOCHS:
        return hp.epochs();
      case POS_WEIGHT:
        return hp.posWeight();
      case PATIENCE:
        return hp.patience();
      default:
        throw new AssertionError(this);
    }
  }

  public static Optional<Param> byKey(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (k.equals("learning_rate")) {
      k = "lr";
    }
    String wanted = k;
    return Arrays.stream(values()).filter(p -> p.key.equals(wanted)).findFirst();
  }

  /** All keys, for error messages. */
  public static String keys() {
    return String.join(", ", Arrays.stream(values()).map(Param::key).toList());
  }

  /** Shortest plain text of a number: 256, 0.001, 0.0003 (no exponent, no trailing zeros). */
  public static String fmt(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) >= 1e15) {
      return Double.toString(v); // 1.0E308, not 309 digits
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
