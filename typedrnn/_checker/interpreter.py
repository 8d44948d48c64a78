"""The shape interpreter: walks a module's code in order with abstract values.

mypy calls no hook inside an unannotated function, and real model code leaves
``forward`` unannotated, so the checker reads the code itself once mypy has
analysed a module. Each top-level function, each class and the module's own
statements are a *unit*. A unit runs once; when its code depends on flags it
cannot decide (``bidirectional=args.bidirectional``, ``if hidden is None``), it
runs again for each assignment of the first few such flags, a *world*, and a
finding is reported with the condition under which it holds.

Names resolve through mypy's semantic analysis (``nn.LSTM`` is torch's class
whatever the import spelling); values flow through assignments, branches (joined
where they meet), loops (run to a fixpoint), helper methods and user modules
(inlined with the caller's values), and the operations in
:mod:`typedrnn._checker.operations`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar, cast

from mypy.lookup import lookup_fully_qualified
from mypy.nodes import (
    ARG_NAMED,
    ARG_NAMED_OPT,
    ARG_OPT,
    ARG_POS,
    ARG_STAR,
    ARG_STAR2,
    GDEF,
    LDEF,
    AssertStmt,
    AssignmentStmt,
    Block,
    BreakStmt,
    BytesExpr,
    CallExpr,
    ClassDef,
    ComparisonExpr,
    ConditionalExpr,
    ContinueStmt,
    Decorator,
    DelStmt,
    DictExpr,
    EllipsisExpr,
    Expression,
    ExpressionStmt,
    FloatExpr,
    ForStmt,
    FuncDef,
    GlobalDecl,
    IfStmt,
    Import,
    ImportAll,
    ImportFrom,
    IndexExpr,
    IntExpr,
    ListExpr,
    MemberExpr,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    OpExpr,
    OverloadedFuncDef,
    PassStmt,
    RaiseStmt,
    ReturnStmt,
    SetExpr,
    SliceExpr,
    StarExpr,
    Statement,
    StrExpr,
    SuperExpr,
    TempNode,
    TryStmt,
    TupleExpr,
    TypeInfo,
    UnaryExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.types import CallableType, TupleType, get_proper_type

from typedrnn._checker import inheritance, operations
from typedrnn._checker.findings import Finding
from typedrnn._checker.memo import (
    Bound,
    DomainRead,
    GlobalRead,
    Members,
    Replay,
    Report,
    Trace,
    Wish,
    WorldRead,
    exactly,
    identical,
)
from typedrnn._checker.sources import (
    Sources,
    in_memory,
    is_model_class,
    is_user_code,
    mentions_tensors,
    module_of,
)
from typedrnn._checker.types import declared_shape
from typedrnn._checker.values import (
    UNKNOWN,
    Choice,
    Flag,
    Instance,
    Int,
    Module,
    Namespace,
    Opaque,
    Ref,
    Str,
    Table,
    Tensor,
    Tup,
    Unknown,
    Value,
    join,
)
from typedrnn._checker.worlds import OTHER, World, combine, split_on

# Code the checker reads as the library's, not the user's.
_NOT_USER_CODE = ("torch", "typedrnn", "builtins")

# How deep calls inline.
MAX_DEPTH = 4
# Statements one walk of a unit may take before the calls it has not inlined yet are
# unknown: real code bases hold classes whose methods call dozens of others, and
# inlining every path is exponential. The largest unit of the corpus takes ~500.
MAX_STEPS = 1000
# Statements one module's units may take in all before they are walked without
# inlining or worlds: the cost stays linear in the size of the code. The largest
# module of the corpus and examples (word_language_model, split over its RNN types) takes ~5,800.
MODULE_STEPS = 8000
# A loop body runs at most this often before what it changes is given up.
MAX_LOOP_PASSES = 3
# What a walk the memo keeps gives: a call's value, a loop pass's names and returns.
_Walked = TypeVar("_Walked")


@dataclass
class Frame:
    """One function (or module body) being walked: its names and what it returns."""

    scope: str
    env: dict[str, Value]
    once: frozenset[str]
    returns: list[Value] = field(default_factory=list)
    function: FuncDef | None = None
    instance_class: TypeInfo | None = None
    # Set once the walk can no longer reach the next statement.
    stopped: bool = False


class Run:
    """One walk of a unit in one world: the findings and the flags it met undecided."""

    def __init__(self, analysis: Analysis, world: World, domains: dict[str, list[str]] | None = None) -> None:
        self.analysis = analysis
        self.world = world
        self.wanted: list[str] = []
        self.wanted_text: dict[str, str] = {}
        # Each choice's members met so far (the first run collects them), and the choices
        # whose value is known to be one of them (argparse's ``choices=``).
        self.domains: dict[str, list[str]] = domains if domains is not None else {}
        self.closed: set[str] = set()
        # Set when the unit cannot get through this world (``__init__`` raises in it).
        self.impossible = False
        # Statements walked: past MAX_STEPS, calls not yet inlined are unknown.
        self.steps = 0
        # Whether the walk has met a module, a module's class or results, or a jaxtyping
        # annotation: a run that met none has nothing a world could find a shape error in
        # (see Analysis.split).
        self.touched = False
        self.findings: list[Finding] = []
        self.lower: dict[str, int] = {}
        self.stack: list[str] = []
        # The line of the outermost call being inlined: findings inside go there.
        self.site: tuple[int, int] | None = None
        self.via: list[tuple[str, int]] = []
        self.silent = 0
        # Inside an operand that may not run (one arm of an undecided ``x if c else y``).
        self.speculative = 0
        # The calls being walked for the memo (see :mod:`typedrnn._checker.memo`), outermost first.
        self.traces: list[Trace] = []

    # -- reporting -------------------------------------------------------------------

    def report(self, finding: Finding) -> None:
        if self.site is not None and finding.severity == "note":
            return
        if self.silent and all(trace.silent != self.silent for trace in self.traces):
            return
        if self.site is not None:
            finding = finding.relocated(self.site, list(self.via), self.foreign_path())
        self.emit(finding)

    def emit(self, finding: Finding) -> None:
        """A finding reaches the run's findings (once per place), unless a loop's fixpoint is being sought."""
        for trace in self.traces:
            if trace.silent == self.silent and trace.findings is self.findings:
                trace.events.append(Report(finding))
        if not self.silent and all(existing.place() != finding.place() for existing in self.findings):
            self.findings.append(finding)

    def flag(self, key: str, text: str) -> bool | None:
        """A flag's value in this world, or None (and the wish to split on it)."""
        value = self.world_value(key)
        if isinstance(value, bool):
            return value
        self.wish(key, text)
        return None

    def world_value(self, key: str) -> bool | str | None:
        value = self.world.get(key)
        for trace in self.traces:
            trace.events.append(WorldRead(key, value))
        return value

    def wish(self, key: str, text: str) -> None:
        """A flag or choice met undecided: the unit is split on it, if it is among the first few."""
        for trace in self.traces:
            trace.events.append(Wish(key, text))
        if key not in self.wanted:
            self.wanted.append(key)
            self.wanted_text[key] = text

    def domain(self, key: str) -> list[str]:
        """The members a choice is known to have so far (the first run collects them)."""
        domain = self.domains.get(key, [])
        for trace in self.traces:
            if key not in trace.touched:
                trace.touched.add(key)
                trace.events.append(DomainRead(key, tuple(domain)))
        return domain

    def add_members(self, key: str, members: tuple[str, ...], closed: bool) -> None:
        self.domain(key)
        domain = self.domains.setdefault(key, [])
        for trace in self.traces:
            trace.events.append(Members(key, members, closed))
        domain.extend(member for member in members if member not in domain)
        if closed:
            self.closed.add(key)

    def where(self, line: int) -> str:
        """``line 9`` of the code being walked, with its file when that is another module."""
        path = self.foreign_path()
        return f"line {line}" if path is None else f"line {line} of {path}"

    def foreign_path(self) -> str | None:
        """The file of the code being walked, when it is not the module being checked."""
        if not self.stack:
            return None
        return self.analysis.foreign_path(self.stack[-1])

    def choose(self, key: str, text: str, members: tuple[str, ...], closed: bool) -> str | None:
        """Which literal a string is in this world (:data:`OTHER` for none of those named),
        or None (and the wish to split on it). ``members`` are literals it may be."""
        world_key = f"choice:{key}"
        value = self.world_value(world_key)
        if isinstance(value, str):
            return value
        self.add_members(world_key, members, closed)
        self.wish(world_key, text)
        return None

    def member(self, value: Value, literals: tuple[str, ...] = ()) -> str | None:
        """The literal a string value is in this world (:data:`OTHER` for one the code never
        names); None when not known. ``literals`` are those it is compared with."""
        if isinstance(value, Str):
            return value.text
        if isinstance(value, Choice):
            return self.choose(value.key, value.text, value.members, closed=True)
        if isinstance(value, Opaque):
            return self.choose(value.key, value.text, literals, closed=False)
        return None

    def is_one_of(self, value: Value, literals: tuple[str, ...]) -> bool | None:
        """Whether a string is one of ``literals`` in this world; None when not known."""
        member = self.member(value, literals)
        if member is None:
            return None
        if member == OTHER and isinstance(value, (Choice, Opaque)):
            # A string none of the literals the first run met: decided only for those.
            domain = self.domain(f"choice:{value.key}")
            return False if all(literal in domain for literal in literals) else None
        return member in literals

    def bound(self, key: str, least: int) -> None:
        for trace in self.traces:
            trace.events.append(Bound(key, least))
        self.lower[key] = max(self.lower.get(key, least), least)

    def global_value(self, node: Var, name: str) -> Value:
        value = self.analysis.global_value(node, name, self)
        for trace in self.traces:
            trace.events.append(GlobalRead(node, name, exactly(value)))
        return value

    # -- the memo --------------------------------------------------------------------

    def place(self) -> tuple[Hashable, ...]:
        """What a walk of a call depends on in its run, besides what a :class:`Trace` records:
        the calls around it, where its findings go, the bounds known so far."""
        return (tuple(self.stack), self.site, tuple(self.via), self.speculative > 0, tuple(self.lower.items()))

    def remembered(self, key: tuple[Hashable, ...], values: tuple[object, ...], walk: Callable[[], _Walked]) -> _Walked:
        """``walk()``, or the replay of an earlier walk of the same ``key`` with the same
        ``values`` whose reads all agree."""
        memo = self.analysis.memo
        exact: str | None = None
        for replay in memo.get(key, ()):
            if replay.values != values or not self.agrees(replay):
                continue
            # Values equal as values may still be written differently (see memo.exactly);
            # most calls are walked once, so this is asked only of a likely repeat.
            if identical(replay.values, values) or replay.exact() == (exact := exact or exactly(*values)):
                self.replay(replay)
                # Walks under one key all give the same kind of result.
                return cast(_Walked, replay.result)
        trace = Trace(self.silent, self.findings)
        self.traces.append(trace)
        start = self.steps
        # Whether the walk itself meets a module, asked of it alone.
        touched_before, self.touched = self.touched, False
        try:
            result = walk()
        finally:
            self.traces.pop()
            touched, self.touched = self.touched, touched_before or self.touched
        if not self.spent():
            memo.setdefault(key, []).append(Replay(values, result, self.steps - start, tuple(trace.events), touched))
        return result

    def agrees(self, replay: Replay) -> bool:
        """Whether walking again would read what the replayed walk read, within the budgets."""
        steps = self.steps + replay.steps
        if steps > MAX_STEPS or self.analysis.steps + steps > MODULE_STEPS:
            return False
        for event in replay.events:
            now: object
            then: object
            if isinstance(event, WorldRead):
                now, then = self.world.get(event.key), event.value
            elif isinstance(event, DomainRead):
                now, then = tuple(self.domains.get(event.key, ())), event.members
            elif isinstance(event, GlobalRead):
                now, then = exactly(self.analysis.global_value(event.node, event.name, self)), event.value
            else:
                continue
            if now != then:
                return False
        return True

    def replay(self, replay: Replay) -> None:
        """Do to this run what the walk did, in order (the calls around it record it too)."""
        self.steps += replay.steps
        self.touched = self.touched or replay.touched
        for event in replay.events:
            if isinstance(event, WorldRead):
                self.world_value(event.key)
            elif isinstance(event, DomainRead):
                self.domain(event.key)
            elif isinstance(event, GlobalRead):
                for trace in self.traces:
                    trace.events.append(event)
            elif isinstance(event, Wish):
                self.wish(event.key, event.text)
            elif isinstance(event, Members):
                self.add_members(event.key, event.members, event.closed)
            elif isinstance(event, Bound):
                self.bound(event.key, event.least)
            else:
                self.emit(event.finding)

    # -- functions -------------------------------------------------------------------

    def call_function(
        self,
        function: FuncDef,
        arguments: list[Value],
        keywords: dict[str, Value],
        instance: Value,
        owner: TypeInfo | None,
        site: tuple[int, int] | None,
    ) -> Value:
        """Run ``function`` with the caller's values, and give what it returns; a walk done
        before with the same values, at the same place, is replayed (see :mod:`memo`)."""
        if function.fullname in self.stack or len(self.stack) >= MAX_DEPTH or self.spent():
            return UNKNOWN
        if not _has_body(function):
            return UNKNOWN
        key = ("call", function, owner, site, *self.place())
        values = (tuple(arguments), tuple(keywords.items()), instance)

        def walk() -> Value:
            frame = self.inline(function, arguments, keywords, instance, owner, site)
            return UNKNOWN if frame is None else self.returned(frame)

        return self.remembered(key, values, walk)

    def inline(
        self,
        function: FuncDef,
        arguments: list[Value],
        keywords: dict[str, Value],
        instance: Value,
        owner: TypeInfo | None,
        site: tuple[int, int] | None,
    ) -> Frame | None:
        """Run ``function`` with the caller's values: its frame as the walk left it, None when it is not run."""
        if function.fullname in self.stack or len(self.stack) >= MAX_DEPTH or self.spent():
            return None
        if not _has_body(function):
            return None
        frame = self.analysis.frame_for(function, self, owner)
        if not self.bind_arguments(frame, function, arguments, keywords, instance):
            return None
        if not operations.check_arguments(self, function, frame.env, site):
            # jaxtyping stops such a call before the body runs.
            return None
        outer_site, outer_via = self.site, list(self.via)
        if site is not None and self.site is None:
            self.site = site
        if self.site is not None:
            self.via.append((".".join(function.fullname.split(".")[-2:]), function.line))
        self.stack.append(function.fullname)
        try:
            self.walk_function(frame, function)
        finally:
            self.stack.pop()
            self.site, self.via = outer_site, outer_via
        return frame

    def bind_arguments(
        self,
        frame: Frame,
        function: FuncDef,
        arguments: list[Value],
        keywords: dict[str, Value],
        instance: Value,
    ) -> bool:
        names = [argument.variable.name for argument in function.arguments]
        kinds = function.arg_kinds
        positional = list(arguments)
        if instance is not None and names and not function.is_static:
            positional.insert(0, instance)
        for index, (name, kind) in enumerate(zip(names, kinds)):
            if kind in (ARG_STAR, ARG_STAR2):
                frame.env[name] = UNKNOWN
                continue
            if index < len(positional) and kind in (ARG_POS, ARG_OPT):
                frame.env[name] = positional[index]
            elif name in keywords:
                frame.env[name] = keywords[name]
            elif kind in (ARG_OPT, ARG_NAMED_OPT):
                initializer = function.arguments[index].initializer
                frame.env[name] = self.evaluate(initializer, frame) if initializer is not None else UNKNOWN
            else:
                return False
        return True

    def walk_function(self, frame: Frame, function: FuncDef) -> None:
        self.walk_block(function.body.body, frame)
        if not frame.stopped:
            frame.returns.append(None)

    def returned(self, frame: Frame) -> Value:
        if not frame.returns:
            return UNKNOWN
        result = frame.returns[0]
        for value in frame.returns[1:]:
            result = join(result, value)
        return result

    # -- statements ------------------------------------------------------------------

    def walk_block(self, statements: list[Statement], frame: Frame) -> None:
        for statement in statements:
            if frame.stopped:
                return
            self.walk(statement, frame)

    def spent(self) -> bool:
        """Whether this walk, or its module's, is past its budget (calls stay unknown)."""
        return self.steps > MAX_STEPS or self.analysis.steps + self.steps > MODULE_STEPS

    def walk(self, statement: Statement, frame: Frame) -> None:
        self.steps += 1
        if isinstance(statement, (Import, ImportFrom, ImportAll)):
            # Names mypy has bound already; one statement in eight, so asked first.
            return
        if isinstance(statement, AssignmentStmt):
            value = self.evaluate(statement.rvalue, frame)
            for target in statement.lvalues:
                self.assign(target, value, frame, statement.rvalue)
        elif isinstance(statement, OperatorAssignmentStmt):
            current = self.evaluate(statement.lvalue, frame)
            value = operations.binary(statement.op, current, self.evaluate(statement.rvalue, frame))
            self.assign(statement.lvalue, value, frame, None)
        elif isinstance(statement, ExpressionStmt):
            self.evaluate(statement.expr, frame)
        elif isinstance(statement, ReturnStmt):
            value = self.evaluate(statement.expr, frame) if statement.expr is not None else None
            if statement.expr is not None and frame.function is not None:
                operations.check_return(self, frame.function, statement, value)
            frame.returns.append(value)
            frame.stopped = True
        elif isinstance(statement, RaiseStmt):
            frame.stopped = True
        elif isinstance(statement, IfStmt):
            self.walk_if(statement, frame)
        elif isinstance(statement, (ForStmt, WhileStmt)):
            self.walk_loop(statement, frame)
        elif isinstance(statement, WithStmt):
            for managed, bound_to in zip(statement.expr, statement.target):
                self.evaluate(managed, frame)
                if bound_to is not None:
                    self.assign(bound_to, UNKNOWN, frame, None)
            self.walk_block(statement.body.body, frame)
        elif isinstance(statement, TryStmt):
            self.walk_try(statement, frame)
        elif isinstance(statement, Block):
            self.walk_block(statement.body, frame)
        elif isinstance(statement, (BreakStmt, ContinueStmt)):
            frame.stopped = True
        elif isinstance(statement, AssertStmt):
            # Past a failing ``assert rnn_type in ("LSTM", "GRU")`` this world does not go on.
            if _tests_literals(statement.expr) and self.truth(statement.expr, frame) is False:
                frame.stopped = True
        elif isinstance(statement, (PassStmt, DelStmt)):
            return
        elif isinstance(statement, (FuncDef, Decorator, OverloadedFuncDef, ClassDef)):
            name = getattr(statement, "name", None)
            if isinstance(name, str):
                frame.env[name] = Ref(getattr(statement, "fullname", name))

    def walk_if(self, statement: IfStmt, frame: Frame) -> None:
        branches: list[tuple[dict[str, Value], bool]] = []
        remaining = True
        for condition, body in zip(statement.expr, statement.body):
            truth = self.truth(condition, frame)
            if truth is False:
                continue
            branch = self.fork(frame)
            self.walk_block(body.body, branch)
            branches.append((branch.env, branch.stopped))
            frame.returns = branch.returns
            if truth is True:
                remaining = False
                break
        if remaining:
            branch = self.fork(frame)
            if statement.else_body is not None:
                self.walk_block(statement.else_body.body, branch)
            branches.append((branch.env, branch.stopped))
            frame.returns = branch.returns
        self.merge(frame, branches)

    def fork(self, frame: Frame) -> Frame:
        return Frame(
            frame.scope, dict(frame.env), frame.once, frame.returns, frame.function, frame.instance_class
        )

    def merge(self, frame: Frame, branches: list[tuple[dict[str, Value], bool]]) -> None:
        live = [env for env, stopped in branches if not stopped]
        if not live:
            frame.stopped = True
            return
        frame.env = _join_envs(live)

    def walk_loop(self, statement: ForStmt | WhileStmt, frame: Frame) -> None:
        if isinstance(statement, ForStmt):
            iterated = self.evaluate(statement.expr, frame)
            item = operations.iterated_item(iterated)
        else:
            self.evaluate(statement.expr, frame)
            item = UNKNOWN
        entry = dict(frame.env)
        # The first pass reports what fails on the first iteration; the passes that
        # follow look for the fixpoint silently.
        body = self.loop_pass(statement, entry, frame, item)
        converged = False
        self.silent += 1
        try:
            for _ in range(MAX_LOOP_PASSES):
                joined = _join_envs([entry, body])
                if joined == entry:
                    converged = True
                    break
                entry = joined
                body = self.loop_pass(statement, entry, frame, item)
        finally:
            self.silent -= 1
        if not converged:
            changed = _assigned_names(statement.body.body)
            entry = {name: (UNKNOWN if name in changed else value) for name, value in entry.items()}
            for name in changed:
                entry.setdefault(name, UNKNOWN)
        # The reporting pass runs from the fixpoint, so what it finds holds on every pass.
        body = self.loop_pass(statement, entry, frame, item)
        frame.env = _join_envs([entry, body])
        if statement.else_body is not None:
            self.walk_block(statement.else_body.body, frame)

    def loop_pass(
        self, statement: ForStmt | WhileStmt, entry: dict[str, Value], frame: Frame, item: Value
    ) -> dict[str, Value]:
        """One pass through a loop's body from ``entry``: the names it leaves. The pass that
        reports runs from a fixpoint already walked silently (or from the entry the first
        pass reported from), so the memo replays it."""
        key = ("loop", statement, frame.scope, frame.function, frame.instance_class, frame.once, *self.place())
        env, returned = self.remembered(key, (entry, item), lambda: self.walk_pass(statement, entry, frame, item))
        frame.returns.extend(returned)
        return dict(env)

    def walk_pass(
        self, statement: ForStmt | WhileStmt, entry: dict[str, Value], frame: Frame, item: Value
    ) -> tuple[dict[str, Value], tuple[Value, ...]]:
        """What :meth:`loop_pass` walks: the names the body leaves, and the values it returned
        (a pass shares its function's list of returned values and leaves them there)."""
        returns = frame.returns
        before = len(returns)
        inner = Frame(frame.scope, dict(entry), frame.once, returns, frame.function, frame.instance_class)
        if isinstance(statement, ForStmt):
            self.assign(statement.index, item, inner, None)
        self.walk_block(statement.body.body, inner)
        returned = tuple(returns[before:])
        del returns[before:]
        return inner.env, returned

    def walk_try(self, statement: TryStmt, frame: Frame) -> None:
        body = self.fork(frame)
        self.walk_block(statement.body.body, body)
        branches = [(body.env, body.stopped)]
        for handler in statement.handlers:
            branch = self.fork(frame)
            self.walk_block(handler.body, branch)
            branches.append((branch.env, branch.stopped))
        self.merge(frame, branches)
        if statement.finally_body is not None and not frame.stopped:
            self.walk_block(statement.finally_body.body, frame)

    # -- assignment --------------------------------------------------------------------

    def assign(self, target: Expression, value: Value, frame: Frame, rvalue: Expression | None) -> None:
        if isinstance(target, (TupleExpr, ListExpr)):
            self.assign_many(target, value, frame, rvalue)
            return
        if isinstance(target, NameExpr):
            frame.env[target.name] = self.named(value, frame, target.name)
        elif isinstance(target, MemberExpr):
            owner = self.evaluate(target.expr, frame)
            if isinstance(owner, Instance) and isinstance(target.expr, NameExpr):
                frame.env[target.expr.name] = owner.with_attr(target.name, value)
            elif isinstance(target.expr, NameExpr):
                frame.env[f"{target.expr.name}.{target.name}"] = value
            elif isinstance(owner, Module):
                # A module's weight or size replaced (tied weights): torch follows the new
                # weights, so its configuration no longer says what it computes.
                self.forget(target.expr, frame)
        elif isinstance(target, StarExpr):
            self.assign(target.expr, UNKNOWN, frame, None)
        elif isinstance(target, IndexExpr) and not isinstance(self.evaluate(target.base, frame), Tensor):
            # x[i] = v keeps a tensor's shape but changes what a list or tuple holds.
            self.forget(target.base, frame)

    def forget(self, target: Expression, frame: Frame) -> None:
        """What a name held was changed in place: it holds something unknown now, not one value."""
        if isinstance(target, NameExpr):
            frame.env[target.name] = UNKNOWN
        elif isinstance(target, MemberExpr):
            self.assign(target, UNKNOWN, frame, None)

    def assign_many(self, target: TupleExpr | ListExpr, value: Value, frame: Frame, rvalue: Expression | None) -> None:
        targets = target.items
        items = operations.unpack(self, value, len(targets), target)
        if items is None or any(isinstance(t, StarExpr) for t in targets):
            for each in targets:
                self.assign(each, UNKNOWN, frame, None)
            return
        for item_target, item in zip(targets, items):
            self.assign(item_target, item, frame, None)

    def named(self, value: Value, frame: Frame, name: str) -> Value:
        """A value assigned to a name once stands for itself: opaque, but one value."""
        if isinstance(value, Unknown) and name in frame.once:
            return Opaque(f"{frame.scope}:{name}", name)
        if isinstance(value, Namespace):
            return Opaque(f"{frame.scope}:{name}", name, value.choices) if name in frame.once else UNKNOWN
        return value

    # -- expressions -------------------------------------------------------------------

    def evaluate(self, expression: Expression | None, frame: Frame) -> Value:
        if expression is None:
            return UNKNOWN
        if isinstance(expression, NameExpr) and expression.kind == LDEF:
            # One expression in three is a local name: looked up here, without the calls below
            # (a local is never one of the builtins ``name_value`` tells apart first).
            return frame.env.get(expression.name, UNKNOWN)
        try:
            value = self.evaluate_node(expression, frame)
        except RecursionError:
            raise
        except Exception:
            if self.analysis.debug:
                raise
            return UNKNOWN
        if not self.touched:
            self.touched = _touches(value) or (isinstance(value, Ref) and self.analysis.names_module_class(value.fullname))
        return value

    def evaluate_node(self, expression: Expression, frame: Frame) -> Value:
        if isinstance(expression, IntExpr):
            return Int(expression.value)
        if isinstance(expression, NameExpr):
            return self.name_value(expression, frame)
        if isinstance(expression, MemberExpr):
            return self.member_value(expression, frame)
        if isinstance(expression, CallExpr):
            return self.call_value(expression, frame)
        if isinstance(expression, IndexExpr):
            base = self.evaluate(expression.base, frame)
            if isinstance(base, Table):
                return self.table_entry(base, self.evaluate(expression.index, frame), frame)
            return operations.index(self, expression, base, frame)
        if isinstance(expression, UnaryExpr):
            operand = self.evaluate(expression.expr, frame)
            if expression.op == "-" and isinstance(operand, Int) and operand.size is not None:
                return Int(-operand.size)
            if expression.op == "not":
                truth = self.truth(expression.expr, frame)
                return Flag(None if truth is None else not truth)
            return UNKNOWN
        if isinstance(expression, OpExpr):
            if expression.op in ("and", "or"):
                return self.logical(expression, frame)
            left = self.evaluate(expression.left, frame)
            right = self.evaluate(expression.right, frame)
            return operations.binary(expression.op, left, right, self, expression)
        if isinstance(expression, (TupleExpr, ListExpr)):
            items = tuple(self.evaluate(item, frame) for item in expression.items)
            if any(isinstance(item, StarExpr) for item in expression.items):
                return UNKNOWN
            return Tup(items, "list" if isinstance(expression, ListExpr) else "tuple")
        if isinstance(expression, ConditionalExpr):
            truth = self.truth(expression.cond, frame)
            if truth is True:
                return self.evaluate(expression.if_expr, frame)
            if truth is False:
                return self.evaluate(expression.else_expr, frame)
            self.speculative += 1
            try:
                return join(self.evaluate(expression.if_expr, frame), self.evaluate(expression.else_expr, frame))
            finally:
                self.speculative -= 1
        if isinstance(expression, ComparisonExpr):
            truth = self.truth(expression, frame)
            return Flag(truth)
        if isinstance(expression, StrExpr):
            return Str(expression.value)
        if isinstance(expression, DictExpr):
            return self.table(expression, frame)
        if isinstance(expression, (BytesExpr, FloatExpr, EllipsisExpr, SliceExpr)):
            return UNKNOWN
        return UNKNOWN

    def table(self, expression: DictExpr, frame: Frame) -> Value:
        """A dict literal whose keys are all literal strings; anything else is unknown."""
        entries: list[tuple[str, Value]] = []
        for key, item in expression.items:
            if not isinstance(key, StrExpr):
                return UNKNOWN
            entries.append((key.value, self.evaluate(item, frame)))
        return Table(tuple(entries))

    def table_entry(self, table: Table, key: Value, frame: Frame) -> Value:
        """``{"lstm": nn.LSTM, "gru": nn.GRU}[cell]``: the entry of the member in use. A
        member the dict lacks raises KeyError: this world goes no further."""
        keys = tuple(name for name, _ in table.entries)
        member = self.member(key, keys)
        if member is None:
            return UNKNOWN
        if member not in keys:
            if not self.speculative:
                frame.stopped = True
            return UNKNOWN
        return table.get(member)

    def logical(self, expression: OpExpr, frame: Frame) -> Value:
        truth = self.truth(expression, frame)
        if truth is not None:
            return Flag(truth)
        return UNKNOWN

    def name_value(self, expression: NameExpr, frame: Frame) -> Value:
        fullname = expression.fullname
        if fullname == "builtins.True":
            return Flag(True)
        if fullname == "builtins.False":
            return Flag(False)
        if fullname == "builtins.None":
            return None
        if expression.kind == LDEF or (expression.kind is None and expression.name in frame.env):
            return frame.env.get(expression.name, UNKNOWN)
        node = expression.node
        if expression.kind == GDEF and isinstance(node, Var):
            if expression.name in frame.env and frame.function is None:
                return frame.env[expression.name]
            return self.global_value(node, expression.name)
        if expression.name in frame.env:
            return frame.env[expression.name]
        if isinstance(node, (TypeInfo, FuncDef, MypyFile, Decorator, OverloadedFuncDef)):
            return Ref(node.fullname)
        return Ref(fullname) if fullname else UNKNOWN

    def member_value(self, expression: MemberExpr, frame: Frame) -> Value:
        node = expression.node
        if expression.kind == GDEF and expression.fullname:
            if isinstance(node, Var) and not node.is_final:
                return self.global_value(node, expression.fullname)
            if isinstance(node, Var) and isinstance(node.final_value, int):
                return Int(node.final_value)
            return Ref(expression.fullname)
        if isinstance(expression.expr, NameExpr) and f"{expression.expr.name}.{expression.name}" in frame.env:
            return frame.env[f"{expression.expr.name}.{expression.name}"]
        owner = self.evaluate(expression.expr, frame)
        return operations.attribute(self, owner, expression.name, frame)

    def call_value(self, expression: CallExpr, frame: Frame) -> Value:
        callee = expression.callee
        arguments: list[Value] = []
        keywords: dict[str, Value] = {}
        for argument, kind, name in zip(expression.args, expression.arg_kinds, expression.arg_names):
            value = self.evaluate(argument, frame)
            if kind == ARG_POS:
                arguments.append(value)
            elif kind == ARG_NAMED and name is not None:
                keywords[name] = value
            else:
                return UNKNOWN
        if isinstance(callee, SuperExpr):
            return self.super_call(callee, arguments, keywords, frame, expression)
        if isinstance(callee, MemberExpr) and not (callee.kind == GDEF and callee.fullname):
            base = inheritance.explicit_base(callee, expression.args, frame.function, frame.instance_class)
            if base is not None:
                return self.call_on_self(base.mro, callee.name, arguments[1:], keywords, frame, expression)
            receiver = self.evaluate(callee.expr, frame)
            result = operations.method_call(self, receiver, callee.name, arguments, keywords, expression, frame)
            if operations.mutates(receiver, callee.name):
                # The receiver changed in place (a list appended to, a tensor resized).
                self.forget(callee.expr, frame)
            return result
        function = self.evaluate(callee, frame)
        return operations.call(self, function, arguments, keywords, expression, frame)

    def super_call(
        self, callee: SuperExpr, arguments: list[Value], keywords: dict[str, Value], frame: Frame, expression: CallExpr
    ) -> Value:
        """``super().__init__(...)``: the method of the next class in the instance's method order."""
        self_name = inheritance.self_parameter(frame.function)
        info = self.analysis.class_of(frame.env.get(self_name)) if self_name is not None else None
        if frame.instance_class is None or info is None:
            return UNKNOWN
        classes = inheritance.after_super(callee, info, frame.instance_class)
        return self.call_on_self(classes, callee.name, arguments, keywords, frame, expression)

    def call_on_self(
        self,
        classes: list[TypeInfo],
        name: str,
        arguments: list[Value],
        keywords: dict[str, Value],
        frame: Frame,
        expression: CallExpr,
    ) -> Value:
        """A base class's method run on this method's own instance: what it assigns to ``self``
        is the instance's from here on. A library's (``nn.Module.__init__``) changes nothing
        the checker follows."""
        self_name = inheritance.self_parameter(frame.function)
        instance = frame.env.get(self_name) if self_name is not None else None
        owner = inheritance.defining_class(classes, name)
        if self_name is None or not isinstance(instance, Instance) or owner is None or _is_library(owner, self.analysis):
            return UNKNOWN
        found = _method(owner, name, self.analysis)
        function = found[1] if found is not None and inheritance.runs_on_instance(found[1]) else None
        site = (expression.line, expression.column)
        called = self.inline(function, arguments, keywords, instance, owner, site) if function is not None else None
        if function is None or called is None:
            # A user base's method the walk cannot follow may assign anything to the instance.
            frame.env[self_name] = Instance(instance.fullname, (), instance.key)
            return UNKNOWN
        after = called.env.get(function.arguments[0].variable.name)
        frame.env[self_name] = after if isinstance(after, Instance) else Instance(instance.fullname, (), instance.key)
        return self.returned(called)

    # -- conditions ----------------------------------------------------------------------

    def truth(self, expression: Expression, frame: Frame) -> bool | None:
        """Whether a condition holds, in this world; None when it is not decided."""
        if isinstance(expression, UnaryExpr) and expression.op == "not":
            inner = self.truth(expression.expr, frame)
            return None if inner is None else not inner
        if isinstance(expression, OpExpr) and expression.op in ("and", "or"):
            left = self.truth(expression.left, frame)
            # The right operand runs only when the left one does not decide.
            self.speculative += 1
            try:
                right = self.truth(expression.right, frame)
            finally:
                self.speculative -= 1
            if expression.op == "and":
                return False if False in (left, right) else True if left and right else None
            return True if True in (left, right) else False if left is False and right is False else None
        if isinstance(expression, ComparisonExpr) and len(expression.operators) == 1:
            operator = expression.operators[0]
            left_node, right_node = expression.operands
            if operator in ("is", "is not") and isinstance(right_node, NameExpr) and right_node.fullname == "builtins.None":
                value = self.evaluate(left_node, frame)
                if value is None:
                    result: bool | None = True
                elif isinstance(value, Opaque):
                    result = self.flag(f"{value.key} is None", f"{value.text} is None")
                elif isinstance(value, Unknown):
                    result = None
                else:
                    result = False
                return None if result is None else result == (operator == "is")
            left_value, right_value = self.evaluate(left_node, frame), self.evaluate(right_node, frame)
            if isinstance(right_node, SetExpr) and all(isinstance(item, StrExpr) for item in right_node.items):
                # ``rnn_type in {"LSTM", "GRU"}``: a set of literals, for this test alone.
                right_value = Tup(tuple(Str(item.value) for item in right_node.items if isinstance(item, StrExpr)))
            literal = self.string_comparison(operator, left_value, right_value)
            if literal is not None:
                return literal[0]
            return operations.compare_values(operator, left_value, right_value)
        if isinstance(expression, (ComparisonExpr, OpExpr)):
            return None
        value = self.evaluate(expression, frame)
        return self.truth_of(value)

    def string_comparison(self, operator: str, left: Value, right: Value) -> tuple[bool | None] | None:
        """``rnn_type == "LSTM"``, ``cell in ("lstm", "gru")``: decided by the member in use.
        None when the comparison is not one between a string and literal strings."""
        if operator in ("==", "!=") and isinstance(left, Str) and not isinstance(right, Str):
            left, right = right, left
        if operator in ("==", "!=") and isinstance(right, Str):
            if not isinstance(left, (Str, Choice, Opaque)):
                return None
            verdict = self.is_one_of(left, (right.text,))
        elif operator in ("in", "not in") and isinstance(right, (Tup, Table)):
            literals = _literal_strings(right)
            if literals is None or not isinstance(left, (Str, Choice, Opaque)):
                return None
            verdict = self.is_one_of(left, literals)
        else:
            return None
        if verdict is None:
            return (None,)
        return (verdict if operator in ("==", "in") else not verdict,)

    def truth_of(self, value: Value) -> bool | None:
        if isinstance(value, Str):
            return bool(value.text)
        if isinstance(value, Choice):
            return True if all(value.members) else None
        if isinstance(value, Flag):
            if value.value is None and value.key is not None:
                return self.flag(value.key, value.text)
            return value.value
        if isinstance(value, Opaque):
            return self.flag(value.key, value.text)
        if isinstance(value, Int) and isinstance(value.size, int):
            return value.size != 0
        if value is None:
            return False
        return None


