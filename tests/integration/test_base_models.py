"""Base's own models: groups implying groups, companies, module categories."""
from __future__ import annotations


# -- res.groups ---------------------------------------------------------------------------------

def test_a_group_implying_two_chains_implies_both_transitively(env):
    Groups = env["res.groups"]
    leaf_b, leaf_c = Groups.create([{"name": "Leaf B"}, {"name": "Leaf C"}])
    mid_b = Groups.create({"name": "Mid B", "implied_ids": [(4, leaf_b.id)]})
    mid_c = Groups.create({"name": "Mid C", "implied_ids": [(4, leaf_c.id)]})
    top = Groups.create({"name": "Top", "implied_ids": [(6, 0, (mid_b | mid_c).ids)]})
    assert top.trans_implied_ids == mid_b | mid_c | leaf_b | leaf_c
    user = env["res.users"].create({"name": "Gina", "login": "gina",
                                    "groups_id": [(6, 0, top.ids)]})
    assert (top | mid_b | mid_c | leaf_b | leaf_c) <= user.groups_id
