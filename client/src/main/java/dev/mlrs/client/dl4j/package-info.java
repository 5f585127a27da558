/**
 * Served learning rates for DL4J networks (needs deeplearning4j-nn on the class path; the client
 * declares it optional).
 *
 * <p>Build the net with an updater that reads a {@link dev.mlrs.client.dl4j.ServedLrSchedule}, attach
 * it, and call fit as usual:
 *
 * <pre>{@code
 * ServedLearningRate lr = new ServedLearningRate(0.1);          // used until the first LR is served
 * MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
 *     .updater(new Sgd(new ServedLrSchedule(lr)))
 *     .regularization(List.of(new WeightDecay(5e-4, true)))     // applyLR = true keeps hypergradients exact
 *     .list()
 *     .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
 *     .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
 *     .build();
 * MultiLayerNetwork net = new MultiLayerNetwork(conf);
 * net.init();
 *
 * JobOptions job = JobOptions.builder("mnist-mlp-run-12")
 *     .mode(LearnerMode.LEARN).numClasses(10).referenceLoss(2.31).totalSteps(epochs * batchesPerEpoch)
 *     .initialFallbackLr(0.1)
 *     .build();
 * try (LrClient client = LrClient.attach(ClientSettings.fromProperties(Path.of("mlrs.properties")), job)) {
 *   MlrsDl4j.attach(net, client, cleanValidationBatch);         // FROZEN jobs: MlrsDl4j.attach(net, client)
 *   net.fit(trainIterator, epochs);
 * }
 * }</pre>
 *
 * <p>Each iteration the {@link dev.mlrs.client.dl4j.ServedLrListener} reports the minibatch loss and
 * sets the served LR before DL4J's updater runs, so step t trains with the LR served for step t. Every
 * k-th step of a LEARN job it also measures the validation hypergradient with
 * {@link dev.mlrs.client.dl4j.HypergradientProbe} (exact for SGD, SGD with L2 or
 * {@code WeightDecay(coeff, true)}, and Adam-type updaters; an approximation for momentum) and sends it.
 * The step number is the network's iteration count.
 *
 * <p>Measured on DL4J 1.0.0-M2.1: a net-wide {@code WeightDecay} (via {@code regularization(...)} or
 * {@code weightDecay(...)}) appears twice in every layer's weight regularisation list, so the decay
 * actually applied is twice the configured coefficient (L2 is not affected). Hypergradients stay exact.
 */
package dev.mlrs.client.dl4j;