def _declared_global(statements: list[Statement]) -> frozenset[str]:
    """Names some function rebinds with ``global``: not one value at module level."""
    names: set[str] = set()

    def visit(block: list[Statement]) -> None:
        for statement in block:
            if isinstance(statement, GlobalDecl):
                names.update(statement.names)
            function = statement.func if isinstance(statement, Decorator) else statement
            if isinstance(function, FuncDef):
                visit(function.body.body)
            elif isinstance(statement, ClassDef):
                visit(statement.defs.body)
            for block_ in _blocks(statement):
                visit(block_.body)

    visit(statements)
    return frozenset(names)


def _tests_literals(expression: Expression) -> bool:
    """Whether a condition compares something with literal strings (``x in ("a", "b")``)."""
    if not isinstance(expression, ComparisonExpr) or len(expression.operators) != 1:
        return False
    if expression.operators[0] not in ("==", "!=", "in", "not in"):
        return False
    for operand in expression.operands:
        items = operand.items if isinstance(operand, (ListExpr, TupleExpr, SetExpr)) else [operand]
        if items and all(isinstance(item, StrExpr) for item in items):
            return True
    return False


def _literal_strings(value: Tup | Table) -> tuple[str, ...] | None:
    """The literal strings a tuple, list or set holds (a dict's keys); None if any is not one."""
    if isinstance(value, Table):
        return tuple(name for name, _ in value.entries)
    if value.kind not in ("tuple", "list") or not all(isinstance(item, Str) for item in value.items):
        return None
    return tuple(item.text for item in value.items if isinstance(item, Str))


