"""Field types and field parameters: what is stored, what comes back, what is refused."""
from __future__ import annotations

import datetime

import pytest

from framework import exceptions
from tests.support.orm import db_rows


def make_typed(env, **values):
    record = env["test.typed"].create(values)
    env.invalidate_all()                   # the values below come from the table, not the cache
    return record


# -- types --------------------------------------------------------------------------------------

def test_char_keeps_text_and_cuts_at_size(env):
    record = make_typed(env, name="x" * 20)
    assert record.name == "x" * 16
    assert db_rows(env, "SELECT character_maximum_length FROM information_schema.columns "
                        "WHERE table_name = 'test_typed' AND column_name = 'name'") == [(16,)]


def test_text_and_html_store_strings(env):
    record = make_typed(env, text="line 1\nline 2", html="<p>hello</p>")
    assert (record.text, record.html) == ("line 1\nline 2", "<p>hello</p>")


def test_html_is_sanitized_on_write_unless_told_not_to(env):
    record = make_typed(env, html='<p onclick="steal()">hi</p><script>alert(1)</script>')
    assert record.html == "<p>hi</p>"
    record.html = '<a href="javascript:x()">l</a>'
    env.invalidate_all()
    assert record.html == "<a>l</a>"
    assert db_rows(env, "SELECT html FROM test_typed WHERE id = %s", record.id) == [("<a>l</a>",)]
    raw = env["test.typed"]._fields["html"]
    assert env["test.typed"].fields_get(["html"])["html"]["sanitize"] is True
    raw.sanitize = False                           # sanitize=False keeps the text as given
    try:
        record.html = "<script>kept</script>"
        assert record.html == "<script>kept</script>"
    finally:
        raw.sanitize = True


def test_html_values_are_markup_on_records_and_text_on_the_wire(env):
    from markupsafe import Markup
    record = make_typed(env, html="<p>hello</p>")
    assert isinstance(record.html, Markup)
    assert Markup("<div>%s</div>") % record.html == "<div><p>hello</p></div>"     # not escaped
    assert type(record.read(["html"])[0]["html"]) is str
    assert make_typed(env).html is False


def test_integer_stores_ints_and_reads_zero_when_empty(env):
    record = make_typed(env, integer=42)
    empty = make_typed(env)
    assert (record.integer, empty.integer) == (42, 0)


def test_float_rounds_to_its_digits_in_the_database(env):
    record = make_typed(env, float_=1.23456)
    assert record.float_ == 1.235
    assert db_rows(env, "SELECT float_::text FROM test_typed WHERE id = %s", record.id) == [("1.235",)]


def test_float_of_a_new_record_rounds_to_its_digits_too(env):
    # Odoo rounds a float in the cache whatever the record: a compute run on a new record
    # (OCA product_packaging_dimension) reads back the value a saved record would hold
    record = env["test.typed"].new({"float_": 1.23456})
    assert record.float_ == 1.235
    record.float_ = 0.1 * 0.1 * 0.1 * 1000000 / 1000000
    assert record.float_ == 0.001


def test_monetary_names_its_currency_field(env):
    usd = env["res.currency"].search([("name", "=", "USD")])
    record = make_typed(env, amount=12.5, currency_id=usd.id)
    assert (record.amount, record.currency_id) == (12.5, usd)
    assert env["test.typed"].fields_get(["amount"])["amount"]["currency_field"] == "currency_id"


def test_boolean_reads_false_for_null(env):
    record = make_typed(env, flag=True)
    empty = make_typed(env)
    assert (record.flag, empty.flag) == (True, False)
    assert db_rows(env, "SELECT flag FROM test_typed WHERE id = %s", empty.id) == [(None,)]


def test_date_accepts_strings_and_dates_and_returns_dates(env):
    from_string = make_typed(env, day="2024-02-29")
    from_date = make_typed(env, day=datetime.date(2023, 1, 2))
    assert (from_string.day, from_date.day) == (datetime.date(2024, 2, 29), datetime.date(2023, 1, 2))


