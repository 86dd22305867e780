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


def tambah_galat(form, exc: ApplicationError, *, field: str | None = None) -> None:
    """Put a service error on the form field it names (``field`` overrides it): a name of a row
    (``"tl-1"``) goes to that row's first field (``"tl-1-judul"``); otherwise on the form as a
    whole. The view then re-renders the bound form, so what the user typed stays."""
    nama = field or exc.field
    if nama and nama not in form.fields:
        nama = next((n for n in form.fields if n.startswith(f"{nama}-")), None)
    form.add_error(nama, exc.message)


def galat_atau_404(form, exc: ApplicationError) -> None:
    """Like :func:`tambah_galat`, but an object the user may not see answers 404 (never a hint)."""
    if isinstance(exc, NotFound):
        from django.http import Http404

        raise Http404 from exc
    tambah_galat(form, exc)
