"""Safe YAML with limits: refused before it can exhaust time, memory or the stack.

PyYAML's ``SafeLoader`` never runs code, but it does not bound the work a document asks
for: an alias bomb (a few lines whose aliases expand to billions of nodes) makes any walk
over the result spin, a file nested thousands of levels deep overflows the recursion limit,
and a 50 MB file takes a minute and a gigabyte. :func:`load` refuses all three *before*
constructing Python objects, with one line naming the file, the value and the limit:

* the size of the text (:data:`MAX_BYTES`, checked before the file is read when it comes
  from :func:`load_file`);
* the number of aliases (:data:`MAX_ALIASES`) and the nesting depth (:data:`MAX_DEPTH`),
  counted while the document is composed;
* the number of nodes *after* alias expansion (:data:`MAX_NODES`), computed on the node
  graph without expanding it.

Only the core tags are accepted (strings, numbers, booleans, null, mappings, lists, and the
merge key ``<<``, which is safe); ``!!python/...``, custom ``!tags``, timestamps and binary
are refused, as are duplicate keys. Errors carry the line number and never echo more of the
document than the offending key or tag.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hpresearch.errors import HPResearchError, ScenarioError, error_message

#: Largest YAML text accepted, in bytes (scenario files are a few kB).
MAX_BYTES = 1 << 20
#: Largest number of aliases (``*name``) in one document.
MAX_ALIASES = 100
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 32
#: Largest number of nodes after alias expansion.
MAX_NODES = 50_000

_TAG = "tag:yaml.org,2002:"
CORE_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))
MERGE_TAG = _TAG + "merge"


@dataclass(frozen=True)
class Limits:
    """Limits applied by :func:`load` (defaults: the module constants)."""

    max_bytes: int = MAX_BYTES
    max_aliases: int = MAX_ALIASES
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()
#: Limits for the project's own files (registry, catalogue): larger, same kind.
PACKAGE_LIMITS = Limits(max_bytes=4 << 20, max_nodes=500_000)


class _LimitExceeded(Exception):
    def __init__(self, what: str, value: int, limit: int, line: int | None):
        super().__init__(what)
        self.what, self.value, self.limit, self.line = what, value, limit, line


#: Floats in exponent form (``1e3``, ``-2E-1``, ``0.5e2``): YAML 1.2 reads them as numbers,
#: PyYAML's YAML 1.1 resolver as text (it wants a dot and a signed exponent). Tried after
#: the int and float resolvers; no underscores (``1_0e-1`` stays text).
EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader whose composer counts aliases and depth as it goes (pure Python, so the
    recursion is bounded before Python's own limit is reached), and which reads ``1e3`` as a
    number (:data:`EXPONENT_FLOAT`) in scenario files and ``--set`` alike."""

    limits: Limits = DEFAULT_LIMITS

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.max_aliases:
                mark = self.peek_event().start_mark
                raise _LimitExceeded("aliases", self._aliases, self.limits.max_aliases,
                                     mark.line + 1)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > self.limits.max_depth:
            mark = self.peek_event().start_mark
            raise _LimitExceeded("nesting depth", self._depth, self.limits.max_depth,
                                 mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_LimitedLoader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT,
                                     list("-+.0123456789"))


def _fail(error: type[HPResearchError], where: str, rule: str, line: int | None = None,
          value: object = None) -> HPResearchError:
    loc = f"{where} line {line}" if line else where
    return error(error_message(where=loc, value=value, rule=rule))


