package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every schedule tried on one task in one experiment: one summary table and one set of plots. */
record TaskRuns(String experiment, String task, List<ScheduleRuns> schedules) {

  TaskRuns {
    schedules = List.copyOf(schedules);
  }

  /**
   * Groups the evaluation runs by (experiment, task), then by schedule; tuning runs are left out (they ran on the
   * tuning seed with settings that were not chosen). Groups keep the order in which they first appear, so the
   * report follows the order the experiment ran in.
   */
  static List<TaskRuns> group(List<RunResult> runs) {
    Map<List<String>, Map<String, List<RunResult>>> byTask = new LinkedHashMap<>();
    for (RunResult run : runs) {
      if (!run.evaluation()) {
        continue;
      }
      byTask.computeIfAbsent(List.of(run.experiment(), run.task()), k -> new LinkedHashMap<>())
          .computeIfAbsent(run.schedule(), k -> new ArrayList<>()).add(run);
    }
    List<TaskRuns> tasks = new ArrayList<>();
    byTask.forEach((key, bySchedule) -> {
      List<ScheduleRuns> schedules = new ArrayList<>();
      bySchedule.forEach((schedule, list) -> schedules.add(new ScheduleRuns(key.get(0), key.get(1), schedule, list)));
      tasks.add(new TaskRuns(key.get(0), key.get(1), schedules));
    });
    return tasks;
  }
}