def _built_on_torch(statement: Statement) -> bool:
    """A model class (whose methods may use what a base class built)."""
    return isinstance(statement, ClassDef) and is_model_class(statement.info)


def _has_body(function: FuncDef) -> bool:
    return bool(function.body.body) and not getattr(function, "is_trivial_body", False)


def _join_envs(envs: list[dict[str, Value]]) -> dict[str, Value]:
    first, *rest = envs
    joined = dict(first)
    for env in rest:
        for name in list(joined):
            if name not in env:
                joined[name] = UNKNOWN
            else:
                joined[name] = join(joined[name], env[name])
        for name in env:
            joined.setdefault(name, UNKNOWN)
    return joined


def _assigned_names(statements: list[Statement]) -> set[str]:
    names: set[str] = set()
    for statement in _walk_statements(statements):
        targets: list[Expression] = []
        if isinstance(statement, AssignmentStmt):
            targets = list(statement.lvalues)
        elif isinstance(statement, OperatorAssignmentStmt):
            targets = [statement.lvalue]
        elif isinstance(statement, ForStmt):
            targets = [statement.index]
        elif isinstance(statement, WithStmt):
            targets = [t for t in statement.target if t is not None]
        for target in targets:
            names |= _target_names(target)
    return names


def _target_names(target: Expression) -> set[str]:
    if isinstance(target, (TupleExpr, ListExpr)):
        return set().union(*(_target_names(item) for item in target.items)) if target.items else set()
    if isinstance(target, StarExpr):
        return _target_names(target.expr)
    if isinstance(target, NameExpr):
        return {target.name}
    if isinstance(target, MemberExpr) and isinstance(target.expr, NameExpr):
        return {target.expr.name, f"{target.expr.name}.{target.name}"}
    if isinstance(target, MemberExpr) and isinstance(target.expr, MemberExpr):
        # self.decoder.weight = ...: the attribute self.decoder changes.
        return _target_names(target.expr)
    return set()


