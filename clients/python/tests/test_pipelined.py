import time
import unittest

from mlrs_client import JobOptions, LrClient, LrReply, PipelinedLrSource

from .fakes import FakeTransport, decision


class Recorder:
    """Records every request (as the Java PipelinedLrSourceTest's); the LR of step s is s / 1000."""

    def __init__(self, validate_every=0):
        self.calls = []
        self.validate_every = validate_every
        self.answer_at_once = True
        self.unanswered = []

    @staticmethod
    def reply(step):
        return LrReply(step, step / 1000.0, False)

    def report(self, step, loss):
        self.calls.append(f"wait {step} loss {float(loss)}")
        return self.reply(step)

    def report_async(self, step, loss):
        self.calls.append(f"ahead {step} loss {float(loss)}")
        pending = Answer(self.reply(step), self.answer_at_once)
        self.unanswered.append(pending)
        return pending

    def validation_due(self, step):
        return self.validate_every > 0 and (step + 1) % self.validate_every == 0

    def report_validation(self, step, val_loss, hypergradient):
        self.calls.append(f"validation {step}")
        return True


class Answer:
    """A pending reply; one not answered at once is not done until result() waits for it."""

    def __init__(self, reply, arrived):
        self.reply = reply
        self.arrived = arrived
        self.waited = False

    def done(self):
        return self.arrived

    def result(self):
        if not self.arrived:
            self.waited = True
            self.arrived = True
        return self.reply


class AheadOfARecorder(unittest.TestCase):
    """The cases of the Java PipelinedLrSourceTest."""

    def test_asks_for_the_next_step_with_the_latest_loss_and_serves_each_step_its_own_decision(self):
        source = Recorder()
        pipelined = PipelinedLrSource(source, 4)
        for step in range(4):
            reply = pipelined.report(step, 10 + step)
            self.assertEqual(step, reply.step)
            self.assertEqual(step / 1000.0, reply.lr)
        # Step 0 is waited for; each later step was asked for one step earlier with the loss known then;
        # none past the run's end.
        self.assertEqual(["wait 0 loss 10.0", "ahead 1 loss 10.0", "ahead 2 loss 11.0", "ahead 3 loss 12.0"],
                         source.calls)
        self.assertEqual(3, pipelined.served_ahead)
        self.assertEqual(0, pipelined.waited_ahead)

    def test_a_validation_step_is_not_asked_ahead_of_so_its_report_comes_before_the_next_step(self):
        source = Recorder(validate_every=3)  # steps 2, 5, ... are validation steps
        pipelined = PipelinedLrSource(source, 0)
        for step in range(5):
            pipelined.report(step, step)
            if pipelined.validation_due(step):
                pipelined.report_validation(step, 1.0, 0.1)
        self.assertEqual(["wait 0 loss 0.0", "ahead 1 loss 0.0", "ahead 2 loss 1.0", "validation 2",
                          "wait 3 loss 3.0", "ahead 4 loss 3.0", "ahead 5 loss 4.0"], source.calls)

    def test_a_reply_not_there_yet_is_waited_for_and_counted(self):
        source = Recorder()
        source.answer_at_once = False
        pipelined = PipelinedLrSource(source, 0)
        pipelined.report(0, 1.0)
        self.assertEqual(1, pipelined.report(1, 2.0).step)
        self.assertTrue(source.unanswered[0].waited)
        self.assertEqual(1, pipelined.waited_ahead)
        self.assertEqual(1, pipelined.served_ahead)

    def test_a_skipped_step_number_is_waited_for_and_the_stale_ask_is_dropped(self):
        source = Recorder()
        pipelined = PipelinedLrSource(source, 0)
        pipelined.report(0, 1.0)
        self.assertEqual(7, pipelined.report(7, 2.0).step)
        self.assertEqual("wait 7 loss 2.0", source.calls[2])
        self.assertEqual(0, pipelined.served_ahead)

    def test_refuses_a_negative_total(self):
        with self.assertRaises(ValueError):
            PipelinedLrSource(Recorder(), -1)


def options(**overrides):
    values = dict(job_id="job-1", num_classes=10, reference_loss=2.3, initial_fallback_lr=0.05, lr_max=1.0,
                  reply_timeout=0.05, first_reply_timeout=0.2, total_steps=4)
    values.update(overrides)
    return JobOptions(**values)


def by_step(step_record):
    return decision(step_record, lr=(step_record["step"] + 1) / 100)  # the LR tells which step it answers


