"""Load and validate the observation files.

Every ``*.csv`` in ``data/observations/`` is read as UTF-8 and checked row by row against
the vocabulary (:mod:`hpresearch.data.vocabulary`) and the patterns of
:mod:`hpresearch.data.schema`: these row checks are the one validation of observation rows
(across rows: unique ``obs_id`` and figure, no duplicate lines). The first problem raises
:class:`~hpresearch.errors.DataValidationError` with a one-line message of the form::

    data/observations/grdp.csv row 11 (line 12), column 'unit': value 'kg' is not a known unit (...)

``row`` counts data rows from 1 (the header is not a row); ``line`` is the line of the CSV
file (the header is line 1).
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from hpresearch.data import schema as sch
from hpresearch.data import vocabulary as voc
from hpresearch.errors import DataValidationError
from hpresearch.errors import quoted as quote_value
from hpresearch.fileio import file_sha256
from hpresearch.paths import is_inside, observations_dir
from hpresearch.textsafe import describe_char, find_control

#: Columns that identify one published figure: a page states it once.
FIGURE_KEY = ("indicator", "geography", "period", "value", "qualifier", "unit", "basis",
              "source_url")
#: Extra columns added by the loader (not present in the files).
META_COLUMNS = ("file", "line")
#: Largest observation file accepted (bytes); ``HPRESEARCH_MAX_CSV_BYTES`` overrides it.
MAX_CSV_BYTES = 32 << 20
#: Free-text columns that may hold tabs and line feeds (every other column is one line).
MULTILINE_COLUMNS = ("quote", "note_en")

_PARTIAL = re.compile(r"^\d{4}-(H[12]|Q[1-4]|\d{1,2}M)$")
_MULTI = re.compile(r"^(\d{4})-(\d{4})$")
_MONTH = re.compile(r"^\d{4}-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


def _short(value: str, n: int = 60) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _listing(values, n: int = 8) -> str:
    values = list(values)
    head = ", ".join(values[:n])
    return head + (f", … ({len(values)} in all)" if len(values) > n else "")


class _Reporter:
    """Builds the one-line messages for one file."""

    def __init__(self, display: str):
        self.display = display

    def fail(self, rule: str, *, row: int | None = None, line: int | None = None,
             column: str | None = None, value: object = None) -> DataValidationError:
        where = self.display
        if row is not None:
            where += f" row {row} (line {line})"
        elif line is not None:
            where += f" line {line}"
        if column is not None:
            where += f", column '{column}'"
        if value is not None:
            return DataValidationError(f"{where}: value {_short(str(value))!r} {rule}")
        return DataValidationError(f"{where}: {rule}")


def _display_path(path: Path) -> str:
    """Path shown in messages: relative to the current directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _check_period(rep, row, line, period, year, ptype):
    """Check period syntax, its agreement with ``year`` and with ``period_type``."""
    if not re.match(sch.PERIOD_PATTERN, period):
        raise rep.fail("is not a period (use 2019, 2018-H1, 2018-9M, 2017-10 or 2021-2025)",
                       row=row, line=line, column="period", value=period)
    multi = _MULTI.match(period)
    end = int(multi.group(2)) if multi else int(period[:4])
    if multi and int(multi.group(1)) >= end:
        raise rep.fail("is not a period: the start year must precede the end year",
                       row=row, line=line, column="period", value=period)
    month = _MONTH.match(period)
    if month and not 1 <= int(month.group(1)) <= 12:
        raise rep.fail("is not a period: month must be 01..12",
                       row=row, line=line, column="period", value=period)
    if end != year:
        raise rep.fail(f"does not match period {period!r}: year must be the year the period "
                       f"ends in ({end})", row=row, line=line, column="year", value=year)
    allowed = {
        "annual": bool(_YEAR.match(period)),
        "partial_year": bool(_PARTIAL.match(period)),
        "multi_year": bool(multi),
        "cumulative": bool(multi or month or _YEAR.match(period)),
        "as_of": bool(month or _YEAR.match(period)),
        "forecast": True,
    }
    if not allowed[ptype]:
        raise rep.fail(f"does not fit period {period!r} (annual: YYYY; partial_year: "
                       "YYYY-H1/YYYY-9M; multi_year: YYYY-YYYY; as_of: YYYY-MM)",
                       row=row, line=line, column="period_type", value=ptype)


