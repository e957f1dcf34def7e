"""The one exception tree of beleidsgraaf.

Every error the package raises on purpose derives from :class:`BeleidsgraafError`, so callers (the CLI, the
web app) can catch that one class and show the message. Errors that point into a file carry the file and
line (:class:`SourceLocation`), errors about a request carry the parameter they concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A position in an authoring file: path and 1-based line (and column, when known)."""

    path: Path
    line: int
    column: int | None = None

    def __str__(self) -> str:
        col = f":{self.column}" if self.column is not None else ""
        return f"{self.path}:{self.line}{col}"


class BeleidsgraafError(Exception):
    """Base class of every error raised on purpose by beleidsgraaf."""


class ConfigurationError(BeleidsgraafError):
    """A setting is missing or has an impossible value."""


class OntologyError(BeleidsgraafError):
    """The packaged ontology or shapes cannot be loaded (a packaging bug, never user input)."""


class RecordError(BeleidsgraafError):
    """One problem in an authoring record, with the file and line it was found at."""

    def __init__(self, message: str, location: SourceLocation | None = None, code: str = "record") -> None:
        self.message = message
        self.location = location
        self.code = code
        super().__init__(f"{location}: {message}" if location else message)


class ValidationFailed(BeleidsgraafError):
    """The sources failed validation; :attr:`problems` lists every problem found, in file order."""

    def __init__(self, problems: list[RecordError]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the sources:\n" + "\n".join(str(p) for p in problems))


class StoreError(BeleidsgraafError):
    """The store could not be opened, read or written."""


class NotReady(StoreError):
    """What the request needs is still being built from the store (in the background); ask again later.

    :attr:`retry_after` is the number of seconds after which asking again makes sense (HTTP ``Retry-After``).
    """

    def __init__(self, message: str, retry_after: int = 5) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class QueryError(BeleidsgraafError):
    """A SPARQL query or update is malformed or not allowed.

    :attr:`position` is the (line, column) the parser reported, when it did.
    """

    def __init__(self, message: str, position: tuple[int, int] | None = None) -> None:
        self.message = message
        self.position = position
        super().__init__(message)


class QueryForbidden(QueryError):
    """The query asks for something the configuration forbids (SERVICE, LOAD or FROM to a non-allowed IRI)."""


class QueryTimeout(BeleidsgraafError):
    """A query ran longer than the configured limit and was stopped."""


class ShapesViolation(BeleidsgraafError):
    """A write would make the graph violate the SHACL shapes; nothing of it was applied.

    :attr:`violations` lists each added violation as a dict (focus, path, shape, value, message_nl, message_en).
    """

    def __init__(self, violations: list[dict[str, str]]) -> None:
        self.violations = violations
        first = violations[0] if violations else {}
        super().__init__(f"{len(violations)} SHACL violation(s), e.g. {first.get('focus', '')}: "
                         f"{first.get('message_en', '')}")


class NotFound(BeleidsgraafError):
    """An entity, graph or file that was asked for does not exist.

    :attr:`suggestions` holds the closest known identifiers, best first.
    """

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message)


class InvalidParameter(BeleidsgraafError):
    """A request or command parameter has an impossible value; :attr:`parameter` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")
