"""Per-call overhead of the Python bindings, with time.perf_counter over N calls.

    target/venv/bin/python bindings/python/bench_calls.py [N]

Prints the mean time per call of a trivial UniFFI call (`safehub_version()`), of a real read
(`hub.case(...)` on a case with a few entries, as a partner agency sees it), of a whole-list read
(`hub.cases(...)`), and of a real command (`hub.add_entry(...)`, an in-memory journal append).
Run it on a quiet machine and take the best of a few runs.
"""

import sys
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, __file__.rsplit("/", 1)[0] + "/tests")

import safehub  # noqa: E402
from conftest import build_world, note, open_asb_case, viewer  # noqa: E402


def per_call(fn, n):
    fn()  # warm up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    w = build_world()
    case = open_asb_case(w)
    for i in range(5):
        w.hub.add_entry(w.pc, case, note(f"Visit {i}: spoke to the neighbours."))
    partner = viewer(w.housing_officer)
    rows = [
        ("safehub_version()  (trivial call)", lambda: safehub.safehub_version(), n),
        ("hub.case(viewer, id)  (5 entries)", lambda: w.hub.case(partner, case), n // 4),
        ("hub.cases(viewer)  (1 case)", lambda: w.hub.cases(partner), n // 4),
        ("hub.add_entry(...)  (in memory)", lambda: w.hub.add_entry(w.pc, case, note("x")), n // 20),
    ]
    print(f"python {sys.version.split()[0]}, safehub {safehub.safehub_version()}")
    for name, fn, count in rows:
        print(f"{name:40s} {per_call(fn, max(count, 100)) * 1e6:9.2f} us/call")


if __name__ == "__main__":
    main()
