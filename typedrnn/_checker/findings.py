"""What the interpreter found, before it becomes mypy errors.

A finding is an error (or a note, for ``reveal_shape``) at a line, worded as the
run-time check words the same mistake: the first line is the error, the others
are notes. A finding made inside an inlined call (a helper method, a user
module's ``forward``) is reported at the call, with the path to the line inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from typedrnn._contracts import Problem


@dataclass(frozen=True)
class Finding:
    line: int
    column: int
    lines: tuple[str, ...]
    argument: str
    severity: str = "error"
    # Where the finding was made, when it is reported at a call that led there.
    inner_line: int | None = None
    via: tuple[tuple[str, int], ...] = field(default=())
    condition: str | None = None
    # The file of ``inner_line``, when it is not the one reported on.
    inner_file: str | None = None

    @classmethod
    def of_problem(cls, problem: Problem, line: int, column: int) -> Finding:
        summary, *details = problem.message().splitlines()
        return cls(line, column, (summary, *(detail.strip() for detail in details)), problem.argument)

    def place(self) -> tuple[object, ...]:
        """What makes two worlds' findings the same finding."""
        return (self.line, self.column, self.argument, self.severity, self.inner_line)

    def relocated(self, site: tuple[int, int], via: list[tuple[str, int]], inner_file: str | None) -> Finding:
        if self.inner_line is not None:
            return self
        return replace(
            self, line=site[0], column=site[1], inner_line=self.line, via=tuple(via), inner_file=inner_file
        )

    def conditioned(self, condition: str) -> Finding:
        return replace(self, condition=condition)

    def messages(self) -> tuple[str, list[str]]:
        """The error's text and its notes, in order."""
        notes: list[str] = []
        if self.condition:
            notes.append(f"{self.condition}:")
        if self.inner_line is not None:
            path = " → ".join(f"{name}" for name, _ in self.via) or "the call"
            place = f"line {self.inner_line}" if self.inner_file is None else f"line {self.inner_line} of {self.inner_file}"
            notes.append(f"in {path}, {place}")
        notes.extend(self.lines[1:])
        return self.lines[0], notes


def keep_outermost_once(findings: list[Finding]) -> list[Finding]:
    """Drop a finding made inside a call when the callee's own line reports it already."""
    direct = {(f.line, f.argument) for f in findings if f.inner_line is None and f.severity == "error"}
    seen: set[tuple[int, tuple[str, ...]]] = set()
    kept: list[Finding] = []
    for finding in findings:
        inside_this_file = finding.inner_line is not None and finding.inner_file is None
        if inside_this_file and (finding.inner_line, finding.argument) in direct:
            continue
        key = (finding.line, finding.lines)
        if key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    return kept
