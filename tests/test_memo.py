"""The one in-process memo mechanism (:mod:`hpresearch.memo`)."""
from __future__ import annotations

from hpresearch import memo


def test_a_full_memo_starts_again():
    m = memo.Memo(maxsize=2)
    m["a"], m["b"] = 1, 2
    m["a"] = 3  # a known key does not count as new
    assert m == {"a": 3, "b": 2}
    m["c"] = 4
    assert m == {"c": 4}


def test_memoised_calls_once_and_clear_cache_forgets_everything():
    calls = []

    @memo.memoised(maxsize=4)
    def twice(x):
        calls.append(x)
        return 2 * x

    other = memo.Memo()
    other["k"] = 1
    assert twice(3) == 6 and twice(3) == 6 and calls == [3]
    memo.clear_cache()
    assert not other and not twice.memo
    assert twice(3) == 6 and calls == [3, 3]


def test_the_package_memos_are_registered():
    from hpresearch.backtest import rolling
    from hpresearch.calibration import rules as base
    from hpresearch.data import panel

    base.calibrate("merged", "gso")
    panel.build_panel("merged", "gso")
    assert base._CACHE and panel._CACHE
    memo.clear_cache()
    assert not base._CACHE and not panel._CACHE and not rolling._CACHE
