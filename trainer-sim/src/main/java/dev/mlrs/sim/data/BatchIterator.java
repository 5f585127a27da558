package dev.mlrs.sim.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Minibatches of a {@link Dataset} for DL4J: flat features and one-hot labels, in the order
 * {@link EpochOrder} gives for (seed, epoch). Two iterators with the same dataset, batch size and seed yield
 * identical batches, so several learning-rate schedules can be compared on the same data order.
 *
 * <p>Epochs: {@link #reset()} moves to the next epoch only if the current one has started, so the extra
 * resets DL4J's {@code fit(iterator, epochs)} makes do not shift the order. {@link #startEpoch(int)} jumps.
 *
 * <p>By default the returned DataSet's arrays are reused and overwritten by the next call to {@code next()}
 * (allocation is slow here). Use {@code dup()} to keep a batch, or {@link #withFreshArrays()}. Async
 * prefetching is therefore reported as unsupported.
 */
public final class BatchIterator implements DataSetIterator {

  private static final long serialVersionUID = 1L;

  private final Dataset data;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final boolean dropLast;
  private final boolean reuseArrays;

  private int epoch;
  private int cursor;
  private transient int[] order;
  private transient BatchArrays fullBatch;
  private transient BatchArrays partialBatch;
  private DataSetPreProcessor preProcessor;

  private BatchIterator(Dataset data, int batchSize, long seed, boolean shuffle, boolean dropLast, boolean reuse) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(data.name() + " is empty");
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.reuseArrays = reuse;
  }

  /** Training batches: a fresh seeded permutation every epoch; the last, smaller batch is kept. */
  public static BatchIterator shuffled(Dataset data, int batchSize, long seed) {
    return new BatchIterator(data, batchSize, seed, true, false, true);
  }

  /** Evaluation batches: samples in stored order, every epoch the same. */
  public static BatchIterator inOrder(Dataset data, int batchSize) {
    return new BatchIterator(data, batchSize, 0, false, false, true);
  }

  /** The same iterator, starting again at epoch 0, that skips the last batch when it would be smaller. */
  public BatchIterator withDropLast() {
    return new BatchIterator(data, batchSize, seed, shuffle, true, reuseArrays);
  }

  /** The same iterator, starting again at epoch 0, that allocates new arrays for every batch. */
  public BatchIterator withFreshArrays() {
    return new BatchIterator(data, batchSize, seed, shuffle, dropLast, false);
  }

  public Dataset dataset() {
    return data;
  }

  /** The current epoch (0-based). */
  public int epoch() {
    return epoch;
  }

  /** Continues with the first batch of {@code epochNumber}. */
  public void startEpoch(int epochNumber) {
    if (epochNumber < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epochNumber);
    }
    epoch = epochNumber;
    cursor = 0;
    order = null;
  }

  public int batchesPerEpoch() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The sample order of the current epoch (a copy). */
  public int[] order() {
    return currentOrder().clone();
  }

  @Override
  public boolean hasNext() {
    int remaining = data.size() - cursor;
    return dropLast ? remaining >= batchSize : remaining > 0;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  @Override
  public DataSet next(int num) {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is finished; call reset()");
    }
    int rows = Math.min(num, data.size() - cursor);
    DataSet batch = arraysFor(rows).fill(data, currentOrder(), cursor);
    cursor += rows;
    if (preProcessor != null) {
      preProcessor.preProcess(batch);
    }
    return batch;
  }

  private BatchArrays arraysFor(int rows) {
    if (!reuseArrays) {
      return new BatchArrays(rows, data.featureSize(), data.numClasses());
    }
    if (rows == batchSize) {
      if (fullBatch == null) {
        fullBatch = new BatchArrays(rows, data.featureSize(), data.numClasses());
      }
      return fullBatch;
    }
    if (partialBatch == null || partialBatch.rows() != rows) {
      partialBatch = new BatchArrays(rows, data.featureSize(), data.numClasses());
    }
    return partialBatch;
  }

  private int[] currentOrder() {
    if (order == null) {
      order = shuffle ? EpochOrder.permutation(data.size(), seed, epoch) : identity(data.size());
    }
    return order;
  }

  private static int[] identity(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return ids;
  }

  @Override
  public void reset() {
    if (cursor > 0) {
      startEpoch(epoch + 1);
    }
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  /** False: batches share arrays, so DL4J must not prefetch them on another thread. */
  @Override
  public boolean asyncSupported() {
    return false;
  }

  @Override
  public int inputColumns() {
    return data.featureSize();
  }

  @Override
  public int totalOutcomes() {
    return data.numClasses();
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  /** Class names "0".."C-1". */
  @Override
  public List<String> getLabels() {
    List<String> names = new ArrayList<>(data.numClasses());
    for (int c = 0; c < data.numClasses(); c++) {
      names.add(Integer.toString(c));
    }
    return names;
  }
}
