import math
import time
import unittest

from mlrs_client import EsEnrolment, JobOptions, LrClient
from mlrs_client.partition import partition_for

from .fakes import FakeTransport, decision


def options(**overrides):
    values = dict(job_id="job-1", num_classes=10, reference_loss=2.3, initial_fallback_lr=0.05, lr_max=1.0,
                  reply_timeout=0.05, first_reply_timeout=0.2)
    values.update(overrides)
    return JobOptions(**values)


class ServedSteps(unittest.TestCase):

    def test_reports_every_option_and_returns_the_served_lr(self):
        transport = FakeTransport(lambda s: decision(s, lr=0.125, version=4))
        client = LrClient(options(total_steps=100, lr_min=0.001), transport, topic_prefix="team-a.")
        reply = client.report(0, 2.25)
        self.assertFalse(reply.fallback)
        self.assertEqual(0.125, reply.lr)
        self.assertEqual(4, reply.learner_version)
        topic, partition, key, record = transport.sent[0]
        self.assertEqual(("team-a.steps", partition_for("job-1", 4), b"job-1"), (topic, partition, key))
        self.assertEqual({"job": "job-1", "step": 0, "loss": 2.25, "learner": "default", "mode": "FROZEN",
                          "numClasses": 10, "referenceLoss": 2.3, "gamma": None, "lrMin": 0.001, "lrMax": 1.0,
                          "totalSteps": 100, "validate": False, "es": None}, record)
        self.assertEqual(("team-a.lr", partition_for("job-1", 4)), transport.assigned)
        self.assertEqual(1, client.stats.replies_in_time)

    def test_reply_partition_follows_the_lr_topics_partition_count(self):
        transport = FakeTransport()
        transport.partition_counts = {"steps": 4, "lr": 12}
        LrClient(options(), transport)
        self.assertEqual(("lr", partition_for("job-1", 12)), transport.assigned)

    def test_ignores_other_jobs_and_unreadable_records_on_the_partition(self):
        transport = FakeTransport(lambda s: None)
        client = LrClient(options(), transport)
        transport.queue(b"job-2", decision({"job": "job-2", "step": 0, "learner": "default"}, lr=0.9))
        transport.queued.append((b"job-1", b"garbage"))
        transport.answer = lambda s: decision(s, lr=0.2)
        reply = client.report(0, 1.0)
        self.assertEqual(0.2, reply.lr)
        self.assertEqual(1, client.stats.ignored_replies)

    def test_enrolment_goes_on_every_report(self):
        transport = FakeTransport()
        client = LrClient(options(mode="LEARN", validate_every=0, es=EsEnrolment("task", 3, "MINUS")), transport)
        client.report(0, 1.0)
        self.assertEqual({"taskKey": "task", "seed": 3, "side": "MINUS"}, transport.records("steps")[0]["es"])
        self.assertFalse(transport.records("steps")[0]["validate"])

    def test_steps_must_increase_and_a_closed_client_refuses(self):
        client = LrClient(options(), FakeTransport())
        client.report(3, 1.0)
        with self.assertRaises(ValueError):
            client.report(3, 1.0)
        client.close()
        with self.assertRaises(RuntimeError):
            client.report(4, 1.0)


class Fallbacks(unittest.TestCase):

    def test_no_reply_gives_the_initial_fallback_within_the_first_timeout_then_the_short_one(self):
        transport = FakeTransport(lambda s: None)
        client = LrClient(options(), transport)
        started = time.monotonic()
        with self.assertLogs("mlrs_client", "WARNING") as logs:
            reply = client.report(0, 1.0)
        first = time.monotonic() - started
        self.assertTrue(reply.fallback)
        self.assertEqual(0.05, reply.lr)
        self.assertIn("no reply within 200 ms", reply.reason)
        self.assertIn("fallback LR 0.05", logs.output[0])
        self.assertGreaterEqual(first, 0.2)
        started = time.monotonic()
        self.assertIn("no reply within 50 ms", client.report(1, 1.0).reason)
        self.assertLess(time.monotonic() - started, 0.2)
        self.assertEqual(2, client.stats.timeouts)
        self.assertEqual(2, client.stats.fallbacks)

    def test_a_late_reply_is_counted_and_skipped_and_later_fallbacks_repeat_the_last_served_lr(self):
        transport = FakeTransport(lambda s: decision(s, lr=0.3))
        client = LrClient(options(), transport)
        self.assertEqual(0.3, client.report(0, 1.0).lr)
        transport.answer = lambda s: None
        step1 = client.report(1, 1.0)
        self.assertTrue(step1.fallback)
        self.assertEqual(0.3, step1.lr)
        transport.queue(b"job-1", decision(transport.records("steps")[1], lr=0.7))  # step 1's answer, late
        transport.answer = lambda s: decision(s, lr=0.4)
        self.assertEqual(0.4, client.report(2, 1.0).lr)
        self.assertEqual(1, client.stats.late_replies)

    def test_a_rejected_report_falls_back_at_once_with_the_reason(self):
        transport = FakeTransport(lambda s: decision(s, status="REJECTED", reason="loss is NaN"))
        client = LrClient(options(reply_timeout=5.0, first_reply_timeout=5.0), transport)
        started = time.monotonic()
        reply = client.report(0, math.nan)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertTrue(reply.fallback)
        self.assertEqual("rejected by the service: loss is NaN", reply.reason)
        self.assertEqual(1, client.stats.rejected)

    def test_a_failed_send_falls_back_at_once(self):
        transport = FakeTransport()
        transport.fail_sends_with = "broker down"
        client = LrClient(options(reply_timeout=5.0, first_reply_timeout=5.0), transport)
        reply = client.report(0, 1.0)
        self.assertTrue(reply.fallback)
        self.assertIn("broker down", reply.reason)
        self.assertEqual(1, client.stats.send_failures)

    def test_fallback_schedule_is_clamped_and_a_failing_one_gives_lr_min(self):
        transport = FakeTransport(lambda s: None)
        client = LrClient(options(initial_fallback_lr=None, fallback=lambda step, last: 5.0, lr_max=1.0), transport)
        self.assertEqual(1.0, client.report(0, 1.0).lr)
        client = LrClient(options(initial_fallback_lr=None, fallback=lambda step, last: 1 / 0, lr_min=0.01),
                          FakeTransport(lambda s: None))
        self.assertEqual(0.01, client.report(0, 1.0).lr)


