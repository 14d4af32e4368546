from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user


class TestMailCommon(MailCommon):

    def test_mail_new_test_user_has_an_email(self):
        user = mail_new_test_user(self.env, login="bert")
        self.assertEqual(user.email, "bert.bert@example.com")
        self.assertTrue(user.has_group("base.group_user"))
        self.assertEqual(self.partner_employee.email, "employee.employee@example.com")

    def test_activity_on_a_document_without_chatter(self):
        partner = self.env["res.partner"].create({"name": "Customer"})
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": partner.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.user_employee.id})
        self.assertEqual(activity.res_name, "Customer")
        self.assertEqual(activity.state, "today")        # created directly: due today
        self.flush_tracking()
        activity.unlink()
        self.assertFalse(self.env["mail.activity"].search([("res_id", "=", partner.id),
                                                           ("res_model", "=", "res.partner")]))