def test_datetime_is_naive_utc_and_keeps_its_microseconds_as_in_odoo(env):
    aware = datetime.datetime(2024, 5, 1, 14, 0, 0, 123456,
                              tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    record = make_typed(env, moment=aware)
    assert record.moment == datetime.datetime(2024, 5, 1, 12, 0, 0, 123456)
    assert record.read(["moment"])[0]["moment"] == datetime.datetime(2024, 5, 1, 12, 0, 0, 123456)


def test_context_today_and_timestamp_are_in_the_context_or_user_timezone(env):
    from framework.orm import fields
    late = datetime.datetime(2024, 3, 5, 23, 30)                     # UTC
    record = env["test.typed"]
    assert fields.Date.context_today(record.with_context(tz="Asia/Tokyo"), late) == datetime.date(2024, 3, 6)
    assert fields.Date.context_today(record.with_context(tz="UTC"), late) == datetime.date(2024, 3, 5)
    env.user.tz = "Pacific/Auckland"                                 # no tz in the context: the user's
    assert fields.Date.context_today(record, late) == datetime.date(2024, 3, 6)
    assert fields.Datetime.context_timestamp(record, late).hour == 12
    assert fields.Date.context_today(record.with_context(tz="America/New_York"), late) == \
        datetime.date(2024, 3, 5)


def test_date_and_datetime_read_as_python_objects_as_in_odoo(env):
    """Odoo's read() gives date/datetime objects (False when empty); the RPC marshallers
    write them as server-format strings (tests/http)."""
    record = make_typed(env, day="2024-02-29", moment="2024-02-29 13:14:15")
    empty = make_typed(env)
    assert record.read(["day", "moment"]) == [
        {"id": record.id, "day": datetime.date(2024, 2, 29),
         "moment": datetime.datetime(2024, 2, 29, 13, 14, 15)}]
    assert empty.read(["day", "moment"]) == [{"id": empty.id, "day": False, "moment": False}]


def test_selection_from_a_method_gives_its_pairs(env):
    record = make_typed(env, choice="y")
    assert record.choice == "y"
    assert env["test.typed"].fields_get(["choice"])["choice"]["selection"] == [["x", "X"], ["y", "Y"]]


def test_selection_labels_come_from_description_selection(env):
    # Odoo's idiom for a value's label: dict(field._description_selection(env))[value]
    field = env["test.typed"]._fields["choice"]
    assert field._description_selection(env) == [("x", "X"), ("y", "Y")]
    assert dict(env["test.compute"]._fields["typed_choice"]._description_selection(env))["y"] == "Y"


def test_selection_from_a_method_refuses_other_values(env):
    with pytest.raises(ValueError, match=r"Wrong value for test\.typed\.choice: 'z'"):
        env["test.typed"].create({"choice": "z"})


def test_related_selection_takes_its_values_from_the_target_method(env):
    typed = env["test.typed"].create({"choice": "x"})
    record = env["test.compute"].create({"typed_id": typed.id})
    assert env["test.compute"].fields_get(["typed_choice"])["typed_choice"]["selection"] == \
        [["x", "X"], ["y", "Y"]]
    record.typed_choice = "y"
    assert db_rows(env, "SELECT choice FROM test_typed WHERE id = %s", typed.id) == [("y",)]
    with pytest.raises(ValueError, match=r"Wrong value for test\.compute\.typed_choice: 'z'"):
        record.typed_choice = "z"


def test_binary_stores_bytes_and_reads_base64_text(env):
    record = make_typed(env, data=b"aGVsbG8=")
    assert record.data == b"aGVsbG8="
    assert record.read(["data"]) == [{"id": record.id, "data": "aGVsbG8="}]


def test_binary_reads_its_size_with_bin_size(env):
    record = make_typed(env, data=b"aGVsbG8=")
    assert record.with_context(bin_size=True).read(["data"])[0]["data"] == "5.00 bytes"


def test_json_round_trips_structures(env):
    payload = {"a": [1, 2, {"b": None}], "c": "é"}
    record = make_typed(env, payload=payload)
    assert record.payload == payload
    assert db_rows(env, "SELECT jsonb_typeof(payload) FROM test_typed WHERE id = %s", record.id) == \
        [("object",)]


def test_empty_values_read_as_falsy_per_type(env):
    record = make_typed(env)
    assert record.read(["name", "integer", "float_", "flag", "day", "moment", "choice", "data",
                        "payload", "currency_id", "amount"]) == [{
        "id": record.id, "name": False, "integer": 0, "float_": 0.0, "flag": False, "day": False,
        "moment": False, "choice": False, "data": False, "payload": False, "currency_id": False,
        "amount": 0.0}]
    assert (record.name, record.currency_id) == (False, env["res.currency"])


def test_translated_char_keeps_one_value_per_language(env):
    record = make_typed(env, label="hello")
    record.with_context(lang="fr_FR").write({"label": "bonjour"})
    env.invalidate_all()
    assert (record.label, record.with_context(lang="fr_FR").label) == ("hello", "bonjour")
    assert db_rows(env, "SELECT label FROM test_typed WHERE id = %s", record.id) == \
        [({"en_US": "hello", "fr_FR": "bonjour"},)]


# -- wrong values -------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "expected"), [
    ("integer", "abc", "an integer"),
    ("float_", "abc", "a number"),
    ("day", "2024-13-01", "a date"),
    ("moment", "not a date", "a datetime"),
    ("flag", None, None),
])
def test_wrong_scalar_values_name_model_and_field(env, field, value, expected):
    if expected is None:                                  # booleans take anything truthy or not
        assert env["test.typed"].create({field: value})[field] is False
        return
    with pytest.raises(ValueError, match=rf"Wrong value for test\.typed\.{field}: .*{expected}"):
        env["test.typed"].create({field: value})


