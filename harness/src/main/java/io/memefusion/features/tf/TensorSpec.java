package io.memefusion.features.tf;

import java.util.Arrays;
import org.tensorflow.proto.DataType;

/** One input or output of a signature: its key, graph tensor name, type and shape (-1 = any). */
public record TensorSpec(String key, String tensorName, DataType dtype, long[] shape) {
  public TensorSpec {
    shape = shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public boolean isFloat() {
    return dtype == DataType.DT_FLOAT;
  }

  public boolean isInt() {
    return dtype == DataType.DT_INT32 || dtype == DataType.DT_INT64;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** e.g. {@code int32 [-1,128]}. */
  public String describe() {
    String type = dtype.name().replace("DT_", "").toLowerCase(java.util.Locale.ROOT);
    return type + " " + Arrays.toString(shape).replace(" ", "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && key.equals(t.key)
        && tensorName.equals(t.tensorName)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return key + "=" + tensorName + " " + describe();
  }
}
