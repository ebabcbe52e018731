"""Error types raised by services; views and the API exception handler translate them."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `message` is shown to the user (Chinese)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict:
        data = {"detail": self.message}
        if self.field:
            data["field"] = self.field
            data["errors"] = [{"row": None, "column": self.field, "message": self.message}]
        data.update(self.extra)
        return data


class NotPermitted(DomainError):
    """The actor may see the object but may not perform this action on it."""

    status_code = 403


class TransitionNotAllowed(DomainError):
    """The object's current state does not allow this transition (409, with the allowed ones)."""

    status_code = 409


class ConcurrentChange(DomainError):
    """Someone else changed the object first: reload and try again (409)."""

    status_code = 409


class RowErrors(DomainError):
    """An import found errors; nothing was written. `rows` holds (row, column, message) dicts."""

    def __init__(self, rows: list[dict], message: str = ""):
        super().__init__(message or f"文件中有 {len(rows)} 处错误，未导入任何数据。", extra={"errors": rows})
        self.rows = rows
