package dev.mlrs.sim.data;

/**
 * The shape of one sample as a CNN sees it: channels x height x width. Tabular data is 1 x 1 x features.
 * Features are always stored flat in channel-major ("c") order, which is what DL4J's
 * {@code InputType.convolutionalFlat} expects.
 */
public record InputShape(int channels, int height, int width) {

  public InputShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("shape dimensions must be positive, got " + channels + "x" + height + "x"
          + width);
    }
  }

  /** Shape of a vector of {@code features} values (no spatial structure). */
  public static InputShape flat(int features) {
    return new InputShape(1, 1, features);
  }

  /** Shape of single-channel images. */
  public static InputShape grayscale(int height, int width) {
    return new InputShape(1, height, width);
  }

  /** Number of values per sample. */
  public int size() {
    return Math.multiplyExact(Math.multiplyExact(channels, height), width);
  }

  /** True when the data has two spatial dimensions, so a CNN makes sense. */
  public boolean isImage() {
    return height > 1 && width > 1;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