def _walk_statements(statements: list[Statement]) -> Iterator[Statement]:
    for statement in statements:
        yield statement
        for block in _blocks(statement):
            yield from _walk_statements(block.body)


def _blocks(statement: Statement) -> list[Block]:
    if isinstance(statement, Block):
        return [statement]
    if isinstance(statement, IfStmt):
        return [*statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, (ForStmt, WhileStmt)):
        return [statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, WithStmt):
        return [statement.body]
    if isinstance(statement, TryStmt):
        optional = [statement.else_body, statement.finally_body]
        return [statement.body, *statement.handlers, *(block for block in optional if block)]
    return []


def assigned_once(statements: list[Statement], parameters: tuple[str, ...] = ()) -> frozenset[str]:
    """The names bound exactly once in a body, never in a loop: each holds one value."""
    counts: dict[str, int] = dict.fromkeys(parameters, 1)
    in_loops: set[str] = set()

    def visit(block: list[Statement], looping: bool) -> None:
        for statement in block:
            names: set[str] = set()
            if isinstance(statement, AssignmentStmt):
                for target in statement.lvalues:
                    names |= {n for n in _target_names(target) if "." not in n}
            elif isinstance(statement, (OperatorAssignmentStmt, ForStmt, WithStmt)):
                names |= {n for n in _assigned_names([statement]) if "." not in n}
                if isinstance(statement, OperatorAssignmentStmt):
                    names |= _target_names(statement.lvalue)
            for name in names:
                counts[name] = counts.get(name, 0) + 1
                if looping:
                    in_loops.add(name)
            if isinstance(statement, (ForStmt, WhileStmt)):
                visit(statement.body.body, True)
                if statement.else_body is not None:
                    visit(statement.else_body.body, looping)
            else:
                for inner in _blocks(statement):
                    visit(inner.body, looping)

    visit(statements, False)
    return frozenset(name for name, count in counts.items() if count == 1 and name not in in_loops)


