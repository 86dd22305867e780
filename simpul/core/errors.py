"""One family of errors for every domain.

Services raise these; views turn them into form errors or messages, the API into
``{"detail": ...}`` with a 4xx status. Messages are translatable and written for the user.
"""

from __future__ import annotations


class ApplicationError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code or self.__class__.__name__
        self.extra = extra or {}


class ValidationError(ApplicationError):
    """Bad input: the user can fix it."""


class NotFound(ApplicationError):
    """The object does not exist, or the user may not see it (we never reveal which)."""

    status = 404


class Forbidden(ApplicationError):
    """The user sees the object but may not do this to it (only for visible objects)."""

    status = 403


class Conflict(ApplicationError):
    """The object's state does not allow this (e.g. approving a KIM that is still a draft)."""

    status = 409
