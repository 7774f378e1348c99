"""Per-call overhead and bulk import rate of the Python bindings, with time.perf_counter.

    target/venv/bin/python bindings/python/bench_calls.py [CALLS] [ROWS]

Install a release wheel first (`maturin build --release -m bindings/Cargo.toml`), or the figures
are a debug build's. Prints the best-of-three mean time per call of a trivial UniFFI call
(`safehub_version()`), of real reads (`hub.case(...)` on a case with five entries, read by its own
agency and by a partner, whose read of another agency's content appends to the consultation log;
`hub.cases(...)`), and of a command (`hub.add_entry(...)`, an in-memory journal
append). Then it imports ROWS generated incidents (default 20,000) through Python, as CSV text
and as `IncidentRow` records, writes the same CSV to target/bench-incidents.csv, and prints the
command that imports that file through the core directly in Rust (examples/import_rate.rs).
"""

import sys
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, __file__.rsplit("/", 1)[0] + "/tests")

import safehub  # noqa: E402
from world import build_world, note, open_asb_case, viewer  # noqa: E402

CATEGORIES = ["asb_personal", "asb_nuisance", "asb_environmental", "concern_for_safety", "other"]


def incident_csv(rows):
    """`rows` incidents: 2,000 callers, 500 addresses, five categories, over the last 300 days."""
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    lines = ["external_ref,occurred_at,category,summary,location_address,caller_name,caller_date_of_birth"]
    for n in range(rows):
        at = (base + timedelta(minutes=13 * n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        caller = (n * 7919) % 2000
        dob = f"19{50 + caller % 50}-{1 + caller % 12:02d}-{1 + caller % 28:02d}"
        lines.append(
            f"CAD-{n},{at},{CATEGORIES[n % 5]},Noise reported,{(n * 31) % 500} High Street,Caller {caller},{dob}"
        )
    return "\n".join(lines) + "\n"


def csv_to_rows(csv):
    rows = []
    for line in csv.splitlines()[1:]:
        ref, at, category, summary, address, name, dob = line.split(",")
        rows.append(
            safehub.IncidentRow(
                external_ref=ref,
                occurred_at=datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc),
                reported_at=None,
                category=category,
                offence_code=None,
                summary=summary,
                location=safehub.LocationRef(uprn=None, address=address, postcode=None, label=None),
                caller=safehub.PersonRef(name=name, date_of_birth=dob, identifiers=[]),
                people=[],
            )
        )
    return rows


def import_rate(rows, do_import):
    best = float("inf")
    for _ in range(3):
        w = build_world()
        start = time.perf_counter()
        report = do_import(w)
        best = min(best, time.perf_counter() - start)
        assert report.imported == rows, report.imported
    return rows / best, best


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
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    w = build_world()
    case = open_asb_case(w)
    for i in range(5):
        w.hub.add_entry(w.pc, case, note(f"Visit {i}: spoke to the neighbours."))
    partner = viewer(w.housing_officer)
    own = viewer(w.pc)
    def python_noop():
        return None

    calls = [
        ("a Python function call (reference)", python_noop, n),
        ("safehub_version()  (trivial call)", lambda: safehub.safehub_version(), n),
        ("hub.case(own agency, 5 entries)", lambda: w.hub.case(own, case), n // 4),
        ("hub.case(partner: logs a consultation)", lambda: w.hub.case(partner, case), n // 20),
        ("hub.cases(own agency, 1 case)", lambda: w.hub.cases(own), n // 4),
        ("hub.add_entry(...)  (in memory)", lambda: w.hub.add_entry(w.pc, case, note("x")), n // 20),
    ]
    print(f"python {sys.version.split()[0]}, safehub {safehub.safehub_version()}")
    for name, fn, count in calls:
        print(f"{name:40s} {per_call(fn, max(count, 100)) * 1e6:9.2f} us/call")

    csv = incident_csv(rows)
    rate, secs = import_rate(rows, lambda w: w.hub.import_incidents_csv(w.pc, csv, 10_000, None))
    print(f"{'import_incidents_csv (CSV text)':40s} {rate:9.0f} rows/s  ({rows} rows in {secs:.3f} s)")
    start = time.perf_counter()
    records = csv_to_rows(csv)
    build = time.perf_counter() - start
    rate, secs = import_rate(rows, lambda w: w.hub.import_incidents(w.pc, records, 10_000, None))
    print(
        f"{'import_incidents (IncidentRow records)':40s} {rate:9.0f} rows/s  ({rows} rows in {secs:.3f} s;"
        f" building the records in Python took {build:.3f} s more)"
    )
    out = __file__.rsplit("/", 3)[0] + "/target/bench-incidents.csv"
    with open(out, "w") as f:
        f.write(csv)
    print(f"same CSV through the core in Rust: cargo run --release -p safehub-ffi --example import_rate -- {out}")


if __name__ == "__main__":
    main()
