from odoo.tests import RecordCapturer, TransactionCase, warmup


class TestHelpers(TransactionCase):

    @warmup
    def test_warmup_runs_twice_and_keeps_only_the_real_run(self):
        runs = self.__dict__.setdefault("runs", [])
        runs.append(self.warm)
        self.env["test.harness.item"].create({"name": f"warm {self.warm}"})
        names = self.env["test.harness.item"].search([("name", "like", "warm ")]).mapped("name")
        # the warm-up run's record was rolled back before the real run
        self.assertEqual(names, [f"warm {self.warm}"])
        with self.assertQueryCount(0 if not self.warm else 5):
            self.env["test.harness.item"].search([]).mapped("name")
        if self.warm:
            self.assertEqual(runs, [False, True])

    def test_record_capturer_gives_the_records_made_inside(self):
        Item = self.env["test.harness.item"]
        Item.create({"name": "before"})
        with RecordCapturer(Item, [("name", "like", "cap")]) as capture:
            made = Item.create([{"name": "cap 1"}, {"name": "cap 2"}, {"name": "other"}])
        self.assertEqual(capture.records, made[:2])
