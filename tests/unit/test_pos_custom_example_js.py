"""The browser module of pos_custom_example, run by Node on a store shaped as the POS app's:
``setup(pos)`` registers the note templates of the payload and its helpers work."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

MODULE = Path(__file__).resolve().parents[2] / "addons/pos_custom_example/static/src/pos_custom_example.js"

SCRIPT = """
const { setup } = await import(%s);
const pos = { data: %s };
setup(pos);
const order = {};
pos.toggleNoteTemplate(order, 7);
pos.toggleNoteTemplate(order, 3);
const afterTwo = [...order.note_template_ids];
pos.toggleNoteTemplate(order, 7);
let unknown = null;
try { pos.toggleNoteTemplate(order, 99); } catch (error) { unknown = error.message; }
console.log(JSON.stringify({
    names: pos.noteTemplates.map((t) => t.name), use: pos.useNoteTemplates, afterTwo,
    ids: order.note_template_ids, lines: pos.orderNoteLines(order), unknown }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed (./dev setup needs npm, so node)")
def test_setup_registers_the_templates_in_the_store():
    templates = [{"id": 7, "name": "No ice", "sequence": 3}, {"id": 3, "name": "Take away", "sequence": 1}]
    payload = {"pos.config": {"use_note_templates": True}, "pos.order.note.template": templates,
               "note_templates_by_id": {str(t["id"]): t for t in templates}}
    script = SCRIPT % (json.dumps(MODULE.as_uri()), json.dumps(payload))
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                          timeout=30, check=True)
    answer = json.loads(done.stdout)
    assert answer == {"names": ["Take away", "No ice"], "use": True, "afterTwo": [7, 3], "ids": [3],
                      "lines": ["Take away"], "unknown": "Unknown note template 99: reload the Point of Sale."}
