"""export_data / load on the ORM: who may export, many2many cells, boolean and date cells."""
from __future__ import annotations

import pytest

from framework.exceptions import UserError


def test_export_needs_the_export_group(env):
    user = env["res.users"].create({"name": "Exporter", "login": "exporter_t",
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
    partners = env["res.partner"].with_user(user).search([], limit=1)
    with pytest.raises(UserError):
        partners.export_data(["name"])
    user.groups_id = [(4, env.ref("base.group_allow_export").id)]
    assert partners.export_data(["name"])["datas"][0][0] == partners.name


def test_many2many_is_one_cell_of_names_or_external_ids(env):
    tags = env["res.partner.category"].create([{"name": "Alpha"}, {"name": "Beta"}])
    partner = env["res.partner"].create({"name": "Tagged", "category_id": [(6, 0, tags.ids)]})
    assert partner.export_data(["category_id"])["datas"] == [["Alpha,Beta"]]
    [[cell]] = partner.export_data(["category_id/id"])["datas"]
    assert [xmlid.split(".")[0] for xmlid in cell.split(",")] == ["__export__", "__export__"]
    answer = env["res.partner"].load(["name", "category_id/id"], [["Retagged", cell]])
    assert env["res.partner"].browse(answer["ids"]).category_id == tags


def test_load_reads_booleans_dates_and_selection_values(env):
    answer = env["res.partner"].load(["name", "is_company", "date", "type"],
                                     [["Cells", "yes", "2024-02-29", "delivery"]])
    partner = env["res.partner"].browse(answer["ids"])
    assert (partner.is_company, str(partner.date), partner.type) == (True, "2024-02-29", "delivery")
    answer = env["res.partner"].load(["name", "date"], [["Bad date", "29/02/2024x"]])
    assert answer["ids"] is False and answer["messages"][0]["field"] == "date"