def _check_row(rep, rownum, line, rec):
    """Validate one record (dict of strings) in column order; return ``(year, value)``.

    The first broken rule raises :class:`DataValidationError` naming file, row, line,
    column, value and rule; :func:`_check_value` and :func:`_check_source` check the rest.
    """
    def fail(column, rule, value=None):
        return rep.fail(rule, row=rownum, line=line, column=column,
                        value=rec[column] if value is None else value)

    for column, text in rec.items():
        bad = find_control(text, allow_newlines=column in MULTILINE_COLUMNS)
        if bad is not None:
            raise fail(column, "is a control character, not allowed in data text (no escape "
                       "sequences, NUL, bidirectional overrides"
                       + ("" if column in MULTILINE_COLUMNS else ", tabs or line breaks")
                       + f"; found in {_short(text.replace(bad, '?'), 40)!r})",
                       value=describe_char(bad))
    if not re.match(sch.OBS_ID_PATTERN, rec["obs_id"]):
        raise fail("obs_id", "is not a valid id (lower-case letters, digits, '-', '_', '.'; "
                   "not empty)")
    ind = rec["indicator"]
    if ind not in voc.INDICATORS:
        near = voc.close_matches(ind, voc.INDICATORS)
        raise fail("indicator", "is not a known indicator"
                   + (f" (did you mean: {', '.join(near)}?)" if near else
                      " (see hpresearch/data/vocabulary.py)"))
    geo = rec["geography"]
    if geo not in voc.GEOGRAPHIES:
        near = voc.close_matches(geo, voc.GEOGRAPHIES)
        raise fail("geography", "is not a known geography"
                   + (f" (did you mean: {', '.join(near)}?)" if near else
                      f" (allowed: {_listing(voc.GEOGRAPHIES)})"))
    year_txt = rec["year"]
    if not re.fullmatch(r"-?\d+", year_txt):
        raise fail("year", "is not an integer year")
    year = int(year_txt)
    if not voc.YEAR_MIN <= year <= voc.YEAR_MAX:
        raise fail("year", f"is out of range (allowed {voc.YEAR_MIN}..{voc.YEAR_MAX})")
    ptype = rec["period_type"]
    if ptype not in voc.PERIOD_TYPES:
        raise fail("period_type", f"is not a known period type (allowed: "
                   f"{_listing(voc.PERIOD_TYPES)})")
    _check_period(rep, rownum, line, rec["period"], year, ptype)
    value = _check_value(fail, rec)
    _check_source(fail, rec)
    return year, value


def _check_value(fail, rec) -> float:
    """The value, qualifier and unit of one record (after its indicator is known)."""
    ind = rec["indicator"]
    vtxt = rec["value"]
    try:
        if not vtxt.strip() or "," in vtxt or "_" in vtxt:
            raise ValueError
        value = float(vtxt)
    except ValueError:
        raise fail("value", "is not a number (use '.' as decimal separator, no thousands "
                   "separators, no units)") from None
    if not math.isfinite(value):
        raise fail("value", "is not a finite number")
    if rec["qualifier"] not in voc.QUALIFIERS:
        raise fail("qualifier", f"is not a known qualifier (allowed: empty, "
                   f"{_listing([q for q in voc.QUALIFIERS if q])})")
    unit = rec["unit"]
    if unit not in voc.UNITS:
        raise fail("unit", f"is not a known unit (allowed: {_listing(voc.UNITS, 20)})")
    spec = voc.INDICATORS[ind]
    if unit not in spec.units:
        raise fail("unit", f"is not allowed for indicator {ind!r} (allowed: "
                   f"{', '.join(spec.units)})")
    if unit in voc.SHARE_UNITS and not sch.is_rate(ind) and not 0 <= value <= 100:
        raise fail("value", f"is outside 0..100: a share in {unit} must lie between 0 and "
                   "100")
    if unit in voc.SHARE_UNITS and sch.is_rate(ind) and value <= -100:
        raise fail("value", "is not a possible rate of change (must be above -100 percent)")
    if unit == "vnd_per_usd" and value <= 0:
        raise fail("value", "is not a positive exchange rate")
    return value


