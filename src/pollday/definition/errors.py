"""The one error the definition loader raises: every problem found, not just the first."""

from __future__ import annotations

from collections.abc import Sequence

from pollday.domain.election import DefinitionProblem


class DefinitionError(Exception):
    """An election definition that cannot be used, with everything wrong with it.

    Each problem's `where` names the file (and line, where there is one) and its message
    starts with the field, so `str(problem)` reads like "stations.csv line 14: electorate
    'abc' is not a whole number".
    """

    def __init__(self, problems: Sequence[DefinitionProblem]) -> None:
        self.problems: list[DefinitionProblem] = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        heading = f"The election definition has {count} problem{'' if count == 1 else 's'}:"
        return "\n".join([heading, *(f"  {problem}" for problem in self.problems)])