class AheadOfAClient(unittest.TestCase):
    """Over the real client and a scripted transport: what goes on the topics, timeouts, failures, close."""

    def test_steps_stay_aligned_on_the_topics_and_each_loss_goes_one_step_late(self):
        transport = FakeTransport(by_step)
        pipelined = PipelinedLrSource(LrClient(options(), transport))  # total_steps from the options: 4
        lrs = [pipelined.report(step, 2.0 - step / 10).lr for step in range(4)]
        self.assertEqual([0.01, 0.02, 0.03, 0.04], lrs)
        steps = transport.records("steps")
        self.assertEqual([0, 1, 2, 3], [r["step"] for r in steps])
        self.assertEqual([2.0, 2.0, 1.9, 1.8], [r["loss"] for r in steps])
        self.assertEqual((4, 4, 0), (pipelined.stats.replies_in_time, pipelined.stats.reports_sent,
                                     pipelined.stats.fallbacks))
        self.assertEqual((3, 0), (pipelined.served_ahead, pipelined.waited_ahead))

    def test_a_validation_report_reaches_the_topic_before_the_next_steps_report(self):
        transport = FakeTransport(by_step)
        pipelined = PipelinedLrSource(LrClient(options(mode="LEARN", validate_every=3, total_steps=0), transport))
        for step in range(5):
            reply = pipelined.report(step, 1.0)
            if pipelined.validation_due(step):
                self.assertFalse(reply.fallback)
                self.assertTrue(pipelined.report_validation(step, 0.5, -0.25))
        wire = [(topic, record["step"]) for topic, _, _, record in transport.sent]
        self.assertEqual([("steps", 0), ("steps", 1), ("steps", 2), ("validation", 2), ("steps", 3), ("steps", 4),
                          ("steps", 5)], wire)
        self.assertEqual([False, False, True, False, False, True],
                         [r["validate"] for r in transport.records("steps")])

    def test_a_reply_still_on_its_way_is_waited_for_and_counted(self):
        transport = FakeTransport(by_step)
        transport.reply_delay = 1  # a reply arrives one read of the partition after its report
        pipelined = PipelinedLrSource(LrClient(options(reply_timeout=5.0), transport))
        pipelined.report(0, 1.0)
        reply = pipelined.report(1, 1.0)
        self.assertEqual((0.02, False), (reply.lr, reply.fallback))
        self.assertEqual((1, 1), (pipelined.served_ahead, pipelined.waited_ahead))

    def test_a_reply_that_came_while_a_long_step_trained_is_served_after_the_timeout(self):
        transport = FakeTransport(by_step)
        pipelined = PipelinedLrSource(LrClient(options(), transport))
        pipelined.report(0, 1.0)
        time.sleep(0.08)  # the step trains longer than the 50 ms reply timeout; its reply came meanwhile
        reply = pipelined.report(1, 1.0)
        self.assertEqual((0.02, False), (reply.lr, reply.fallback))
        self.assertEqual(0, pipelined.stats.timeouts)

    def test_no_reply_to_a_step_asked_ahead_gives_its_fallback_and_the_run_goes_on(self):
        transport = FakeTransport(lambda s: None if s["step"] == 1 else by_step(s))
        client = LrClient(options(), transport)
        pipelined = PipelinedLrSource(client)
        self.assertEqual(0.01, pipelined.report(0, 1.0).lr)  # step 1 is asked for here; no reply comes
        with self.assertLogs("mlrs_client", "WARNING"):
            step1 = pipelined.report(1, 1.0)
        self.assertTrue(step1.fallback)
        self.assertEqual(0.01, step1.lr)  # the last served LR
        self.assertIn("no reply within 50 ms", step1.reason)
        transport.queue(b"job-1", decision(transport.records("steps")[1], lr=0.7))  # step 1's answer, late
        self.assertEqual(0.03, pipelined.report(2, 1.0).lr)
        self.assertEqual((1, 1), (client.stats.timeouts, client.stats.late_replies))

    def test_a_rejected_or_unsent_step_asked_ahead_falls_back_without_waiting(self):
        transport = FakeTransport(lambda s: decision(s, status="REJECTED", reason="loss is NaN")
                                  if s["step"] == 1 else by_step(s))
        pipelined = PipelinedLrSource(LrClient(options(reply_timeout=5.0), transport))
        pipelined.report(0, float("nan"))
        with self.assertLogs("mlrs_client", "WARNING"):
            rejected = pipelined.report(1, 1.0)
        self.assertEqual((True, "rejected by the service: loss is NaN"), (rejected.fallback, rejected.reason))
        transport.fail_sends_with = "broker down"  # step 3's report, sent at step 2, fails
        started = time.monotonic()
        self.assertEqual(0.03, pipelined.report(2, 1.0).lr)
        unsent = pipelined.report(3, 1.0)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertTrue(unsent.fallback)
        self.assertIn("broker down", unsent.reason)
        self.assertEqual((1, 1), (pipelined.stats.rejected, pipelined.stats.send_failures))

    def test_the_last_step_asks_for_nothing_and_the_run_result_names_it(self):
        transport = FakeTransport(by_step)
        pipelined = PipelinedLrSource(LrClient(options(), transport))
        for step in range(4):
            pipelined.report(step, 1.0)
        self.assertTrue(pipelined.report_run_result(0.25, 0.875))
        self.assertEqual(3, transport.records("run-results")[0]["lastStep"])

    def test_close_drops_the_step_asked_ahead_without_counting_a_fallback(self):
        transport = FakeTransport(lambda s: decision(s, lr=0.2) if s["step"] == 0 else None)
        client = LrClient(options(total_steps=0), transport)
        with PipelinedLrSource(client) as pipelined:
            pipelined.report(0, 1.0)  # the run ends here; step 1 was asked for
            ahead = pipelined._ahead
        self.assertTrue(transport.closed)
        self.assertTrue(ahead.done())
        self.assertEqual((1, True, "the client was closed", 0.2), (ahead.result().step, ahead.result().fallback,
                                                                   ahead.result().reason, ahead.result().lr))
        self.assertEqual(0, client.stats.fallbacks)
        with self.assertRaises(RuntimeError):
            pipelined.report(1, 1.0)


if __name__ == "__main__":
    unittest.main()