class AsyncReports(unittest.TestCase):

    def test_each_reply_goes_to_its_step_whatever_the_order_of_arrival(self):
        transport = FakeTransport(lambda s: None)
        client = LrClient(options(), transport)
        first, second = client.report_async(0, 1.0), client.report_async(1, 2.0)
        self.assertFalse(first.done())
        steps = transport.records("steps")
        transport.queue(b"job-1", decision(steps[1], lr=0.2))
        transport.queue(b"job-1", decision(steps[0], lr=0.1))
        self.assertEqual((1, 0.2), (second.result().step, second.result().lr))
        self.assertTrue(first.done())
        self.assertEqual((0, 0.1), (first.result().step, first.result().lr))
        self.assertEqual((2, 0, 0), (client.stats.replies_in_time, client.stats.ignored_replies,
                                     client.stats.fallbacks))

    def test_a_step_nobody_takes_times_out_while_another_one_is_waited_for(self):
        transport = FakeTransport(lambda s: None)
        client = LrClient(options(first_reply_timeout=0.05), transport)
        forgotten = client.report_async(0, 1.0)
        time.sleep(0.06)
        waited = client.report_async(1, 1.0)
        transport.queue(b"job-1", decision(transport.records("steps")[1], lr=0.3))
        with self.assertLogs("mlrs_client", "WARNING"):
            self.assertEqual(0.3, waited.result().lr)
        self.assertTrue(forgotten.done())
        self.assertTrue(forgotten.result().fallback)
        self.assertEqual(1, client.stats.timeouts)


class ValidationAndRunResults(unittest.TestCase):

    def learn_client(self, transport):
        return LrClient(options(mode="LEARN", validate_every=2), transport)

    def test_marks_validation_steps_and_sends_hypergradients_only_for_served_lrs(self):
        transport = FakeTransport()
        client = self.learn_client(transport)
        client.report(0, 1.0)
        client.report(1, 1.0)
        self.assertEqual([False, True], [r["validate"] for r in transport.records("steps")])
        self.assertTrue(client.report_validation(1, 0.5, -0.25))
        self.assertEqual([{"job": "job-1", "step": 1, "valLoss": 0.5, "hypergradient": -0.25}],
                         transport.records("validation"))
        transport.answer = lambda s: None
        client.report(3, 1.0)
        self.assertFalse(client.report_validation(3, 0.5, -0.25))
        self.assertEqual(1, client.stats.validations_skipped)

    def test_skips_a_non_finite_hypergradient_and_refuses_wrong_steps(self):
        client = self.learn_client(FakeTransport())
        client.report(1, 1.0)
        with self.assertRaises(ValueError):
            client.report_validation(0, 0.5, 1.0)
        self.assertFalse(client.report_validation(1, 0.5, math.inf))
        frozen = LrClient(options(), FakeTransport())
        with self.assertRaises(RuntimeError):
            frozen.report_validation(1, 0.5, 1.0)

    def test_run_result_names_the_last_step_and_is_sent_once(self):
        transport = FakeTransport()
        client = LrClient(options(), transport)
        with self.assertRaises(RuntimeError):
            client.report_run_result(0.5)
        client.report(0, 1.0)
        client.report(7, 1.0)
        self.assertTrue(client.report_run_result(0.25, 0.875))
        self.assertEqual([{"job": "job-1", "lastStep": 7, "validationLoss": 0.25, "validationAccuracy": 0.875,
                           "diverged": False}], transport.records("run-results"))
        with self.assertRaises(RuntimeError):
            client.report_run_result(0.25)

    def test_a_diverged_run_reports_nan(self):
        transport = FakeTransport()
        client = LrClient(options(), transport)
        client.report(0, 1.0)
        self.assertTrue(client.report_run_result(math.nan, None, diverged=True))
        record = transport.records("run-results")[0]
        self.assertTrue(math.isnan(record["validationLoss"]))
        self.assertIsNone(record["validationAccuracy"])
        self.assertTrue(record["diverged"])


class Options(unittest.TestCase):

    def test_refuses_incomplete_or_inconsistent_options(self):
        for bad in (dict(job_id=" "), dict(num_classes=1), dict(reference_loss=math.nan), dict(mode="TRAIN"),
                    dict(lr_min=2.0), dict(initial_fallback_lr=None), dict(initial_fallback_lr=3.0),
                    dict(reply_timeout=0), dict(es=EsEnrolment("t", 1, "PLUS"))):
            with self.subTest(bad), self.assertRaises(ValueError):
                options(**bad)
        with self.assertRaises(ValueError):
            EsEnrolment("t", 1, "LEFT")

    def test_explicit_gamma_needs_no_classes(self):
        self.assertEqual(0.5, options(num_classes=0, reference_loss=0.0, gamma=0.5).gamma)


if __name__ == "__main__":
    unittest.main()
