from odoo.tests import Form, TransactionCase


class TestForm(TransactionCase):

    def test_new_record_gets_defaults_and_onchanges(self):
        partner = self.env["res.partner"].create({"name": "Bob"})
        with Form(self.env["test.harness.item"]) as form:
            self.assertEqual(form.qty, 1)
            form.name = "formed"
            form.partner_id = partner
            self.assertEqual(form.note, "for Bob")
        self.assertRecordValues(form.record, [{"name": "formed", "note": "for Bob", "qty": 1}])

    def test_required_field_is_checked(self):
        form = Form(self.env["test.harness.item"])
        with self.assertRaises(AssertionError):
            form.save()

    def test_one2many_lines(self):
        with Form(self.env["test.harness.item"]) as form:
            form.name = "with lines"
            with form.line_ids.new() as line:
                line.label = "first"
                line.amount = 4
            with form.line_ids.new() as line:
                line.label = "second"
                line.amount = 1
        self.assertEqual(form.record.total, 5)
        with Form(form.record) as form:
            with form.line_ids.edit(0) as line:
                line.amount = 10
            form.line_ids.remove(1)
        self.assertEqual(form.record.line_ids.mapped("label"), ["first"])
        self.assertEqual(form.record.total, 10)