def argparse_choices(tree: MypyFile) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``add_argument("--model", choices=["LSTM", "GRU"])`` anywhere in a file: ``model`` is
    one of those, unless some other ``add_argument`` of the same option gives no such list."""
    found: dict[str, tuple[str, ...] | None] = {}
    for call in _argument_calls(tree.defs):
        dest, members = _argument(call)
        if dest is None:
            continue
        found[dest] = members if found.get(dest, members) == members else None
    return tuple((dest, members) for dest, members in found.items() if members is not None)


def _argument_calls(statements: list[Statement]) -> Iterator[CallExpr]:
    """The ``x.add_argument(...)`` statements of a body, in nested functions and classes too."""
    for statement in _walk_statements(statements):
        if isinstance(statement, ExpressionStmt) and isinstance(statement.expr, CallExpr):
            callee = statement.expr.callee
            if isinstance(callee, MemberExpr) and callee.name == "add_argument":
                yield statement.expr
        function = statement.func if isinstance(statement, Decorator) else statement
        if isinstance(function, FuncDef):
            yield from _argument_calls(function.body.body)
        elif isinstance(statement, ClassDef):
            yield from _argument_calls(statement.defs.body)


def _argument(call: CallExpr) -> tuple[str | None, tuple[str, ...] | None]:
    """The option an ``add_argument`` call declares, and its literal choices (None if none)."""
    names = [arg.value for arg, kind in zip(call.args, call.arg_kinds) if kind == ARG_POS and isinstance(arg, StrExpr)]
    keywords = {name: arg for arg, name in zip(call.args, call.arg_names) if name is not None}
    dest_node = keywords.get("dest")
    options = [name for name in names if name.startswith("--")] or names
    if isinstance(dest_node, StrExpr):
        dest = dest_node.value
    elif options:
        dest = options[0].lstrip("-").replace("-", "_")
    else:
        return None, None
    choices = keywords.get("choices")
    if not isinstance(choices, (ListExpr, TupleExpr)) or not choices.items:
        return dest, None
    members = tuple(item.value for item in choices.items if isinstance(item, StrExpr))
    if len(members) != len(choices.items):
        return dest, None
    default = keywords.get("default")
    if default is not None and not (isinstance(default, StrExpr) and default.value in members):
        # argparse checks what the command line gives against the choices, never the default.
        return dest, None
    return dest, members


# --------------------------------------------------------------------------------------
# One file


class Analysis:
    """Everything the interpreter learns about one module, and its findings."""

    def __init__(self, tree: MypyFile, modules: dict[str, MypyFile], debug: bool = False) -> None:
        self.tree = tree
        self.modules = modules
        self.debug = debug
        self.globals: dict[str, Value] = {}
        # The module body's names while it is being walked, for functions it calls.
        self.module_env: dict[str, Value] = {}
        self.global_once = assigned_once(tree.defs) - _declared_global(tree.defs)
        # Each function's names bound once, read from its body the first time it runs.
        self.once: dict[FuncDef, frozenset[str]] = {}
        # Whether each function's signature carries jaxtyping shapes.
        self._shaped: dict[FuncDef, bool] = {}
        # Whether each name a value refers to is a module class.
        self._module_classes: dict[str, bool] = {}
        # The code of modules mypy read from its cache, and the modules whose code was read.
        self.sources = Sources(modules)
        self.reads: set[str] = set()
        # Statements walked by the units so far (see MODULE_STEPS).
        self.steps = 0
        # Each user class's attributes that methods other than ``__init__`` assign.
        self.reassigned: dict[str, set[str]] = {}
        self._argparse_choices: tuple[tuple[str, tuple[str, ...]], ...] | None = None
        # Walks of calls, by the call's values and place, for any run of any unit (see memo.py).
        self.memo: dict[tuple[Hashable, ...], list[Replay]] = {}
        # What names resolve to, asked again at every call walked: the build does not
        # change while a module is analysed, so each is looked up once.
        self._type_infos: dict[str, TypeInfo | None] = {}
        self._owned: dict[TypeInfo, bool] = {}
        self._readable: dict[FuncDef, FuncDef | None] = {}
        self._functions: dict[str, FuncDef | None] = {}
        self._methods: dict[tuple[str, str], tuple[TypeInfo, FuncDef] | None] = {}
        self._foreign_paths: dict[str, str | None] = {}

    def argparse_choices(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The options this file's ``add_argument`` calls give literal ``choices=`` (each time)."""
        if self._argparse_choices is None:
            self._argparse_choices = argparse_choices(self.tree)
        return self._argparse_choices

    # -- names ---------------------------------------------------------------------------

    def owns(self, info: TypeInfo) -> bool:
        """Whether a class's code can be read here: the user's, in this build or its cache."""
        owned = self._owned.get(info)
        if owned is None:
            owned = self._owned[info] = self._owns(info)
        return owned

    def _owns(self, info: TypeInfo) -> bool:
        module = self.modules.get(info.module_name)
        if module is None or info.module_name.split(".")[0] in _NOT_USER_CODE or not is_user_code(module):
            return False
        return in_memory(module) or self.sources.code(module) is not None

    def readable(self, function: FuncDef) -> FuncDef | None:
        """A user function with its body: itself, or its code re-read for a cache skeleton."""
        if function not in self._readable:
            self._readable[function] = self._read(function)
        return self._readable[function]

    def _read(self, function: FuncDef) -> FuncDef | None:
        if function.fullname.split(".")[0] in _NOT_USER_CODE:
            return None
        module = self.modules.get(module_of(function.fullname, self.modules))
        if module is not None and not is_user_code(module):
            return None
        if module is not None and (not in_memory(module) or not function.body.body):
            # Freed by mypy, from its cache, or parsed without its function bodies (mypy
            # drops those that assign no attribute in a module whose errors it ignores,
            # such as one it follows silently): the code is read from the source.
            return self.sources.function(function)
        return function

    def foreign_path(self, fullname: str) -> str | None:
        """The file of a function, relative to this module's, when it is another module's."""
        if fullname not in self._foreign_paths:
            module = self.modules.get(module_of(fullname, self.modules))
            path = None
            if module is not None and module is not self.tree and module.path:
                path = os.path.relpath(module.path, os.path.dirname(self.tree.path) or ".")
            self._foreign_paths[fullname] = path
        return self._foreign_paths[fullname]

    def class_body(self, info: TypeInfo) -> list[Statement]:
        """A user class's own statements (for its dataclass fields)."""
        module = self.modules.get(info.module_name)
        if module is not None and not in_memory(module):
            return self.sources.class_body(info)
        return info.defn.defs.body

    def global_value(self, node: Var, name: str, run: Run) -> Value:
        fullname = node.fullname or name
        module, _, short = fullname.rpartition(".")
        if isinstance(node.final_value, int) and not isinstance(node.final_value, bool):
            return Int(node.final_value)
        if module == self.tree.fullname and short in self.globals:
            return self.globals[short]
        if module == self.tree.fullname and short in self.global_once and short in self.module_env:
            return self.module_env[short]
        if module == self.tree.fullname and short in self.global_once:
            return Opaque(f"{module}:{short}", short)
        return UNKNOWN

    def names_module_class(self, fullname: str) -> bool:
        """Whether a name may stand for a module class: anything of ``torch.nn`` or typedrnn
        (functions too: asked only to decide whether a unit is split, where more is safe),
        or a user class built on ``nn.Module``."""
        known = self._module_classes.get(fullname)
        if known is None:
            if fullname.startswith(("torch.nn.", "typedrnn.")):
                known = True
            else:
                info = self.type_info(fullname)
                known = info is not None and is_model_class(info)
            self._module_classes[fullname] = known
        return known

    def annotated_with_shapes(self, function: FuncDef) -> bool:
        known = self._shaped.get(function)
        if known is None:
            known = self._shaped[function] = _annotated_with_shapes(function)
        return known

    def frame_for(self, function: FuncDef, run: Run, owner: TypeInfo | None) -> Frame:
        run.touched = run.touched or self.annotated_with_shapes(function)
        once = self.once.get(function)
        if once is None:
            self.reads.add(module_of(function.fullname, self.modules))
            parameters = tuple(argument.variable.name for argument in function.arguments)
            once = self.once[function] = assigned_once(function.body.body, parameters)
        return Frame(function.fullname, {}, once, [], function, owner)

    def parameter_values(self, function: FuncDef, run: Run) -> dict[str, Value]:
        """What each parameter holds when the function is read on its own."""
        signature = function.type
        declared = signature.arg_types if isinstance(signature, CallableType) else []
        values: dict[str, Value] = {}
        for index, argument in enumerate(function.arguments):
            name = argument.variable.name
            typ = declared[index] if index < len(declared) else None
            values[name] = operations.from_declared(typ, Opaque(f"{function.fullname}:{name}", name), run)
        return values

    def type_info(self, fullname: str) -> TypeInfo | None:
        if fullname not in self._type_infos:
            self._type_infos[fullname] = self._look_up_class(fullname)
        return self._type_infos[fullname]

    def _look_up_class(self, fullname: str) -> TypeInfo | None:
        try:
            symbol_node = lookup_fully_qualified(fullname, self.modules)
        except (AssertionError, KeyError):
            return None
        node = symbol_node.node if symbol_node is not None else None
        return node if isinstance(node, TypeInfo) else None

    def class_info(self, fullname: str) -> TypeInfo | None:
        """A user class whose code can be read."""
        info = self.type_info(fullname)
        return info if info is not None and self.owns(info) else None

    def method_info(self, class_fullname: str, name: str) -> tuple[TypeInfo, FuncDef] | None:
        key = (class_fullname, name)
        if key not in self._methods:
            info = self.type_info(class_fullname)
            self._methods[key] = _method(info, name, self) if info is not None else None
        return self._methods[key]

    def method_of(self, class_fullname: str, name: str) -> FuncDef | None:
        found = self.method_info(class_fullname, name)
        return found[1] if found is not None else None

    def class_of(self, value: Value) -> TypeInfo | None:
        return self.type_info(value.fullname) if isinstance(value, Instance) else None

    def function(self, fullname: str) -> FuncDef | None:
        """A user function (or method, by its full name) whose code can be read."""
        if fullname not in self._functions:
            self._functions[fullname] = self._look_up_function(fullname)
        return self._functions[fullname]

    def _look_up_function(self, fullname: str) -> FuncDef | None:
        try:
            symbol_node = lookup_fully_qualified(fullname, self.modules)
        except (AssertionError, KeyError):
            return None
        node = symbol_node.node if symbol_node is not None else None
        function = node.func if isinstance(node, Decorator) else node
        return self.readable(function) if isinstance(function, FuncDef) else None

    def instantiate(self, run: Run, info: TypeInfo, arguments: list[Value], keywords: dict[str, Value]) -> Value:
        """``Model(10, args.nhid)``: the instance its ``__init__`` builds from the caller's values."""
        if len(run.stack) >= MAX_DEPTH or run.spent():
            return UNKNOWN
        key = ("instance", info, *run.place())
        values = (tuple(arguments), tuple(keywords.items()))
        return run.remembered(key, values, lambda: self.instance(run, info, arguments, keywords))

    def instance(self, run: Run, info: TypeInfo, arguments: list[Value], keywords: dict[str, Value]) -> Instance:
        instance = self.instance_summary(run, info, (arguments, keywords))
        return Instance(info.fullname, instance.attrs, f"{info.fullname}()")

    # -- units -----------------------------------------------------------------------------

    def run_units(self) -> list[Finding]:
        findings: list[Finding] = []
        findings += self.split(self.module_unit)
        for statement in self.tree.defs:
            if not _built_on_torch(statement) and not mentions_tensors(statement):
                # Nothing of torch's in it: nothing to check in it on its own.
                continue
            if isinstance(statement, ClassDef):
                info = statement.info
                findings += self.split(lambda run, info=info: self.class_unit(run, info))
            elif isinstance(statement, (FuncDef, Decorator)):
                function = statement if isinstance(statement, FuncDef) else statement.func
                findings += self.split(lambda run, function=function: self.function_unit(run, function))
        return findings

    def split(self, unit: object) -> list[Finding]:
        """Run a unit; if it met undecided flags, once per world, and keep what holds where."""
        assert callable(unit)
        first = Run(self, {})
        unit(first)
        self.steps += first.steps
        if not first.wanted or first.spent():
            # Nothing to split on, or a unit too large to walk once per world: what it
            # found with its flags undecided (both sides of each branch joined) stands.
            return first.findings
        if not first.touched:
            # Every world walks what this run walked, both sides of each branch, and makes
            # its modules from the same expressions: where this run met no module, no
            # module's class and no jaxtyping annotation, no world has a shape to check.
            # (A class chosen in a world, ``getattr(nn, name)`` or a table of classes,
            # marks the run where the choice is undecided.)
            return first.findings
        keys, values = split_on(first.wanted, first.domains, first.closed)
        if not keys:
            return first.findings
        texts = first.wanted_text
        per_world: list[tuple[World, list[Finding]]] = []
        possible: list[World] = []
        for chosen in itertools.product(*values):
            world: World = dict(zip(keys, chosen))
            run = Run(self, world, first.domains)
            unit(run)
            self.steps += run.steps
            per_world.append((world, run.findings))
            if not run.impossible:
                possible.append(world)
        return combine(per_world, texts, first.domains, possible)

    def module_unit(self, run: Run) -> None:
        frame = Frame(self.tree.fullname, {}, self.global_once)
        if not run.world:
            self.module_env = frame.env
        statements = [s for s in self.tree.defs if not isinstance(s, (FuncDef, Decorator, ClassDef, OverloadedFuncDef))]
        run.walk_block(statements, frame)
        run.impossible = _raised(frame)
        if not run.world:
            self.globals = {name: value for name, value in frame.env.items() if name in self.global_once}

    def function_unit(self, run: Run, function: FuncDef) -> None:
        frame = self.frame_for(function, run, None)
        frame.env.update(self.parameter_values(function, run))
        run.walk_function(frame, function)
        run.impossible = _raised(frame)

    def class_unit(self, run: Run, info: TypeInfo) -> None:
        instance = self.instance_summary(run, info, None)
        for name, symbol_node in info.names.items():
            node = symbol_node.node
            function = node.func if isinstance(node, Decorator) else node
            if not isinstance(function, FuncDef) or name == "__init__":
                continue
            if function.is_static or function.is_class:
                continue
            frame = self.frame_for(function, run, info)
            frame.env.update(self.parameter_values(function, run))
            if function.arguments:
                frame.env[function.arguments[0].variable.name] = instance
            run.stack.append(function.fullname)
            try:
                run.walk_function(frame, function)
            finally:
                run.stack.pop()

    def dataclass_instance(
        self, run: Run, info: TypeInfo, arguments: tuple[list[Value], dict[str, Value]] | None, key: str
    ) -> Instance:
        """A dataclass's fields: the caller's values, else their defaults; its name when read on its own."""
        if arguments is None:
            return Instance(info.fullname, (), key)
        positional, keywords = arguments
        frame = Frame(info.fullname, {}, frozenset())
        attrs: list[tuple[str, Value]] = []
        for index, (name, default) in enumerate(_dataclass_fields(info, self)):
            if index < len(positional):
                value = positional[index]
            elif name in keywords:
                value = keywords[name]
            elif default is not None:
                value = run.evaluate(default, frame)
            else:
                value = UNKNOWN
            attrs.append((name, value))
        return Instance(info.fullname, tuple(attrs), key)

    def instance_summary(self, run: Run, info: TypeInfo, arguments: tuple[list[Value], dict[str, Value]] | None) -> Instance:
        """The attributes ``__init__`` gives an instance; with the caller's values when given."""
        reassigned = self.reassigned.get(info.fullname)
        if reassigned is None:
            reassigned = self.reassigned[info.fullname] = _attributes_assigned_outside_init(info, self)
        key = f"{info.fullname}:self"
        instance = Instance(info.fullname, (), key)
        init = _method(info, "__init__", self)
        if init is None and "dataclass" in info.metadata:
            return self.dataclass_instance(run, info, arguments, key)
        if init is not None:
            owner, function = init
            frame = self.frame_for(function, run, owner)
            if arguments is None:
                frame.env.update(self.parameter_values(function, run))
                if function.arguments:
                    frame.env[function.arguments[0].variable.name] = instance
            elif not run.bind_arguments(frame, function, arguments[0], arguments[1], instance):
                return Instance(info.fullname, (), key)
            if not function.arguments:
                return instance
            self_name = function.arguments[0].variable.name
            run.stack.append(function.fullname)
            try:
                run.walk_function(frame, function)
            finally:
                run.stack.pop()
            if arguments is None and _raised(frame):
                # No instance is built in this world: what its methods do there is moot.
                run.impossible = True
            after = frame.env.get(self_name)
            if isinstance(after, Instance):
                instance = after
        kept = tuple((name, value) for name, value in instance.attrs if name not in reassigned)
        return Instance(info.fullname, kept, key)


