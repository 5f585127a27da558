package dev.mlrs.sim.data;

/** Features (flat, already scaled) and labels read from files, before the number of classes is known. */
record LabelledArrays(float[] features, int[] labels, InputShape shape) {

  int maxLabel() {
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    return max;
  }

  Dataset toDataset(String name, int numClasses) {
    return new Dataset(name, features, labels, numClasses, shape);
  }
}
