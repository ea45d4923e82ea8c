"""The normalization analyzer: exact FD reasoning, explained violations, verified decompositions,
and the data migration that applies them (issue 5).

The FD engine works on a :class:`~core.normalize.relation.Relation` (attributes, FDs, MVDs):
:mod:`~core.normalize.fds` (closure, implication, covers), :mod:`~core.normalize.keys`
(candidate keys, streamed and cancellable), :mod:`~core.normalize.forms` (normal forms),
:mod:`~core.normalize.firstnf` (1NF heuristics), :mod:`~core.normalize.decompose` (3NF
synthesis, BCNF), :mod:`~core.normalize.chase` (lossless join, dependency preservation), and
one entry point, :func:`core.normalize.analysis.analyze`.

On the data model (what the app and the ``normalize`` CLI use):

* :func:`core.normalize.model_bridge.analyze_entity(model, key) <core.normalize.model_bridge.analyze_entity>`
  -> :class:`~core.normalize.analysis.Analysis` (fast enough to run on every FD edit);
* :func:`core.normalize.plan.plan_decomposition(model, key, kind="3nf"|"bcnf", names=None)
  <core.normalize.plan.plan_decomposition>` -> :class:`~core.normalize.plan.DecompositionPlan`
  (the new entities, links, verdicts, warnings and the model after; a preview);
* :func:`core.normalize.apply.apply_decomposition(model, key, kind, names)
  <core.normalize.apply.apply_decomposition>` -> an undoable :class:`~core.commands.Command`;
* :func:`core.normalize.migrate.migration_sql(plan) <core.normalize.migrate.migration_sql>` ->
  the PostgreSQL migration that moves the existing data, with FD checks.
"""