def _dataclass_fields(info: TypeInfo, analysis: Analysis) -> list[tuple[str, Expression | None]]:
    fields: list[tuple[str, Expression | None]] = []
    for base in reversed(info.mro):
        if "dataclass" not in base.metadata:
            continue
        for statement in analysis.class_body(base):
            if isinstance(statement, AssignmentStmt) and len(statement.lvalues) == 1:
                target = statement.lvalues[0]
                if isinstance(target, NameExpr):
                    default = None if statement.type is not None and _is_temp(statement.rvalue) else statement.rvalue
                    fields = [(name, d) for name, d in fields if name != target.name]
                    fields.append((target.name, default))
    return fields


def _is_temp(expression: Expression) -> bool:
    # ``x: int`` without a value is parsed with a placeholder right-hand side.
    return isinstance(expression, TempNode)


def _method(info: TypeInfo, name: str, analysis: Analysis) -> tuple[TypeInfo, FuncDef] | None:
    for base in info.mro:
        symbol_node = base.names.get(name)
        if symbol_node is None:
            continue
        if symbol_node.plugin_generated:
            # A method a mypy plugin wrote (a dataclass's ``__init__``): no code to read.
            return None
        node = symbol_node.node
        function = node.func if isinstance(node, Decorator) else node
        readable = analysis.readable(function) if isinstance(function, FuncDef) and analysis.owns(base) else None
        return (base, readable) if readable is not None else None
    return None