def _check_source(fail, rec) -> None:
    """Basis, price basis, source, publication date, quote kind and confidence of one record."""
    ind = rec["indicator"]
    spec = voc.INDICATORS[ind]
    if rec["basis"] not in voc.BASES:
        raise fail("basis", f"is not a known basis (allowed: {_listing(voc.BASES)})")
    pb = rec["price_basis"]
    if pb not in voc.PRICE_BASES:
        raise fail("price_basis", f"is not a known price basis (allowed: "
                   f"{_listing(voc.PRICE_BASES)})")
    if pb not in spec.price_basis:
        raise fail("price_basis", f"is not allowed for indicator {ind!r} (allowed: "
                   f"{', '.join(spec.price_basis)})")
    url = rec["source_url"]
    if not url.strip():
        raise fail("source_url", "is empty: every observation needs the address of the page "
                   "that published it", value="")
    if not re.match(sch.URL_PATTERN, url):
        raise fail("source_url", "is not an http(s) address: a host, then no spaces, quotes, "
                   "angle brackets or \\^`{|} and '%' only as %XX (RFC 3986)")
    if not rec["publisher"].strip():
        raise fail("publisher", "is empty: name who published the figure", value="")
    if not re.match(sch.PUBLISHED_PATTERN, rec["published"]):
        raise fail("published", "is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, or leave "
                   "empty)")
    kind = rec["quote_kind"]
    if kind and kind not in voc.QUOTE_KINDS:
        raise fail("quote_kind", f"is not a quote kind (allowed: {', '.join(voc.QUOTE_KINDS)}, "
                   "or empty when the row has no quote)")
    if kind and not rec["quote"].strip():
        raise fail("quote_kind", "is set but the quote is empty (put the wording in 'quote')")
    if rec["confidence"] not in voc.CONFIDENCE:
        raise fail("confidence", f"is not a confidence level (allowed: "
                   f"{', '.join(voc.CONFIDENCE)})")


def _read_file(path: Path, display: str) -> list[dict]:
    """Read and validate one CSV file; return typed records (with file and line)."""
    rep = _Reporter(display)
    limit = _max_csv_bytes()
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as err:
        raise rep.fail(f"cannot be read ({type(err).__name__})") from None
    if len(raw) > limit:
        raise rep.fail(f"file is larger than {limit:,} bytes (the limit per observation file; "
                       "HPRESEARCH_MAX_CSV_BYTES raises it)")
    if not raw.strip():
        raise rep.fail("file is empty (expected a header line with the columns "
                       f"{', '.join(voc.COLUMNS)} and at least one data row)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise rep.fail(f"file is not UTF-8: byte 0x{raw[err.start]:02x} at byte offset "
                       f"{err.start} cannot be decoded (save the file as UTF-8)",
                       line=line) from None
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as err:  # pragma: no cover - guarded by strip()
        raise rep.fail(f"cannot read the header ({err})", line=1) from None
    header = [h.strip() for h in header]
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise rep.fail(f"header repeats column(s) {_short(', '.join(dup))}", line=1)
    missing = [c for c in voc.COLUMNS if c not in header]
    if missing:
        raise rep.fail(f"missing column(s) {', '.join(repr(m) for m in missing)} "
                       f"(required: {', '.join(voc.COLUMNS)})", line=1)
    unknown = [c for c in header if c not in voc.COLUMNS]
    if unknown:
        near = voc.close_matches(unknown[0], voc.COLUMNS)
        raise rep.fail(f"unknown column {_short(unknown[0], 40)!r}"
                       + (f" (did you mean {near[0]!r}?)" if near else "")
                       + f" (allowed: {', '.join(voc.COLUMNS)})", line=1)
    records = []
    seen: dict[tuple, int] = {}
    rownum = 0
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise rep.fail(f"is not valid CSV ({err})", line=line) from None
        if not fields or all(not f.strip() for f in fields):
            continue  # blank line
        rownum += 1
        if len(fields) != len(header):
            raise rep.fail(f"has {len(fields)} fields but the header has {len(header)} "
                           "(check quoting of commas)", row=rownum, line=line)
        rec = {h: f.strip() for h, f in zip(header, fields)}
        full = tuple(rec[c] for c in voc.COLUMNS)
        content = full[1:]
        if full in seen:
            raise rep.fail(f"is an exact duplicate of line {seen[full]} (each published "
                           "figure appears once)", row=rownum, line=line)
        if content in seen:
            raise rep.fail(f"duplicates line {seen[content]} in every column except obs_id "
                           "(each published figure appears once)", row=rownum, line=line)
        seen[full] = line
        seen[content] = line
        year, value = _check_row(rep, rownum, line, rec)
        rec["year"], rec["value"] = year, value
        rec["file"], rec["line"] = display, line
        records.append(rec)
    if not records:
        raise rep.fail("file has a header but no data rows")
    return records


