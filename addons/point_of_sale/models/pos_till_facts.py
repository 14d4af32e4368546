"""What the order sync reads of a till, kept for the process between calls.

Every ``create_from_ui`` call of a till reads the same things: its currency (through its
journal and company), the currency's rounding, its payment methods and which of them are
terminals, its cash rounding and invoicing settings, its two sequences (orders and lines),
the company's tax rounding method and country (the tax engine's), the user's company.
``till_facts`` reads them once per process, user and allowed companies, and puts them in
each later call's transaction cache, so a call of one order reads none of them again.

They are kept in the registry's shared cache: a change of what they come from (the till's
fields in ``CONFIG_FIELDS``, a method, a journal's currency, a sequence's format, the
country of a company's partner, a country's code; a company's currency, tax settings and
country, a currency's rounding and a user's company drop it through ``forget_plans`` and
the users' own signaling) drops it in every process, through the shared cache's
signaling, at that change's commit (``pos_till_facts_signal.py``).
"""
from __future__ import annotations

_KEY = "point_of_sale.sync till"
_SESSIONS_KEY = "point_of_sale.sync sessions"
_SEEDED_KEY = "point_of_sale.sync till seeded"
#: what is kept of a session: fields it never changes
SESSION_FIELDS = ("config_id", "company_id")
#: fields of pos.config the facts come from
CONFIG_FIELDS = frozenset({"journal_id", "company_id", "currency_id", "payment_method_ids",
                           "cash_rounding", "rounding_method", "module_account", "sequence_id",
                           "sequence_line_id"})
#: what is read of the till itself
TILL_FIELDS = ("currency_id", "payment_method_ids", "cash_rounding", "rounding_method",
               "module_account", "sequence_id", "sequence_line_id")
#: what is read of the till's currency
CURRENCY_FIELDS = ("rounding", "decimal_places")
#: what the tax engine reads of the company
COMPANY_FIELDS = ("currency_id", "tax_calculation_rounding_method", "country_code")
#: what numbering reads of the till's sequences
SEQUENCE_FIELDS = ("implementation", "prefix", "suffix", "padding", "use_date_range", "number_increment")


class TillFacts:
    """One till's facts: cache values of its currency, company and methods, as a call of
    this user reads them, and its methods' ids."""

    __slots__ = ("cached", "method_ids", "numbering", "terminal_ids")

    def __init__(self, config) -> None:
        currency, company, user = config.currency_id, config.company_id, config.env.user
        sequences = config.sequence_id | config.sequence_line_id
        # as the payments' check reads them (the user's record rules applied)
        methods = config.payment_method_ids
        self.method_ids = frozenset(methods.ids)
        self.terminal_ids = frozenset(methods.filtered("use_payment_terminal").ids)
        #: the ids of the till's order and line sequences (None when missing)
        self.numbering = (config.sequence_id.id or None, config.sequence_line_id.id or None)
        wanted = [(config, name) for name in TILL_FIELDS] + [(user, "company_id")]
        wanted += [(company, name) for name in COMPANY_FIELDS]
        wanted += [(currency, name) for name in CURRENCY_FIELDS]
        wanted += [(sequence, name) for sequence in sequences for name in SEQUENCE_FIELDS]
        wanted += [(method, "active") for method in methods]
        for record, name in wanted:
            record[name]                    # read as this user reads them
        cache = config.env.transaction.cache
        #: ``(field, id, cache value)`` put back in each transaction's cache (the fields
        #: are the registry's, as is the shared cache that keeps the facts)
        self.cached = tuple((record._fields[name], record.id, cache[record._fields[name]][record.id])
                            for record, name in wanted
                            if record and record.id in cache.get(record._fields[name], ()))

    def seed(self, env) -> None:
        """Put the till's cache values in ``env``'s transaction cache (where it has none)."""
        cache = env.transaction.cache
        for field, record_id, value in self.cached:
            cache[field].setdefault(record_id, value)


def till_facts(config) -> TillFacts:
    """The facts of till ``config`` (one record), made once per process, user and allowed
    companies, and seeded in this transaction's cache."""
    env = config.env
    key = (_KEY, config.id, *_user_key(env))
    facts = env.registry.cached(env.transaction, key, lambda: TillFacts(config))
    _seed_once(env, key, facts)
    return facts


def _seed_once(env, key: tuple, facts: TillFacts) -> None:
    """``facts.seed(env)`` once per transaction (a call asks several times)."""
    seeded = env.transaction.memo.setdefault(_SEEDED_KEY, {})
    if seeded.get(key) is not facts:
        facts.seed(env)
        seeded[key] = facts


def seed_sessions(sessions) -> None:
    """Put each session's till and company (a session never changes them) in this
    transaction's cache, from what the process read of them for this user and companies."""
    env = sessions.env
    known = env.registry.cached(env.transaction, (_SESSIONS_KEY, *_user_key(env)), dict)
    missing = sessions.browse([i for i in sessions._ids if i not in known])
    if missing:
        missing.mapped("config_id")         # read as this user may
        cache = env.transaction.cache
        values = [cache.get(sessions._fields[name], {}) for name in SESSION_FIELDS]
        known.update({i: tuple(column[i] for column in values) for i in missing._ids
                      if all(i in column for column in values)})
    cache = env.transaction.cache
    for index, name in enumerate(SESSION_FIELDS):
        column = cache[sessions._fields[name]]
        for session_id in sessions._ids:
            if session_id in known:
                column.setdefault(session_id, known[session_id][index])


def known_numbering(sessions) -> dict:
    """``{session id: (order sequence id, line sequence id)}`` of the sessions whose till
    and its facts the process knows already for this user, without a query (the others
    are missing); those tills' facts are seeded in this transaction."""
    env = sessions.env
    user = _user_key(env)
    store = env.registry.shared_store(env.transaction)
    known = store.get((_SESSIONS_KEY, *user)) or {}
    numbering = {}
    for session_id in sessions._ids:
        config_id = known[session_id][0] if session_id in known else None
        key = (_KEY, config_id, *user)
        facts = store.get(key) if isinstance(config_id, int) else None
        if facts is not None:
            _seed_once(env, key, facts)
            numbering[session_id] = facts.numbering
    return numbering


def known_companies(sessions) -> set:
    """The companies of the sessions, when the process knows them all already for this
    user (else the empty set): no query."""
    env = sessions.env
    known = env.registry.shared_store(env.transaction).get((_SESSIONS_KEY, *_user_key(env))) or {}
    index = SESSION_FIELDS.index("company_id")
    if not all(session_id in known for session_id in sessions._ids):
        return set()
    return {known[session_id][index] for session_id in sessions._ids}


def _user_key(env) -> tuple:
    companies = env.context.get("allowed_company_ids")
    return env.uid, env.su, tuple(companies) if isinstance(companies, list) else companies


def forget_tills(env) -> None:
    """What the tills' facts come from changed: drop them (in every process at commit)."""
    env.registry.shared_cache_changed(env.transaction)
