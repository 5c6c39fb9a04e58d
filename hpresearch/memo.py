"""In-process memos: the package's one mechanism for remembering results in memory.

A :class:`Memo` is a dictionary that forgets everything when it is full; :func:`memoised`
wraps a function in one. Every memo registers itself, so one call, :func:`clear_cache`,
forgets every result that depends on the data files (calibrations, panels, backtests, fits,
stored answers) - after the data files change in a running session. This module imports
nothing from :mod:`hpresearch`, so every layer may use it. On-disk stores are described in
docs/architecture.md ("Caches").
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any

_MEMOS: list[Memo] = []


class Memo(dict):
    """A dictionary of remembered results that empties itself when it reaches ``maxsize``.

    Parameters
    ----------
    maxsize : int, optional
        Entries kept before the memo starts again (default: no limit).
    """

    def __init__(self, maxsize: int | None = None) -> None:
        super().__init__()
        self.maxsize = maxsize
        _MEMOS.append(self)

    def __setitem__(self, key: Hashable, value: Any) -> None:
        if self.maxsize is not None and key not in self and len(self) >= self.maxsize:
            self.clear()
        super().__setitem__(key, value)


def memoised(maxsize: int | None = None) -> Callable[[Callable], Callable]:
    """Decorator: remember a function's result per (hashable) positional arguments in a
    :class:`Memo` of ``maxsize`` entries."""
    def wrap(func: Callable) -> Callable:
        memo = Memo(maxsize)

        @functools.wraps(func)
        def call(*args: Hashable) -> Any:
            if args not in memo:
                memo[args] = func(*args)
            return memo[args]

        call.memo = memo
        return call
    return wrap


def clear_cache() -> None:
    """Forget every remembered result (after data files change in a running session)."""
    for memo in _MEMOS:
        memo.clear()