def test_many2one_refuses_a_record_of_another_model(env):
    tag = env["test.tag"].create({"name": "t"})
    with pytest.raises(ValueError, match=r"Wrong value for test\.order\.partner_id: .*res\.partner"):
        env["test.order"].create({"name": "X", "partner_id": tag})


# -- parameters ---------------------------------------------------------------------------------

def test_required_column_is_not_null_in_the_database(env):
    assert db_rows(env, "SELECT is_nullable FROM information_schema.columns "
                        "WHERE table_name = 'test_tag' AND column_name = 'name'") == [("NO",)]


def test_a_new_required_column_is_filled_before_not_null_without_warning(env, caplog):
    from framework.orm import schema
    env["test.order"].create([{"name": "A"}, {"name": "B"}])
    env.flush_all()
    env.cr.execute("ALTER TABLE test_order DROP COLUMN state")   # as before the addon added it
    new_columns = schema.sync_models(env, ["test.order"])
    schema.fill_new_columns(env, new_columns)
    assert "state" in [field.name for _model, field in new_columns]
    assert not [r for r in caplog.records if "required but has empty values" in r.getMessage()]
    assert db_rows(env, "SELECT DISTINCT state FROM test_order") == [("draft",)]
    assert db_rows(env, "SELECT is_nullable FROM information_schema.columns "
                        "WHERE table_name = 'test_order' AND column_name = 'state'") == [("NO",)]


def test_index_creates_a_database_index(env):
    indexes = {row[0] for row in db_rows(
        env, "SELECT indexname FROM pg_indexes WHERE tablename = 'test_compute'")}
    assert "test_compute__sequence_index" in indexes
    assert "test_compute__note_index" not in indexes


def test_string_and_help_appear_in_fields_get(env):
    description = env["test.compute"].fields_get(["name", "partner_city"], ["string", "help"])
    assert description == {"name": {"string": "Name", "help": "Shown in lists"},
                           "partner_city": {"string": "City"}}     # no empty help, as Odoo


def test_fields_get_uses_odoo_keys(env):
    description = env["test.order"].fields_get()
    assert {"type", "string", "required", "readonly", "store", "sortable", "searchable",
            "depends", "name", "default_export_compatible", "translate"} <= set(description["name"])
    assert "groupable" not in description["name"]            # a key of Odoo 17.2+, not 17.0
    assert description["partner_id"]["relation"] == "res.partner"
    assert description["line_ids"]["relation_field"] == "order_id"
    assert description["amount_total"]["depends"] == ["line_ids.subtotal"]
    assert description["amount_total"]["digits"] == [16, 2]
    assert description["partner_city"]["related"] == "partner_id.city"
    assert "group_operator" not in description["sequence"]    # Odoo sums no sequence
    assert description["amount_doubled"]["store"] is False


