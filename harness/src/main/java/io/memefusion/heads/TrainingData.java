package io.memefusion.heads;

import io.memefusion.UserException;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Train and dev features of a study turned into TensorFlow tensors once, shared by every trial
 * trained on them (copying 8,500 × 2,816 floats per trial would be waste). Holds native memory:
 * close it after the sweep.
 */
public final class TrainingData implements AutoCloseable {
  private final LabeledFeatures train;
  private final LabeledFeatures dev;
  private final TFloat32 trainText; // [nTrain, textDim] or null
  private final TFloat32 trainImage; // [nTrain, imageDim] or null
  private final TFloat32 trainLabels; // [nTrain], 0 or 1
  private final TFloat32 devText; // [nDev, textDim] or null
  private final TFloat32 devImage; // [nDev, imageDim] or null

  private TrainingData(LabeledFeatures train, LabeledFeatures dev) {
    this.train = train;
    this.dev = dev;
    TFloat32 tt = null;
    TFloat32 ti = null;
    TFloat32 tl = null;
    TFloat32 dt = null;
    TFloat32 di = null;
    try {
      tt = matrix(train.text(), train.rows(), train.textDim());
      ti = matrix(train.image(), train.rows(), train.imageDim());
      float[] labels = new float[train.rows()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = train.labels()[i];
      }
      tl = TFloat32.tensorOf(Shape.of(labels.length), DataBuffers.of(labels, true, false));
      dt = matrix(dev.text(), dev.rows(), dev.textDim());
      di = matrix(dev.image(), dev.rows(), dev.imageDim());
    } catch (RuntimeException e) {
      closeAll(tt, ti, tl, dt, di);
      throw e;
    }
    this.trainText = tt;
    this.trainImage = ti;
    this.trainLabels = tl;
    this.devText = dt;
    this.devImage = di;
  }

  /**
   * Checks that both splits are labeled with 0/1, that dev holds both classes (dev AUROC picks the
   * epoch) and that shared modalities have the same width, then copies them into tensors.
   *
   * @throws UserException naming the split (and meme) when the data cannot train heads
   */
  public static TrainingData of(LabeledFeatures train, LabeledFeatures dev) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(dev, "dev");
    checkLabels(train);
    checkLabels(dev);
    if (train.rows() == 0) {
      throw new UserException("train split " + train.split() + " has no rows");
    }
    int devPositives = 0;
    for (int y : dev.labels()) {
      devPositives += y;
    }
    if (devPositives == 0 || devPositives == dev.rows()) {
      throw new UserException(
          "dev split "
              + dev.split()
              + " needs hateful and non-hateful memes to pick epochs by AUROC; it has "
              + devPositives
              + " hateful of "
              + dev.rows());
    }
    if (train.text() != null && dev.text() != null && train.textDim() != dev.textDim()) {
      throw new UserException(
          "text features are "
              + train.textDim()
              + "-d in train but "
              + dev.textDim()
              + "-d in dev");
    }
    if (train.image() != null && dev.image() != null && train.imageDim() != dev.imageDim()) {
      throw new UserException(
          "image features are "
              + train.imageDim()
              + "-d in train but "
              + dev.imageDim()
              + "-d in dev");
    }
    return new TrainingData(train, dev);
  }

  private static void checkLabels(LabeledFeatures split) {
    if (!split.labeled()) {
      throw new UserException("split " + split.split() + " has no labels");
    }
    int[] labels = split.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new UserException(
            "split "
                + split.split()
                + ": meme "
                + split.ids().get(i)
                + " has label "
                + labels[i]
                + ", expected 0 or 1");
      }
    }
  }

  static TFloat32 matrix(float[] values, int rows, int dim) {
    if (values == null) {
      return null;
    }
    return TFloat32.tensorOf(Shape.of(rows, dim), DataBuffers.of(values, true, false));
  }

  /** True when both splits carry the modality. */
  boolean has(Modality m) {
    return m == Modality.TEXT
        ? train.text() != null && dev.text() != null
        : train.image() != null && dev.image() != null;
  }

  int dim(Modality m) {
    return m == Modality.TEXT ? train.textDim() : train.imageDim();
  }

  LabeledFeatures train() {
    return train;
  }

  LabeledFeatures dev() {
    return dev;
  }

  TFloat32 trainFeatures(Modality m) {
    return m == Modality.TEXT ? trainText : trainImage;
  }

  TFloat32 trainLabels() {
    return trainLabels;
  }

  TFloat32 devFeatures(Modality m) {
    return m == Modality.TEXT ? devText : devImage;
  }

  @Override
  public void close() {
    closeAll(trainText, trainImage, trainLabels, devText, devImage);
  }

  private static void closeAll(TFloat32... tensors) {
    for (TFloat32 t : tensors) {
      if (t != null) {
        t.close();
      }
    }
  }
}
