"""The sandbox behind eval'd data, domains, contexts and server actions (no database)."""
from __future__ import annotations

import datetime

import pytest

from framework.exceptions import UserError
from framework.tools import safe_eval as safe_eval_module
from framework.tools.safe_eval import UnsafeExpressionError, const_eval, safe_eval, wrap_module
from framework.tools.safe_eval import test_python_expr as check_python_expr

# -- what is allowed ----------------------------------------------------------------------------

def test_literals_operators_and_comprehensions():
    assert safe_eval("[x * 2 for x in range(3) if x] + [{'a': 1}['a']]") == [2, 4, 1]


def test_names_come_from_the_given_context():
    assert safe_eval("ref('x') + offset", {"ref": lambda name: 40, "offset": 2}) == 42


def test_domains_and_contexts_evaluate_to_python_values():
    assert safe_eval("[('company_id', 'in', company_ids)]", {"company_ids": [1, 2]}) == \
        [("company_id", "in", [1, 2])]


def test_wrapped_modules_expose_their_listed_attributes():
    value = safe_eval("datetime.date(2024, 1, 31) + relativedelta(months=1)",
                      {"datetime": safe_eval_module.datetime,
                       "relativedelta": safe_eval_module.relativedelta})
    assert value == datetime.date(2024, 2, 29)


def test_date_methods_that_import_internally_work():
    # date.today(), strftime and strptime import time/_strptime from C: as data files'
    # "(DateTime.today() + relativedelta(days=5)).strftime('%Y-%m-%d')" do
    names = {"datetime": safe_eval_module.datetime, "time": safe_eval_module.time,
             "DateTime": datetime.datetime, "relativedelta": safe_eval_module.relativedelta}
    assert safe_eval("datetime.date.today()", names) == datetime.date.today()
    assert safe_eval("(DateTime.today() + relativedelta(days=1)).strftime('%Y')", names) == \
        (datetime.datetime.today() + datetime.timedelta(days=1)).strftime("%Y")
    assert safe_eval("datetime.datetime.strptime('2024-03-05', '%Y-%m-%d').month", names) == 3
    assert safe_eval("time.strptime('2024', '%Y').tm_year", names) == 2024


def test_the_internal_import_serves_no_other_module():
    importer = safe_eval_module._BUILTINS["__import__"]
    with pytest.raises(ImportError, match="'os' cannot be imported from a safe_eval context"):
        importer("os")
    with pytest.raises(UnsafeExpressionError):
        safe_eval("__import__('time')")


def test_exec_mode_assignments_come_back_with_nocopy():
    context = {"records": [3, 4]}
    safe_eval("total = 0\nfor r in records:\n    total += r\naction = {'total': total}",
              context, mode="exec", nocopy=True)
    assert context["action"] == {"total": 7}


def test_exec_mode_without_nocopy_leaves_the_caller_dict_alone():
    context = {}
    safe_eval("x = 1", context, mode="exec")
    assert "x" not in context


def test_functions_lambdas_and_try_are_allowed_in_exec():
    context = {}
    safe_eval("def double(v):\n    return v * 2\ntry:\n    r = list(map(lambda v: double(v), [1]))\n"
              "except Exception:\n    r = None", context, mode="exec", nocopy=True)
    assert context["r"] == [2]


def test_string_format_with_plain_fields_works():
    assert safe_eval("'{0}-{name}'.format(1, name='x')") == "1-x"


def test_user_errors_raised_by_the_code_keep_their_type():
    with pytest.raises(UserError, match="nope"):
        safe_eval("raise UserError('nope')", {"UserError": UserError}, mode="exec")


def test_other_errors_become_value_errors_naming_the_text():
    with pytest.raises(ValueError, match=r"NameError: name 'undefined' is not defined while evaluating"):
        safe_eval("undefined + 1")


def test_const_eval_reads_literals_only():
    assert const_eval("{'a': [1, 2.5, None]}") == {"a": [1, 2.5, None]}
    with pytest.raises(UnsafeExpressionError):
        const_eval("a + 1")


# -- escape attempts ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, refused", [
    ("().__class__.__bases__[0].__subclasses__()", "'__subclasses__'"),
    ("(lambda: 0).__globals__", "'__globals__'"),
    ("ref.__self__", "'__self__'"),
    ("[c for c in ().__class__.__mro__]", "'__mro__'"),
    ("(x for x in ()).gi_frame.f_globals", "'f_globals'"),
    ("(x for x in ()).gi_frame", "'gi_frame'"),
    ("__import__('os')", "'__import__'"),
    ("__builtins__", "'__builtins__'"),
    ("int.mro()", "'mro'"),
])
def test_dunder_and_frame_names_are_refused(text, refused):
    with pytest.raises(UnsafeExpressionError, match=refused):
        safe_eval(text, {"ref": lambda x: x})


@pytest.mark.parametrize("text, construct", [
    ("import os", "import"),
    ("from os import path", "import"),
    ("class A: pass", "class definitions"),
    ("with open('x') as f: pass", "'with' blocks"),
    ("global x", "'global'"),
    ("del x", "'del'"),
    ("record.name = 'x'", "assigning the attribute 'name'"),
    ("assert False", "'assert'"),
])
def test_statements_outside_the_whitelist_are_refused(text, construct):
    with pytest.raises(UnsafeExpressionError, match=construct):
        safe_eval(text, {"x": 1, "record": object()}, mode="exec")


def test_builtins_outside_the_list_do_not_exist():
    for name in ("open", "getattr", "eval", "exec", "compile", "type", "vars", "globals"):
        with pytest.raises(ValueError, match=f"name '{name}' is not defined"):
            safe_eval(f"{name}('x')")


def test_format_strings_cannot_reach_attributes():
    with pytest.raises(UnsafeExpressionError, match="'__class__' in the format field"):
        safe_eval("'{0.__class__}'.format(1)")
    with pytest.raises(UnsafeExpressionError, match="format field"):
        safe_eval("'{r._private}'.format_map({'r': 1})")


def test_modules_are_refused_in_the_context_unless_wrapped():
    import os
    with pytest.raises(TypeError, match="wrap it with wrap_module"):
        safe_eval("os.getcwd()", {"os": os})
    wrapped = wrap_module(os.path, ["join"])
    assert safe_eval("p.join('a', 'b')", {"p": wrapped}) == "a/b"
    with pytest.raises(ValueError, match="has no attribute 'exists'"):
        safe_eval("p.exists('/')", {"p": wrapped})


def test_code_objects_are_refused():
    with pytest.raises(TypeError, match="code objects"):
        safe_eval(compile("1", "<x>", "eval"))


def test_test_python_expr_explains_or_returns_false():
    assert check_python_expr("a = 1", mode="exec") is False
    assert "import" in check_python_expr("import os", mode="exec")
    assert check_python_expr("a = ", mode="exec")


def test_odoo_alias_reaches_the_same_function():
    from framework import compat
    with compat.installed([]):
        from odoo.tools import safe_eval as module  # a submodule, as in Odoo 17
        assert module.safe_eval is safe_eval