def test_fields_get_reports_many2one_domains(env):
    assert env["test.compute"].fields_get(["partner_id"])["partner_id"]["domain"] == \
        [("is_company", "=", True)]


def test_fields_get_hides_fields_of_other_groups(env):
    public_user = 3
    assert "secret" not in env["test.compute"].with_user(public_user).fields_get()
    assert "secret" in env["test.compute"].with_user(2).fields_get()


def test_reading_a_field_of_other_groups_is_refused(env):
    record = env["test.compute"].create({"secret": "s"})
    user = env["res.users"].create({"name": "Plain", "login": "plain-internal",
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
    with pytest.raises(exceptions.AccessError, match=r"""["']secret["'] .*\(test\.compute\)"""):
        record.with_user(user).read(["secret"])
    assert "secret" not in record.with_user(user).read()[0]


def test_readonly_only_concerns_the_client(env):
    order = env["test.order"].create({"name": "RO"})
    assert env["test.order"].fields_get(["create_uid"])["create_uid"]["readonly"] is True
    order.write({"trace": "x"})            # a plain field written by code, readonly or not
    assert order.trace == "x"


def test_store_false_fields_have_no_column(env):
    columns = {row[0] for row in db_rows(
        env, "SELECT column_name FROM information_schema.columns WHERE table_name = 'test_order'")}
    assert {"amount_total", "partner_city"} <= columns
    assert not {"amount_doubled", "partner_email", "display_name", "line_ids"} & columns


def test_digits_zero_makes_an_unbounded_numeric_column(env):
    env.cr.execute("SELECT data_type FROM information_schema.columns "
                   "WHERE table_name = 'test_editable' AND column_name = 'ratio'")
    assert env.cr.fetchone()[0] == "numeric"
    record = env["test.editable"].create({"ratio": 123456.123456789})
    record.invalidate_recordset()
    assert record.ratio == 123456.123456789 and isinstance(record.ratio, float)
    assert env["test.editable"].fields_get(["ratio"], ["digits"]) == {"ratio": {"digits": 0}}


def test_float_class_offers_the_float_utils_helpers(env):
    from framework.orm import fields
    assert fields.Float.round(2.675, precision_digits=2) == 2.68
    assert fields.Float.is_zero(0.004, precision_rounding=0.01)
    assert fields.Float.compare(1.0, 1.004, precision_digits=2) == 0
    assert fields.Monetary.compare(2.0, 1.0, precision_rounding=0.01) == 1


def test_float_without_digits_keeps_floats_and_converts_the_rest(env):
    """The cache converter of a float without digits hands a float back as it is; an int,
    a numeric text or an empty value is converted, anything else refused."""
    line = env["test.order.line"]
    convert = line._fields["price"].cache_converter(line)
    value = 0.1 + 0.2
    assert convert(value) is value
    assert [convert(v) for v in (2, "1.5", False, None)] == [2.0, 1.5, 0.0, 0.0]
    assert type(convert(2)) is float
    for bad in (True, "abc", [1]):
        with pytest.raises(ValueError):
            convert(bad)
    rounded = env["test.typed"]._fields["float_"].cache_converter(env["test.typed"])
    assert (rounded(1.23456), rounded(1.23456), rounded(2)) == (1.235, 1.235, 2.0)


def test_float_digits_keep_the_decimal_the_column_stores(env):
    """A rounded float is the double nearest its decimal (33.23, not 33.230000000000004): the
    numeric column keeps that decimal, as Odoo writes it, and a search for it finds it."""
    record = env["test.typed"].create({"float_": 33.2304})
    assert record.float_ == 33.23
    assert db_rows(env, "SELECT float_::text FROM test_typed WHERE id = %s", record.id) == [("33.23",)]
    assert env["test.typed"].search([("id", "=", record.id), ("float_", "=", 33.23)]) == record
