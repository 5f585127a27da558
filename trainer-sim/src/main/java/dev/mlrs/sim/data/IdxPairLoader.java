package dev.mlrs.sim.data;

import java.nio.file.Path;

/** An images IDX file plus its labels IDX file, pixels scaled by 1/255. */
final class IdxPairLoader {

  private IdxPairLoader() {
  }

  static LabelledArrays load(Path imagesFile, Path labelsFile) {
    IdxReader.IdxImages images = IdxReader.readImages(imagesFile);
    int[] labels = IdxReader.readLabels(labelsFile);
    if (images.count() != labels.length) {
      throw new DataException(imagesFile + " has " + images.count() + " images but " + labelsFile + " has "
          + labels.length + " labels");
    }
    return new LabelledArrays(images.toUnitFloats(), labels, InputShape.grayscale(images.rows(), images.cols()));
  }
}
