"""The per-database model registry: assembles definitions into registry classes and sets up fields.

Order of work, each step a method: ``build_model`` for every definition class in addon
load order, then ``setup_models`` (fields merged along the MRO, relational and related
fields resolved, dependencies turned into recompute triggers). The registry does not
touch the database schema (``schema``) nor load addons (``modules.registry_loader``); its
process-wide cache and the signaling between processes are in ``shared_cache``.

Odoo 17's entry points over these steps are here too, as thin wrappers, because test
helpers call them to add models to a loaded registry (``odoo_test_helper.FakeModelLoader``):
``load(cr, package)`` builds one addon's classes, ``setup_models(cr)`` sets everything up
again, ``init_models(cr, names, context)`` brings their tables and reflection in line; the
loader runs the same three. ``reset_changes`` (a test class's cleanup) sets the models up
once more after a test changed them; ``signal_changes`` tells the other processes.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ..db.test_cursor import TestCursor
from ..logging_setup import odoo_logger_name
from ..tools.misc import LastOrderedSet, OrderedSet
from . import api, custom_models, model_reflection, schema
from . import fields as fields_module
from .fields import Field
from .models import LOG_ACCESS_COLUMNS, MetaModel
from .shared_cache import _BUMP_REGISTRY_SEQUENCE, SharedCacheMixin

_logger = logging.getLogger(odoo_logger_name(__name__))


class RegistryError(Exception):
    """A model definition cannot be assembled (unknown parent, bad field...)."""


class _ClassOrInstanceGet:
    """``get`` of the registry, which has two callers: ``Registry.get(db_name)`` (on the
    class) is the loaded registry of a database; ``registry.get(model_name, default=None)``
    (on one, as on Odoo's registry, a mapping of model names: ``self.pool.get('x')``) is the
    model class or ``default``."""

    def __get__(self, registry, owner):
        return owner._loaded if registry is None else registry._model_get


class Registry(SharedCacheMixin):
    """Models of one database, keyed by name: ``registry['res.partner']``.

    Its process-wide cache (``cached``, ``shared_cache_changed``, ``check_signaling``) comes
    from :class:`~framework.orm.shared_cache.SharedCacheMixin`.
    """

    registries: dict[str, Registry] = {}       # loaded databases (Odoo keeps the same map)
    _lock = threading.RLock()

    def __init__(self, db_name: str, database=None) -> None:
        super().__init__()
        self.db_name = db_name
        self.database = database                 # framework.sql_db.Database
        self.models: dict[str, type] = {}
        self.field_triggers: dict = defaultdict(list)   # field -> [(target field, path)]
        self.loaded_modules: list[str] = []
        self.loaded_xmlids: set[str] = set()     # external ids (re)loaded by this run of the loader
        self.ready = False
        self.config = None
        self.test_cr = None                      # HttpCase's cursor, in test mode (enter_test_mode)
        self._test_lock: threading.RLock | None = None

    @classmethod
    def _loaded(cls, db_name: str) -> Registry:
        try:
            return cls.registries[db_name]
        except KeyError:
            raise KeyError(f"database {db_name!r} has no loaded registry; start it with framework."
                           f"modules.registry_loader.load_registry({db_name!r})") from None

    def _model_get(self, model_name: str, default=None):
        return self.models.get(model_name, default)

    get = _ClassOrInstanceGet()

    def __getitem__(self, model_name: str):
        return self.models[model_name]

    def __contains__(self, model_name: str) -> bool:
        return model_name in self.models

    def __iter__(self):
        return iter(self.models)

    def cursor(self, isolation: str = "REPEATABLE READ"):
        """A new cursor on this database (``with registry.cursor() as cr:`` commits at the end);
        in test mode, a savepoint in the test's transaction instead."""
        if self.test_cr is not None:
            return TestCursor(self.test_cr, self._test_lock)
        return self.database.cursor(isolation)

    # -- test mode -----------------------------------------------------------------------------

    def enter_test_mode(self, cr) -> None:
        """Every cursor of this registry becomes a savepoint in ``cr``'s transaction (HttpCase:
        the server's requests see the test's data, and everything is rolled back with it)."""
        if self.test_cr is not None:
            raise RuntimeError(f"registry {self.db_name!r} is already in test mode; "
                               "call leave_test_mode() first")
        self.test_cr = cr
        self._test_lock = threading.RLock()

    def leave_test_mode(self) -> None:
        if self.test_cr is None:
            raise RuntimeError(f"registry {self.db_name!r} is not in test mode")
        self.test_cr = self._test_lock = None

    def in_test_mode(self) -> bool:
        """Whether one test cursor serves every cursor (no signaling with other processes)."""
        return self.test_cr is not None

    # -- changes: Odoo 17's signal_changes / reset_changes -------------------------------------

    def signal_changes(self) -> None:
        """Tell the other processes what this thread changed, and forget the flags.

        Changed models (``registry_invalidated``) bump ``base_registry_signaling`` now: the
        other processes load their registry again. Cleared caches (``cache_invalidated``)
        are told by the commit of the next transaction's flush (``clear_cache``), never
        earlier, so that no process caches again what the uncommitted change replaces.
        In test mode nothing leaves the process.
        """
        if self.registry_invalidated and not self.in_test_mode():
            _logger.info("registry of %s changed: signaling it through the database", self.db_name)
            with self.cursor() as cr:
                cr.execute(_BUMP_REGISTRY_SEQUENCE)
                self.registry_sequence = cr.fetchone()[0]
        self.registry_invalidated = False
        self.cache_invalidated.clear()

    def reset_changes(self) -> None:
        """Undo this thread's changes instead of telling them: models set up again from
        their classes (after a test added or changed some), caches dropped again."""
        if self.registry_invalidated:
            with contextlib.closing(self.cursor()) as cr:
                self.setup_models(cr)
            self.registry_invalidated = False
        if self.cache_invalidated:
            self.cancel_cache_changes()

    @contextlib.contextmanager
    def manage_changes(self) -> Iterator[Registry]:
        """``with registry.manage_changes():`` signals the changes made in the block, or
        resets them when it raises."""
        try:
            yield self
            self.signal_changes()
        except Exception:
            self.reset_changes()
            raise

    # -- Odoo 17's loading entry points (the loader uses them too) -----------------------------

    def load(self, cr, module) -> OrderedSet:
        """Build the model classes of addon ``module`` (its name, or anything with a ``name``,
        as Odoo's package nodes) from ``MetaModel.module_to_models``; returns the names of
        the models built and of those inheriting from them, for ``init_models``."""
        name = module if isinstance(module, str) else module.name
        self.shared_cache.clear()               # consistency; nothing to tell other processes
        built = [self.build_model(cls)._name for cls in MetaModel.module_to_models.get(name, ())]
        return self.descendants(built, "_inherit", "_inherits")

    def init_models(self, cr, model_names: Iterable[str], context, install: bool = True) -> None:
        """Bring the tables of ``model_names`` in line with their fields (new columns filled)
        and reflect them into ``ir.model``/``ir.model.fields``. ``context['module']`` names
        the addon being loaded, for the log."""
        model_names = [name for name in model_names if name in self.models]
        if not model_names:
            return
        if context.get("module"):
            _logger.debug("module %s: creating or updating database tables", context["module"])
        env = api.Environment(cr, api.SUPERUSER_ID, dict(context))
        new_columns = schema.sync_models(env, model_names)
        schema.fill_new_columns(env, new_columns)
        model_reflection.reflect_models(env, model_names)
        env.flush_all()

    # -- assembling classes --------------------------------------------------------------------

    def build_model(self, cls: type) -> type:
        """Add one definition class; returns the registry class of its model."""
        name, parents = cls._name, list(cls._inherit)
        where = f"addon {cls._module!r}, {_source_file(cls)} (class {cls.__qualname__})"
        if name in parents:
            if name not in self.models:
                raise RegistryError(f"{where}: _inherit of unknown model {name!r} "
                                    f"(is the addon that defines it in 'depends'?)")
            model_class = self.models[name]
        else:
            if name in self.models and self.models[name]._original_module != cls._module:
                _logger.debug("model %s redefined by %s", name, cls._module)
            model_class = type(name, (cls,), {
                "_name": name, "_register": False, "_original_module": cls._module,
                "_inherit_children": OrderedSet(), "_inherits_children": set(),
                "_fields": {}, "pool": self, "__module__": cls.__module__,
                "_is_registry_class": True,
            })
        bases = LastOrderedSet([cls])
        for parent in parents:
            if parent not in self.models:
                raise RegistryError(f"{where}: inherits from unknown model {parent!r} "
                                    f"(is the addon that defines it in 'depends'?)")
            if parent == name:
                for base in model_class.__bases__:
                    bases.add(base)
            else:
                bases.add(self.models[parent])
                self.models[parent]._inherit_children.add(name)
        if name != "base" and "base" in self.models:
            # every model inherits 'base', last (as Odoo adds it to each definition's parents):
            # a later _inherit of mixins on an existing model keeps a consistent MRO
            bases.add(self.models["base"])
        try:
            model_class.__bases__ = tuple(bases)
        except TypeError as exc:
            raise RegistryError(f"{where}: cannot combine the classes of {name!r}: {exc}") from None
        self._set_class_attributes(model_class)
        _propagate_api(model_class)
        self.models[name] = model_class
        return model_class

    def _set_class_attributes(self, model_class: type) -> None:
        """Resolve class attributes every definition may change (table, _inherits...)."""
        name = model_class._name
        model_class._description = _definition_attr(model_class, "_description") or name
        model_class._table = _definition_attr(model_class, "_table") or name.replace(".", "_")
        log_access = _definition_attr(model_class, "_log_access")
        model_class._log_access = model_class._auto if log_access is None else log_access
        inherits: dict = {}
        for klass in reversed(model_class.__mro__):
            inherits.update(klass.__dict__.get("_inherits", {}))
        model_class._inherits = inherits
        for parent_name in inherits:
            if parent_name in self.models:
                self.models[parent_name]._inherits_children.add(name)

    # -- setup ---------------------------------------------------------------------------------

    def setup_models(self, cr=None) -> None:
        """Build every model's fields, then resolve relations, related fields and triggers.

        On a loaded registry (``ready``; ``cr`` needed then), each model's
        ``_unregister_hook`` runs before and ``_register_hook`` after, as Odoo does when it
        sets the models up again. Marks ``registry_invalidated``.
        """
        env = None
        if self.ready:
            if cr is None:
                raise TypeError("setup_models(cr): a loaded registry needs a cursor, to undo and "
                                "redo the models' _register_hook")
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env.flush_all()
            env.invalidate_all()
            for name in list(self.models):
                env[name]._unregister_hook()
        self.shared_cache.clear()               # consistency; nothing to tell other processes
        self.registry_invalidated = True
        # custom models and fields (rows of ir_model...), once base's tables exist
        custom = cr is not None and bool(self.loaded_modules) and "ir.model" in self.models
        if custom:
            custom_models.add_manual_models(self, cr)
        for model_class in self.models.values():
            self._setup_base(model_class)
        if custom:
            custom_models.add_manual_fields(self, cr)
        done: set = set()
        for model_class in self.models.values():
            self._setup_inherits(model_class, done)
        for model_class in self.models.values():
            self._setup_names(model_class)
        for model_class in self.models.values():
            self._setup_relations(model_class)
        for model_class in self.models.values():
            for field in model_class._fields.values():
                if field.related:
                    self._setup_related(model_class, field)
        for model_class in self.models.values():
            self._setup_methods(model_class)
        self._setup_context_keys()
        self._setup_triggers()
        if env is not None:
            env.invalidate_all()
            for name in list(self.models):
                env[name]._register_hook()
            env.flush_all()

    def _setup_base(self, model_class: type) -> None:
        definitions: dict[str, list[Field]] = {}
        modules: dict[str, str | None] = {}
        definers: dict[str, dict] = {}      # the addons defining each field, in load order
        for klass in reversed(model_class.__mro__):
            if klass.__dict__.get("_is_registry_class") or not isinstance(klass, type):
                continue
            for fname, field in klass.__dict__.items():
                if isinstance(field, Field) and fname not in ("id",):
                    if fname not in definitions:
                        modules[fname] = getattr(klass, "_module", None)
                    definitions.setdefault(fname, []).append(field)
                    definers.setdefault(fname, {})[getattr(klass, "_module", None)] = None
        fields: dict[str, Field] = {}
        fields["id"] = fields_module.Id(string="ID").new_for_model(model_class._name, "id", {"string": "ID"})
        for fname, protos in definitions.items():
            args = _merge_args(protos)
            fields[fname] = protos[-1].new_for_model(model_class._name, fname, args)
        # _log_access defaults to _auto; a SQL view (_auto False) may set it to have the
        # create/write columns its query selects, as on Odoo
        if model_class._log_access:
            for fname in LOG_ACCESS_COLUMNS:
                if fname not in fields:
                    proto = (fields_module.Many2one("res.users", string=_LOG_LABELS[fname], readonly=True)
                             if fname.endswith("_uid") else
                             fields_module.Datetime(string=_LOG_LABELS[fname], readonly=True))
                    fields[fname] = proto.new_for_model(model_class._name, fname, proto.args)
        if "display_name" not in fields:
            proto = fields_module.Char(string="Display Name", compute="_compute_display_name",
                                       search="_search_display_name")
            fields["display_name"] = proto.new_for_model(model_class._name, "display_name", proto.args)
        if model_class._parent_store and "parent_path" not in fields:
            proto = fields_module.Char(index=True, unaccent=False)
            fields["parent_path"] = proto.new_for_model(model_class._name, "parent_path", proto.args)
        for fname, field in fields.items():
            field._module = modules.get(fname) or model_class._original_module
            field._modules = tuple(m for m in definers.get(fname, ()) if m) or (field._module,)
            setattr(model_class, fname, field)
        model_class._fields = fields
        if model_class._abstract:
            for field in fields.values():
                field.store = field.store and False
            fields["id"].store = False

    def _setup_names(self, model_class: type) -> None:
        """``_rec_name`` and ``_active_name``, once delegated fields are known."""
        fields = model_class._fields
        rec_name = _definition_attr(model_class, "_rec_name", registry_too=True)
        if not rec_name or rec_name not in fields:
            rec_name = "name" if "name" in fields else ("x_name" if "x_name" in fields else None)
        model_class._rec_name = rec_name
        active_name = _definition_attr(model_class, "_active_name", registry_too=True)
        model_class._active_name = active_name if active_name else (
            "active" if "active" in fields else ("x_active" if "x_active" in fields else None))

    def _setup_inherits(self, model_class: type, done: set) -> None:
        """Delegated fields: every parent field becomes a related field through the link."""
        if model_class._name in done:
            return
        done.add(model_class._name)
        for parent_name, link in model_class._inherits.items():
            if parent_name not in self.models:
                raise RegistryError(f"{model_class._name}: _inherits of unknown model {parent_name!r}")
            self._setup_inherits(self.models[parent_name], done)
            link_field = model_class._fields.get(link)
            if link_field is None:
                raise RegistryError(f"{model_class._name}: _inherits needs a Many2one field {link!r}")
            link_field.required, link_field.ondelete, link_field.auto_join = True, "cascade", True
            link_field.delegate = True
            for fname, pfield in self.models[parent_name]._fields.items():
                if fname in model_class._fields or fname in ("id", *LOG_ACCESS_COLUMNS,
                                                             "display_name", "parent_path"):
                    continue
                args = {"related": f"{link}.{fname}", "related_sudo": False,
                        "readonly": pfield.readonly, "copy": pfield.copy,
                        "string": pfield.string, "help": pfield.help}
                field = type(pfield)(**args)
                field = field.new_for_model(model_class._name, fname, args)
                field.inherited, field.inherited_field = True, pfield
                setattr(model_class, fname, field)
                model_class._fields[fname] = field

    def _setup_relations(self, model_class: type) -> None:
        for field in model_class._fields.values():
            if field.type not in ("many2one", "one2many", "many2many"):
                continue
            if field.related:
                continue
            if field.comodel_name not in self.models:
                raise RegistryError(f"field {field} refers to unknown model {field.comodel_name!r} "
                                    f"(is the addon that defines it in 'depends'?)")
            comodel = self.models[field.comodel_name]
            if field.type == "one2many":
                if field.inverse_name and field.inverse_name not in comodel._fields:
                    raise RegistryError(f"field {field}: inverse field {field.inverse_name!r} "
                                        f"not found on {field.comodel_name}")
                if not field.inverse_name and field.store:
                    raise RegistryError(f"field {field}: a one2many needs an inverse field "
                                        f"(a many2one of {field.comodel_name}) unless it is computed")
            elif field.type == "many2many" and field.store:
                if model_class._abstract:
                    continue
                field.setup_relation(model_class._table, comodel._table)

    def _setup_related(self, model_class: type, field: Field, seen: frozenset = frozenset()) -> None:
        if field._related_fields:
            return
        path = field.related.split(".") if isinstance(field.related, str) else list(field.related)
        model, chain = model_class, []
        for index, name in enumerate(path):
            target = model._fields.get(name)
            if target is None:
                raise RegistryError(f"related field {field} ({'.'.join(path)}): "
                                    f"{model._name} has no field {name!r}")
            if target.related and target not in seen:
                self._setup_related(model, target, seen | {field})
            chain.append(target)
            if index < len(path) - 1:
                if target.type not in ("many2one", "one2many", "many2many"):
                    raise RegistryError(f"related field {field}: {target} is not relational")
                model = self.models[target.comodel_name]
        target = chain[-1]
        if type(target).__name__ != type(field).__name__ and not (
                field.type == target.type):
            raise RegistryError(f"related field {field} has type {field.type} but "
                                f"{target} has type {target.type}")
        field._related_fields = tuple(chain)
        field.depends = (".".join(path),) if not field.args.get("depends") else field.depends
        for attr in ("comodel_name", "selection", "digits", "currency_field", "size",
                     "translate", "inverse_name", "relation", "column1", "column2", "domain",
                     "context", "help", "group_operator", "sanitize", "attachment"):
            if attr not in field.args and hasattr(target, attr):
                setattr(field, attr, getattr(target, attr))
        if "string" not in field.args:
            field.string = target.string
        if "required" not in field.args:
            field.required = False
        field.compute = "_compute_related"
        if not field.readonly or field.inherited:
            field.inverse = "_inverse_related"
        field.search = field.search or "_search_related"

    def _setup_methods(self, model_class: type) -> None:
        constraints, onchanges, ondeletes = [], defaultdict(list), []
        seen = set()
        for klass in model_class.__mro__:
            for attr, func in klass.__dict__.items():
                if attr in seen or not callable(func):
                    continue
                if hasattr(func, "_constrains") or hasattr(func, "_onchange") or hasattr(func, "_ondelete"):
                    seen.add(attr)
                    func = getattr(model_class, attr)
                    if hasattr(func, "_constrains"):
                        constraints.append(func)
                    for fname in getattr(func, "_onchange", ()):
                        onchanges[fname].append(func)
                    if hasattr(func, "_ondelete"):
                        ondeletes.append(func)
        model_class._constraint_methods = constraints
        model_class._onchange_methods = dict(onchanges)
        model_class._ondelete_methods = ondeletes
        for field in model_class._fields.values():
            if field.compute and isinstance(field.compute, str) and not field.related:
                method = getattr(model_class, field.compute, None)
                if method is None:
                    raise RegistryError(f"field {field}: compute method {field.compute!r} not found")
                depends = getattr(method, "_depends", ())
                if callable(depends):
                    # Odoo hands the callable an empty recordset, so an ``@api.model``
                    # helper it calls (``lambda self: self._deps()``) binds as a method
                    depends = depends(model_class._browse(None, (), ()))
                field.depends = tuple(depends) + tuple(field.args.get("depends", ()) or ())
                field.depends_context = tuple(dict.fromkeys(
                    (*(field.args.get("depends_context") or ()),
                     *getattr(method, "_depends_context", ()))))

    def _setup_context_keys(self) -> None:
        """``field.context_keys``: what the cache keys a field's values by, as Odoo's
        ``field_depends_context``: a computed field's ``depends_context``, a related field's
        target's, and ``lang`` for a display name made of a translated field."""
        done: dict = {}

        def keys(field, seen: frozenset) -> tuple:
            if field in done:
                return done[field]
            result: tuple = ()
            if field.store:
                pass            # one value per record, the stored one: no context keys it
            elif field.related and field._related_fields:
                target = field._related_fields[-1]
                if field.args.get("depends_context"):
                    result = tuple(field.args["depends_context"])
                elif target not in seen:
                    result = keys(target, seen | {field})
            elif field.compute:
                result = tuple(field.depends_context)
                if field.name == "display_name" and "lang" not in result:
                    model_class = self.models[field.model_name]
                    rec_field = model_class._fields.get(model_class._rec_name or "")
                    if rec_field is not None and getattr(rec_field, "translate", False):
                        result += ("lang",)
            done[field] = result
            return result

        for model_class in self.models.values():
            for field in model_class._fields.values():
                field.context_keys = keys(field, frozenset())

    def _setup_triggers(self) -> None:
        """Turn every ``depends`` path into triggers: modified field -> (target, reverse path)."""
        self.field_triggers = defaultdict(list)
        for model_class in self.models.values():
            if model_class._abstract:
                continue
            for field in model_class._fields.values():
                for dep in (field.depends if field.compute else ()):
                    self._add_path_triggers(model_class, field, dep)

    def _add_path_triggers(self, model_class: type, target: Field, dep: str) -> None:
        model, path = model_class, []
        for name in dep.split("."):
            field = model._fields.get(name)
            if field is None:
                raise RegistryError(f"field {target} depends on {dep!r}: "
                                    f"{model._name} has no field {name!r}")
            self._add_trigger(field, target, tuple(path))
            if field.type == "one2many" and field.inverse_name:
                inverse = self.models[field.comodel_name]._fields[field.inverse_name]
                self._add_trigger(inverse, target, tuple(path) + (field,))
            if field.type not in ("many2one", "one2many", "many2many"):
                break
            path.append(field)
            model = self.models[field.comodel_name]

    def _add_trigger(self, field: Field, target: Field, path: tuple) -> None:
        entry = (target, path)
        triggers = self.field_triggers[field]
        if entry not in triggers:
            triggers.append(entry)

    # -- helpers -------------------------------------------------------------------------------

    def descendants(self, model_names, *kinds) -> OrderedSet:
        result = OrderedSet()
        todo = list(model_names)
        while todo:
            name = todo.pop()
            if name in result:
                continue
            result.add(name)
            model = self.models[name]
            if "_inherit" in kinds:
                todo.extend(model._inherit_children)
            if "_inherits" in kinds:
                todo.extend(model._inherits_children)
        return result


def _propagate_api(model_class: type) -> None:
    """Overrides written without decorators behave like the methods they override (as in Odoo).

    A ``create`` override without ``@api.model_create_multi`` is the old single-dict form: it is
    wrapped to be called once per dict.
    """
    from . import api
    mro = [k for k in model_class.__mro__ if not k.__dict__.get("_is_registry_class")]
    for index, klass in enumerate(mro):
        for name, method in list(klass.__dict__.items()):
            if not callable(method) or name.startswith("__") or isinstance(method, (type, property)):
                continue
            overridden = next((k.__dict__[name] for k in mro[index + 1:] if name in k.__dict__), None)
            if overridden is None or not callable(overridden):
                continue
            if name == "create" and not hasattr(method, "_api") and \
                    getattr(overridden, "_api", None) == "model_create":
                setattr(klass, name, api.model_create_single(method))
                continue
            api.propagate(overridden, method)


def _source_file(cls: type) -> str:
    import inspect
    try:
        return inspect.getsourcefile(cls) or cls.__module__
    except TypeError:
        return cls.__module__


def _definition_attr(model_class: type, attr: str, registry_too: bool = False):
    """A class attribute as the model's own definitions set it.

    Registry classes of *other* models (parents, ``base``) carry values the registry
    computed for them (``_table``...), which must not leak into this model; with
    ``registry_too`` the values of parents' definitions still apply (prototype inheritance).
    """
    for klass in model_class.__mro__[1:]:
        if klass.__dict__.get("_is_registry_class"):
            continue
        if not registry_too and not any(klass is b or klass in b.__mro__ for b in model_class.__bases__
                                        if not b.__dict__.get("_is_registry_class")):
            continue
        if attr in klass.__dict__ and klass.__dict__[attr] is not None:
            return klass.__dict__[attr]
    return None


_LOG_LABELS = {"create_uid": "Created by", "create_date": "Created on",
               "write_uid": "Last Updated by", "write_date": "Last Updated on"}


def _merge_args(protos: list[Field]) -> dict:
    """Merge the constructor args of every definition of one field, oldest first."""
    args: dict = {}
    field_type = None
    for proto in protos:
        if field_type is not None and type(proto) is not field_type:
            args = {key: value for key, value in args.items()
                    if key in ("string", "help", "required", "readonly", "index", "copy",
                               "groups", "default", "store", "compute", "related")}
        field_type = type(proto)
        new = dict(proto.args)
        if "selection_add" in new:
            args["selection"] = _merge_selection(args.get("selection") or [], new.pop("selection_add"))
            if "ondelete" in new:
                args["ondelete"] = {**(args.get("ondelete") or {}), **new.pop("ondelete")}
        args.update(new)
    return args


def _merge_selection(selection, additions) -> list:
    """``selection_add``: append new pairs, or place them before an existing value."""
    if callable(selection) or isinstance(selection, str):
        raise RegistryError("selection_add needs a selection given as a list")
    values = list(selection)
    for item in additions:
        keys = [pair[0] for pair in values]
        if len(item) == 1:                       # (value,): move an existing value here
            if item[0] in keys:
                values.append(values.pop(keys.index(item[0])))
            continue
        if item[0] in keys:
            values[keys.index(item[0])] = tuple(item)
        else:
            values.append(tuple(item))
    return values
