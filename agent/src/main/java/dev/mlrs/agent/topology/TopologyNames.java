package dev.mlrs.agent.topology;

/** Node names of the agent topology (sources, processors, sinks). */
final class TopologyNames {
  static final String STEPS_SOURCE = "steps-source";
  static final String VALIDATION_SOURCE = "validation-source";
  static final String META_GRADIENTS_SOURCE = "meta-gradients-source";
  static final String META_PARAMS_SOURCE = "meta-params-source";
  static final String JOB_PROCESSOR = "job-processor";
  static final String META_TRAINER = "meta-trainer";
  static final String LEARNER_STORE_UPDATER = "learner-store-updater";
  static final String LR_SINK = "lr-sink";
  static final String META_GRADIENTS_SINK = "meta-gradients-sink";
  static final String META_PARAMS_SINK = "meta-params-sink";
  static final String REJECTED_SINK = "rejected-sink";

  private TopologyNames() {
  }
}