def _max_csv_bytes() -> int:
    """The size limit per observation file (``HPRESEARCH_MAX_CSV_BYTES`` or 32 MiB)."""
    raw = os.environ.get("HPRESEARCH_MAX_CSV_BYTES")
    if raw is None:
        return MAX_CSV_BYTES
    try:
        value = int(raw)
        if value < 1:
            raise ValueError
    except ValueError:
        raise DataValidationError(f"HPRESEARCH_MAX_CSV_BYTES: value {quote_value(raw)} must be a "
                                  "positive number of bytes") from None
    return value


_inside = is_inside  # the one containment check (hpresearch.paths.is_inside)


def _vet_file(path: Path, root: Path | None) -> Path:
    """Refuse anything but a regular file of acceptable size (before it is opened).

    Named pipes block a reader forever and devices such as ``/dev/zero`` never end, so only
    regular files are read. A symbolic link is followed only when it points to a regular
    file inside ``root`` (the data folder); ``root=None`` (one file named explicitly) only
    requires a regular file.
    """
    display = _display_path(path)
    try:
        lst = os.lstat(path)
        st = os.stat(path)
    except OSError as err:
        raise DataValidationError(f"{display}: cannot be read ({type(err).__name__}; a "
                                  "broken link?)") from None
    if stat.S_ISLNK(lst.st_mode) and root is not None:
        target = path.resolve()
        if not _inside(target, root.resolve()):
            raise DataValidationError(f"{display}: is a link to {_short(str(target))!r} outside "
                                      f"the data folder {_display_path(root)} (links must stay "
                                      "inside it)")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a folder" if stat.S_ISDIR(st.st_mode) else
                "a named pipe" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise DataValidationError(f"{display}: is {kind}, not a regular file (the data folder "
                                  "may hold only regular CSV files)")
    limit = _max_csv_bytes()
    if st.st_size > limit:
        raise DataValidationError(f"{display}: is {st.st_size:,} bytes; the limit per "
                                  f"observation file is {limit:,} bytes "
                                  "(HPRESEARCH_MAX_CSV_BYTES raises it)")
    return path


def observation_files(path: str | Path | None = None) -> list[Path]:
    """Return the observation CSV files under ``path``, each vetted (:func:`_vet_file`).

    Parameters
    ----------
    path : str or Path, optional
        A data folder (holding ``observations/``), an observations folder, or one CSV
        file. Default: :func:`hpresearch.paths.observations_dir`.

    Raises
    ------
    DataValidationError
        A missing folder, no CSV files, or a file that is not a regular file of acceptable
        size (named pipes, devices, links leaving the data folder are refused).
    """
    from hpresearch.paths import observations_dir, path_problem

    if path is not None and path_problem(str(path)) is not None:
        raise DataValidationError(f"{_short(str(path))}: {path_problem(str(path))}")
    p = Path(path) if path is not None else observations_dir()
    if p.exists() and not p.is_dir():
        return [_vet_file(p, None)]
    root = p
    if (p / "observations").is_dir():
        p = p / "observations"
    elif p.name == "observations":
        root = p.parent
    if not p.is_dir():
        raise DataValidationError(f"{p}: observation folder not found")
    files = sorted(p.glob("*.csv"))
    if not files:
        raise DataValidationError(f"{p}: no observation files (*.csv) found")
    return [_vet_file(f, root) for f in files]


