package dev.mlrs.agent.topology;

/** Node names of the agent topology (sources, processors, sinks). */
final class TopologyNames {
  static final String STEPS_SOURCE = "steps-source";
  static final String VALIDATION_SOURCE = "validation-source";
  static final String RUN_RESULTS_SOURCE = "run-results-source";
  static final String META_GRADIENTS_SOURCE = "meta-gradients-source";
  static final String ES_FITNESS_SOURCE = "es-fitness-source";
  static final String META_PARAMS_SOURCE = "meta-params-source";
  static final String LEARNER_HISTORY_SOURCE = "learner-history-source";
  static final String STEP_PROCESSOR = "step-processor";
  static final String VALIDATION_PROCESSOR = "validation-processor";
  static final String RUN_RESULT_PROCESSOR = "run-result-processor";
  static final String META_TRAINER = "meta-trainer";
  static final String ES_TRAINER = "es-trainer";
  static final String LEARNER_STORE_UPDATER = "learner-store-updater";
  static final String LEARNER_HISTORY_UPDATER = "learner-history-updater";
  static final String LR_SINK = "lr-sink";
  static final String META_GRADIENTS_SINK = "meta-gradients-sink";
  static final String ES_FITNESS_SINK = "es-fitness-sink";
  static final String META_PARAMS_SINK = "meta-params-sink";
  static final String LEARNER_HISTORY_SINK = "learner-history-sink";
  /** Where processors send dead letters: a metrics tap in front of the sink {@link #REJECTED_OUT}. */
  static final String REJECTED_SINK = "rejected-sink";
  static final String REJECTED_OUT = "rejected-out";
  /** Where the trainers send new learner versions: a metrics tap in front of the sink {@link #META_PARAMS_OUT}. */
  static final String META_PARAMS_OUT = "meta-params-out";
  /** Sees each step and its decision: job history for the live view, decision metrics. */
  static final String STEP_OBSERVER = "step-observer";

  private TopologyNames() {
  }
}
