"""Keep the app alive: an error in a handler becomes a notification, never a crash.

Textual stops an app on any exception that escapes a message handler or an action. The model is
safe either way (it only changes through :meth:`Document.execute`, which is all or nothing), so
handlers and actions of this app are wrapped with :func:`guarded`: a user error
(:class:`~core.errors.TablewrightError`) is shown as a warning, a bug as an error notification
with its type, and the traceback goes to Textual's log. ``TABLEWRIGHT_DEBUG=1`` lets bugs crash
the app, with the traceback, as usual.
"""

from __future__ import annotations

import functools
import inspect
import os
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from textual import log
from textual.actions import SkipAction
from textual.app import App

from core.errors import TablewrightError

F = TypeVar("F", bound=Callable[..., Any])


def report(app: App[Any], error: BaseException) -> None:
    """Show ``error`` to the user (and log the traceback of a bug)."""
    if isinstance(error, TablewrightError):
        app.notify(str(error), title="Cannot do that", severity="warning", timeout=8)
        return
    log.error("".join(traceback.format_exception(error)))
    app.notify(f"{type(error).__name__}: {error}\nThe model is unchanged; this is a bug in tablewright.",
               title="Internal error", severity="error", timeout=12)


def _passthrough(error: BaseException) -> bool:
    return isinstance(error, SkipAction) or bool(os.environ.get("TABLEWRIGHT_DEBUG"))


def guarded(func: F) -> F:
    """Wrap a handler or action (sync or async, method of a DOM node) so that an exception is
    reported instead of stopping the app."""
    if inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await func(self, *args, **kwargs)
            except Exception as error:
                if _passthrough(error):
                    raise
                report(self.app, error)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(self, *args, **kwargs)
        except Exception as error:
            if _passthrough(error):
                raise
            report(self.app, error)
            return None

    return wrapper  # type: ignore[return-value]
