"""Recompute triggers of the recordset API: what a change of some fields invalidates.

``registry.field_triggers`` maps a field to the computed fields that depend on it, with the
path from one to the other (``Registry._setup_triggers``). ``modified`` follows those paths
backwards from the changed records: stored targets are queued for recomputation
(``Transaction.mark_to_compute``), others are dropped from the cache.
"""
from __future__ import annotations


class TriggerMixin:
    __slots__ = ()

    def modified(self, fnames, create: bool = False, before: bool = False) -> None:
        """Queue or invalidate the computed fields that depend on ``fnames`` of these records.

        ``create``: the records were just inserted, so no many2one can point at them yet and
        those reverse look-ups are skipped. Look-ups are memoised for the whole call.
        """
        if not self._ids:
            return
        registry, transaction = self.env.registry, self.env.transaction
        todo = [(self, [self._fields[n] for n in fnames if n in self._fields], create)]
        seen: set = set()
        # (the superuser environment the targets are searched in is made when one is)
        memo: dict = {}
        while todo:
            records, fields, fresh = todo.pop()
            for field in fields:
                for target, path in registry.field_triggers.get(field, ()):
                    if not target.store and not transaction.has_cached(target) and \
                            not registry.field_triggers.get(target):
                        continue        # nothing cached to drop and nothing further to mark
                    targets = records._trigger_targets(target, path, fresh, memo)
                    if not targets:
                        continue
                    key = (target, targets._ids)
                    if key in seen:
                        continue
                    seen.add(key)
                    if target.store:
                        new = transaction.mark_to_compute(target, targets._ids)
                        if not new:
                            continue
                        targets = targets.browse(new)
                    else:
                        transaction.invalidate([target], targets._ids)
                    todo.append((targets, [target], fresh and not path))

    def _trigger_targets(self, target, path: tuple, create: bool = False, memo: dict | None = None):
        """Records of ``target``'s model reached from these records by ``path`` in reverse."""
        if memo is None:
            memo = {}
        env = memo.get("env")
        if env is None:
            env = memo["env"] = self.env(su=True, context={**self.env.context, "active_test": False})
        transaction = self.env.transaction
        if not path:
            if self._name != target.model_name:
                return env[target.model_name]
            mine = memo.get(("self", self._ids))
            if mine is None:
                mine = memo[("self", self._ids)] = self.with_env(env)
            return mine
        records = self.with_env(env)
        for index, step in enumerate(reversed(path)):
            key = (step, records._ids)
            if key in memo:
                records = memo[key]
            else:
                model = env[step.model_name]
                if step.type == "one2many" and step.inverse_name:
                    model_field = step.reference_model_field(records)
                    if model_field:         # (model, res_id) lines: those of step's model
                        result = model.browse(sorted({
                            line[step.inverse_name] for line in records
                            if line[model_field] == step.model_name and line[step.inverse_name]}))
                    else:
                        result = records.mapped(step.inverse_name)
                elif create and index == 0 and step.type == "many2one":
                    result = model.browse()          # nothing can point at records created just now
                elif step.store and (step.column or step.type == "many2many"):
                    if transaction.tocompute.get(step):
                        transaction.recompute_field(step, self.env)
                    result = model.browse(model._search([(step.name, "in", records.ids)], order=False,
                                                        flush=False)) if records.ids else model
                elif target.store:
                    result = model.browse(model._search([], order=False))
                else:
                    transaction.invalidate([target])
                    return model.browse()
                memo[key] = records = result
            if not records:
                break
        if records._name != target.model_name:
            return env[target.model_name]
        return records