def _signature(files: list[Path]) -> tuple:
    out = []
    for f in files:
        st = f.stat()
        out.append((str(f.resolve()), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=16)
def _load_cached(signature: tuple) -> pd.DataFrame:
    records: list[dict] = []
    ids: dict[str, str] = {}
    figures: dict[tuple, str] = {}
    for fname, _, _ in signature:
        path = Path(fname)
        display = _display_path(path)
        for rec in _read_file(path, display):
            if rec["obs_id"] in ids:
                raise _Reporter(display).fail(
                    f"duplicates obs_id of {ids[rec['obs_id']]} (obs_id must be unique "
                    "across all files)", row=None, line=rec["line"], column="obs_id",
                    value=rec["obs_id"])
            figure = tuple(rec[c] for c in FIGURE_KEY)
            if figure in figures:
                raise _Reporter(display).fail(
                    f"records the same figure from the same page as {figures[figure]} "
                    f"(same {', '.join(FIGURE_KEY)}; each published figure appears once)",
                    line=rec["line"], column="value", value=rec["value"])
            ids[rec["obs_id"]] = f"{display} line {rec['line']}"
            figures[figure] = f"{display} line {rec['line']}"
            records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=list(voc.COLUMNS) + list(META_COLUMNS))
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["line"] = frame["line"].astype("int64")
    for col in voc.COLUMNS:
        if col not in ("year", "value"):
            frame[col] = frame[col].astype(object)
    return frame