def _attributes_assigned_outside_init(info: TypeInfo, analysis: Analysis) -> set[str]:
    """The attributes that code other than the ``__init__`` walked may assign on an instance:
    the methods of the class and of its user bases, whose methods all run on it, and any
    code of its subclasses, whose instances its own methods run on too."""
    names: set[str] = set()
    for base in info.mro:
        if analysis.owns(base):
            names |= _attributes_assigned(base, analysis, but="__init__")
    modules = [module for module in (analysis.tree, analysis.modules.get(info.module_name)) if module is not None]
    for subclass in inheritance.subclasses(info, modules):
        if analysis.owns(subclass):
            names |= _attributes_assigned(subclass, analysis, but=None)
    return names


def _attributes_assigned(info: TypeInfo, analysis: Analysis, but: str | None) -> set[str]:
    """The attributes of ``self`` a class's own methods (all but the one named ``but``) assign."""
    names: set[str] = set()
    for name, symbol_node in info.names.items():
        node = symbol_node.node
        function = node.func if isinstance(node, Decorator) else node
        function = analysis.readable(function) if isinstance(function, FuncDef) else None
        if function is None or name == but or not function.arguments:
            continue
        self_name = function.arguments[0].variable.name
        for assigned in _assigned_names(function.body.body):
            owner, _, attribute = assigned.partition(".")
            if owner == self_name and attribute:
                names.add(attribute)
    return names


def _is_library(info: TypeInfo, analysis: Analysis) -> bool:
    """Whether a class is torch's or another library's: what its methods assign is no user's attribute."""
    module = analysis.modules.get(info.module_name)
    return module is None or info.module_name.split(".")[0] in _NOT_USER_CODE or not is_user_code(module)


def _raised(frame: Frame) -> bool:
    """Whether every path through a walked body raised (or failed an assert)."""
    return frame.stopped and not frame.returns


def _touches(value: Value) -> bool:
    """Whether a shape error can be found with a value: a module, or a module's results
    (their structure). Other tensors meet a contract only through a module or a jaxtyping
    annotation, and those mark the run themselves."""
    return isinstance(value, Module) or (isinstance(value, (Tup, Tensor)) and value.role is not None)


def _annotated_with_shapes(function: FuncDef) -> bool:
    """Whether a function's parameters or results carry jaxtyping shapes: its calls and
    returns are checked against them."""
    signature = function.type
    if not isinstance(signature, CallableType):
        return False
    pending = [*signature.arg_types, signature.ret_type]
    while pending:
        proper = get_proper_type(pending.pop())
        if isinstance(proper, TupleType):
            pending.extend(proper.items)
        elif declared_shape(proper) is not None:
            return True
    return False