def _check_graph(root: yaml.Node, where: str, limits: Limits,
                 error: type[HPResearchError]) -> None:
    """Tags, duplicate keys, expanded size and depth of a composed node graph.

    Each distinct node is visited once (aliases share nodes), so an alias bomb costs as
    much as its text, and its expanded size is computed by memoised sums.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    # iterative post-order walk: no recursion whatever the depth
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in size and not done:
            continue
        if not done:
            if node.tag not in CORE_TAGS and node.tag != MERGE_TAG:
                raise _fail(error, where, "YAML tag not allowed (only plain strings, numbers, "
                            "booleans, null, mappings, lists and merge keys '<<'; e.g. "
                            "!!python tags are unsafe)", node.start_mark.line + 1,
                            value=node.tag)
            if isinstance(node, yaml.MappingNode):
                seen = set()
                for k, _ in node.value:
                    if k.tag == MERGE_TAG and not isinstance(k, yaml.ScalarNode):
                        raise _fail(error, where, "merge key must be '<<'",
                                    k.start_mark.line + 1)
                    name = k.value if isinstance(k, yaml.ScalarNode) else None
                    if name is not None and name in seen:
                        raise _fail(error, where, "duplicate key", k.start_mark.line + 1,
                                    value=name)
                    seen.add(name)
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            else:
                children = []
            if node.tag == MERGE_TAG and not isinstance(node, yaml.ScalarNode):
                raise _fail(error, where, "YAML tag not allowed", node.start_mark.line + 1,
                            value=node.tag)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            continue
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        size[key] = 1 + sum(size.get(id(c), 1) for c in children)
        depth[key] = 1 + max((depth.get(id(c), 0) for c in children), default=0)
        if size[key] > limits.max_nodes:
            raise _fail(error, where, f"expands to more than {limits.max_nodes:,} values "
                        "(alias bomb?); refused before it is built", node.start_mark.line + 1)
        if depth[key] > limits.max_depth:
            raise _fail(error, where, f"is nested more than {limits.max_depth} levels deep",
                        node.start_mark.line + 1)


def load(text: str | bytes, where: str, *, error: type[HPResearchError] = ScenarioError,
         limits: Limits = DEFAULT_LIMITS, trusted: bool = False) -> Any:
    """Parse one YAML document within ``limits``; raise ``error`` (one line) otherwise.

    Parameters
    ----------
    text : str or bytes
        The document (bytes are decoded as UTF-8).
    where : str
        What the document is (a file name, ``--set KEY``), used in messages.
    error : HPResearchError subclass
        Exception class raised on any problem.
    limits : Limits
    trusted : bool
        The project's own files: composed with libyaml when available (faster; the depth
        is then checked after composing).
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > limits.max_bytes:
        raise _fail(error, where, f"is {size:,} bytes; YAML input is limited to "
                    f"{limits.max_bytes:,} bytes")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _fail(error, where, f"is not UTF-8 (byte offset {err.start})") from None
    if trusted and hasattr(yaml, "CSafeLoader"):
        loader = yaml.CSafeLoader(text)
    else:
        loader_cls = type("_Loader", (_LimitedLoader,), {"limits": limits})
        loader = loader_cls(text)
    try:
        try:
            node = loader.get_single_node()
        except _LimitExceeded as err:
            raise _fail(error, where, f"has more than {err.limit} {err.what} (limit); refused "
                        "before it is built", err.line) from None
        except RecursionError:
            raise _fail(error, where, "is nested too deeply") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise _fail(error, where, f"is not valid YAML ({problem})",
                        mark.line + 1 if mark else None) from None
        if node is None:
            return None
        _check_graph(node, where, limits, error)
        try:
            constructor = yaml.SafeLoader("")
            return constructor.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, KeyError, OverflowError,
                RecursionError) as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", None) or type(err).__name__
            if isinstance(err, ValueError) and "digits" in str(err):
                problem = "integer with too many digits"
            raise _fail(error, where, f"is not valid YAML ({problem})",
                        mark.line + 1 if mark else None) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


def read_limited(path: str | Path, where: str | None = None, *,
                 error: type[HPResearchError] = ScenarioError,
                 max_bytes: int = MAX_BYTES) -> bytes:
    """Read a *regular* file of at most ``max_bytes`` bytes (refused before reading).

    Named pipes, devices and sockets are refused (reading them can block forever or never
    end), and so is anything larger than the limit.
    """
    path = Path(path)
    where = where or str(path)
    try:
        st = os.stat(path)
    except OSError as err:
        raise error(error_message(where=where, rule=f"cannot be read ({type(err).__name__})")) \
            from None
    if stat.S_ISDIR(st.st_mode):
        raise error(error_message(where=where, rule="is a folder, not a file"))
    if not stat.S_ISREG(st.st_mode):
        raise error(error_message(where=where, rule="is not a regular file (named pipes, "
                                  "devices and sockets are refused)"))
    if st.st_size > max_bytes:
        raise error(error_message(where=where, rule=f"is {st.st_size:,} bytes; the limit is "
                                  f"{max_bytes:,} bytes"))
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise error(error_message(where=where, rule=f"cannot be read ({type(err).__name__})")) \
            from None
    if len(data) > max_bytes:  # grew while we read it
        raise error(error_message(where=where, rule=f"is larger than the limit of "
                                  f"{max_bytes:,} bytes"))
    return data


def load_file(path: str | Path, where: str | None = None, *,
              error: type[HPResearchError] = ScenarioError, limits: Limits = DEFAULT_LIMITS,
              trusted: bool = False) -> Any:
    """:func:`read_limited` then :func:`load`."""
    where = where or str(path)
    data = read_limited(path, where, error=error, max_bytes=limits.max_bytes)
    return load(data, where, error=error, limits=limits, trusted=trusted)