def load_observations(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate every observation file.

    Parameters
    ----------
    path : str or Path, optional
        Data folder, observations folder or single CSV (default: the shipped data, or
        ``HPRESEARCH_DATA_DIR``).

    Returns
    -------
    pandas.DataFrame
        One row per published figure with the columns of
        :data:`hpresearch.data.vocabulary.COLUMNS` (``year`` int, ``value`` float, in the
        file's unit) plus ``file`` and ``line`` (where the row is).

    Raises
    ------
    DataValidationError
        On the first problem, with a one-line message naming file, row/line, column,
        value and rule.
    """
    files = observation_files(path)
    return _load_cached(_signature(files)).copy()


def _conflict_key() -> list[str]:
    """Columns that define one cell when looking for conflicting figures."""
    return ["indicator", "geography", "period", "basis", "unit"]


def mark_conflicts(obs: pd.DataFrame) -> pd.DataFrame:
    """Add a boolean ``conflict`` column: True where a cell holds different values.

    A cell is (indicator, geography, period, basis, unit). Ends of a published range
    (``range_low``/``range_high``) are not conflicts of each other; any other two rows
    in a cell with different (value, qualifier) are.
    """
    out = obs.copy()
    point = ~out["qualifier"].isin(["range_low", "range_high"])
    key = _conflict_key()
    sig = out["value"].map(repr) + "|" + out["qualifier"]
    sig = sig.where(point, None)
    counts = (pd.DataFrame({**{k: out[k] for k in key}, "sig": sig})
              .dropna(subset=["sig"])
              .groupby(key)["sig"].nunique())
    conflicted = set(counts[counts > 1].index)
    out["conflict"] = [tuple(r) in conflicted for r in out[key].itertuples(index=False)]
    out["conflict"] = out["conflict"] & point
    return out


@dataclass(frozen=True)
class CheckSummary:
    """What :func:`check` found.

    Attributes
    ----------
    files : int
    rows : int
    indicators : int
    geographies : int
    year_min, year_max : int
    conflicts : int
        Number of cells (indicator, geography, period, basis, unit) holding different values.
    rows_per_file : dict
    quoted : int
        Rows whose ``quote`` is not empty.
    quote_kinds : dict
        Rows per ``quote_kind`` (every kind of :data:`~hpresearch.data.vocabulary.QUOTE_KINDS`,
        in that order, zero included).
    missing_quotes_per_file : dict
        Rows with an empty ``quote`` per file (only files that have some).
    """

    files: int
    rows: int
    indicators: int
    geographies: int
    year_min: int
    year_max: int
    conflicts: int
    rows_per_file: dict = field(default_factory=dict)
    quoted: int = 0
    quote_kinds: dict = field(default_factory=dict)
    missing_quotes_per_file: dict = field(default_factory=dict)

    @property
    def missing_quotes(self) -> int:
        """Rows with an empty ``quote``."""
        return self.rows - self.quoted

    @property
    def quote_coverage(self) -> float:
        """Share of rows with a quote, in percent (100.0 for no rows)."""
        return 100.0 * self.quoted / self.rows if self.rows else 100.0

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        per = ", ".join(f"{Path(k).name} {v}" for k, v in self.rows_per_file.items())
        kinds = ", ".join(f"{k} {v}" for k, v in self.quote_kinds.items())
        out = [
            f"ok: {self.rows} observations in {self.files} files ({per})",
            f"{self.indicators} indicators, {self.geographies} geographies, "
            f"years {self.year_min}-{self.year_max}",
            f"{self.conflicts} cells with conflicting published values (all kept; "
            "see `hpresearch data sources INDICATOR`)",
            f"quotes: {self.quoted}/{self.rows} rows ({self.quote_coverage:.1f}%)"
            + (f": {kinds}" if kinds else ""),
        ]
        if self.missing_quotes_per_file:
            miss = ", ".join(f"{Path(k).name} {v}"
                             for k, v in self.missing_quotes_per_file.items())
            out.append(f"missing quotes: {self.missing_quotes} rows ({miss}); accepted only "
                       "because quotes were not required (--allow-missing-quotes); a plain "
                       "`hpresearch data check` rejects them")
        return out


def _first_unquoted(obs: pd.DataFrame) -> DataValidationError | None:
    """The one-line error for the first row (file order, then line) with an empty quote."""
    rownum = obs.groupby("file", sort=False).cumcount() + 1
    empty = obs["quote"].str.strip() == ""
    if not empty.any():
        return None
    i = empty[empty].index[0]
    r = obs.loc[i]
    return _Reporter(r["file"]).fail(
        "is empty: every observation needs the original wording of its source (copy the "
        "sentence, table cell or chart label from the page and set 'quote_kind')",
        row=int(rownum.loc[i]), line=int(r["line"]), column="quote")


def check(path: str | Path | None = None, require_quotes: bool = True) -> CheckSummary:
    """Validate every observation file and summarise them (raises on the first problem).

    Parameters
    ----------
    path : str or Path, optional
        As for :func:`load_observations`.
    require_quotes : bool, default True
        Reject a row whose ``quote`` is empty (the first one, in file order, with the usual
        one-line message naming file, row, line and column ``'quote'``): every published
        figure carries the original wording of its page. ``False`` (the CLI's
        ``--allow-missing-quotes``, for work in progress) only counts empty quotes in the
        summary.

    Raises
    ------
    DataValidationError
        On the first problem.
    """
    obs = mark_conflicts(load_observations(path))
    if require_quotes:
        err = _first_unquoted(obs)
        if err is not None:
            raise err
    key = _conflict_key()
    n_conf = obs.loc[obs["conflict"], key].drop_duplicates().shape[0]
    has_quote = obs["quote"].str.strip() != ""
    kinds = obs.loc[has_quote, "quote_kind"].value_counts()
    missing = obs.loc[~has_quote].groupby("file", sort=True).size()
    return CheckSummary(
        files=obs["file"].nunique(),
        rows=len(obs),
        indicators=obs["indicator"].nunique(),
        geographies=obs["geography"].nunique(),
        year_min=int(obs["year"].min()),
        year_max=int(obs["year"].max()),
        conflicts=int(n_conf),
        rows_per_file={k: int(v) for k, v in obs.groupby("file", sort=True).size().items()},
        quoted=int(has_quote.sum()),
        quote_kinds={k: int(kinds.get(k, 0)) for k in voc.QUOTE_KINDS},
        missing_quotes_per_file={k: int(v) for k, v in missing.items()},
    )


def data_file_hashes(folder: Path | None = None) -> dict[str, str]:
    """Return ``{relative path: sha256}`` for every observation CSV file.

    The files are the ones the loader reads, vetted the same way (regular files of
    acceptable size only: :func:`hpresearch.data.load.observation_files`).
    """
    folder = Path(folder) if folder is not None else observations_dir()
    base = folder.parent.parent if folder.parent.name == "data" else folder.parent
    out = {}
    for path in observation_files(folder):
        try:
            rel = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:  # pragma: no cover - unusual layouts
            rel = path.name
        out[rel] = file_sha256(path)
    return out
