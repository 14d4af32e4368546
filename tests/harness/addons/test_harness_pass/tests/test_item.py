from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged, users
from odoo.tests.common import SingleTransactionCase, TransactionCase


class TestItem(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Ann"})
        cls.item = cls.env["test.harness.item"].create({"name": "shared"})
        new_test_user(cls.env, login="harness_user", groups="base.group_user")

    def test_create_sees_class_data(self):
        self.assertEqual(self.item.name, "shared")
        self.item.name = "changed in a test"

    def test_changes_of_other_tests_are_rolled_back(self):
        self.assertEqual(self.item.name, "shared")

    def test_record_values(self):
        item = self.env["test.harness.item"].create({
            "name": "A", "partner_id": self.partner.id,
            "line_ids": [(0, 0, {"label": "x", "amount": 2.5}), (0, 0, {"label": "y", "amount": 1})]})
        self.assertRecordValues(item, [{"name": "A", "partner_id": self.partner.id, "total": 3.5}])
        self.assertEqual(len(item.line_ids), 2)

    def test_user_error_keeps_the_cursor_usable(self):
        self.item.action_done()
        with self.assertRaises(UserError):
            self.item.action_done()
        self.assertEqual(self.item.state, "done")

    def test_assert_raises_undoes_what_the_failed_block_wrote(self):
        items = self.env["test.harness.item"]
        with self.assertRaises(UserError):
            items.create({"name": "made before the error"})
            self.item.name = "renamed before the error"
            self.item.action_done()
            self.item.action_done()
        self.assertFalse(items.search([("name", "=", "made before the error")]))
        self.assertEqual((self.item.name, self.item.state), ("shared", "draft"))
        self.env.flush_all()        # nothing of the block is left to write
        self.env.invalidate_all()
        self.assertEqual(self.item.name, "shared")

    def test_query_count(self):
        self.item.name
        with self.assertQueryCount(0):
            self.item.name

    @users("harness_user")
    def test_as_user(self):
        self.assertEqual(self.env.user.login, "harness_user")
        self.env["test.harness.item"].create({"name": "by user"})


@tagged("-standard", "slow")
class TestNotStandard(TransactionCase):

    def test_only_when_asked(self):
        self.assertTrue(True)


class TestSingle(SingleTransactionCase):

    def test_1_create(self):
        self.env["test.harness.item"].create({"name": "single"})

    def test_2_still_there(self):
        self.assertEqual(self.env["test.harness.item"].search_count([("name", "=", "single")]), 1)
