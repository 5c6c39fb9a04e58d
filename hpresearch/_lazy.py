"""The one way a package of hpresearch exports names: lazily, on first use (PEP 562).

A package ``__init__`` declares its public names and the module each lives in::

    from hpresearch._lazy import lazy_exports

    __getattr__, __dir__, __all__ = lazy_exports(__name__, {"project": "projection"})

``hpresearch.model.project`` (or ``from hpresearch.model import project``) then imports
``hpresearch.model.projection`` the first time it is asked for, so importing a package stays
cheap (no pandas, matplotlib or statsmodels until a name needs them). Every public submodule
(a module whose name does not start with ``_``) is reachable as an attribute too
(``hpresearch.report.answers``), without being listed. ``__all__`` is the public API: the
exported names, not the submodules (see "Public API" in docs/architecture.md).
"""
from __future__ import annotations

import pkgutil
import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(package: str, exports: Mapping[str, str]
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """Module ``__getattr__``, ``__dir__`` and ``__all__`` of a package with lazy exports.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Public name -> the submodule (relative to ``package``) that defines it.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__, __all__)`` to assign in the package's ``__init__``.
        ``__getattr__`` imports the submodule of an exported name, or a public submodule,
        on first use and caches the result on the package; any other name raises
        :class:`AttributeError`. ``__all__`` is the sorted exported names.
    """
    exports = dict(exports)

    def _submodules() -> set[str]:
        path = getattr(sys.modules[package], "__path__", ())
        return {m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_")}

    def __getattr__(name: str):
        if name in exports:
            value = getattr(import_module(f"{package}.{exports[name]}"), name)
        elif name in _submodules():
            value = import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports) | _submodules())

    return __getattr__, __dir__, sorted(exports)
