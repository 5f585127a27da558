package dev.mlrs.schemas.serde;

import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;

/** One shared serde per record type on the service's topics. */
public final class MlrsSerdes {
  public static final AvroSerde<StepReport> STEP_REPORT = AvroSerde.of(StepReport.class);
  public static final AvroSerde<ValidationReport> VALIDATION_REPORT = AvroSerde.of(ValidationReport.class);
  public static final AvroSerde<LrDecision> LR_DECISION = AvroSerde.of(LrDecision.class);
  public static final AvroSerde<MetaGradient> META_GRADIENT = AvroSerde.of(MetaGradient.class);
  public static final AvroSerde<LearnerParams> LEARNER_PARAMS = AvroSerde.of(LearnerParams.class);
  public static final AvroSerde<Rejected> REJECTED = AvroSerde.of(Rejected.class);
  public static final AvroSerde<RunResult> RUN_RESULT = AvroSerde.of(RunResult.class);
  public static final AvroSerde<EsFitness> ES_FITNESS = AvroSerde.of(EsFitness.class);

  private MlrsSerdes() {
  }
}
