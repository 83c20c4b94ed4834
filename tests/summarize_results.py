#!/usr/bin/env python3
"""Adds up what `./gyroedge test` ran: the trainer's JUnit XML and every .trx from dotnet test.

Prints one line per suite and a closing line `total: N passed, N failed, N skipped`, and exits
non-zero when anything failed or nothing ran at all (an empty run must never look green).
Skipped tests are reported as skipped, never counted as passed.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def junit_counts(path: Path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total - failed - skipped, failed, skipped


TRX = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def trx_counts(root):
    summary = root.find("t:ResultSummary", TRX)
    counters = summary.find("t:Counters", TRX) if summary is not None else None
    if counters is None:
        return 0, 1, 0
    passed = int(counters.get("passed", 0))
    failed = sum(int(counters.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    skipped = int(counters.get("notExecuted", 0)) + int(counters.get("inconclusive", 0))
    # A test host that could not start runs nothing and fails nothing, but the run failed.
    if failed == 0 and summary.get("outcome") in ("Failed", "Error", "Aborted"):
        failed = 1
    return passed, failed, skipped


def trx_name(root, path: Path):
    """The test assembly's name: dotnet names each file after user, machine and time."""
    test = root.find("t:TestDefinitions/t:UnitTest", TRX)
    if test is not None and test.get("storage"):
        return Path(test.get("storage")).stem
    source = root.find("t:ResultSummary/t:RunInfos/t:RunInfo/t:Text", TRX)
    text = source.text or "" if source is not None else ""
    return Path(text.split("'")[1]).stem if text.count("'") >= 2 else path.stem


def main(results_dir: str) -> int:
    results = Path(results_dir)
    rows = []
    for path in sorted(results.glob("*.xml")):
        rows.append((path.stem, *junit_counts(path)))
    for path in sorted(results.glob("*.trx")):
        root = ET.parse(path).getroot()
        rows.append((trx_name(root, path), *trx_counts(root)))
    passed = sum(r[1] for r in rows)
    failed = sum(r[2] for r in rows)
    skipped = sum(r[3] for r in rows)
    for name, p, f, s in rows:
        print(f"  {name}: {p} passed, {f} failed, {s} skipped")
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    if passed + failed == 0:
        print("no test ran: that is a failure, not a pass", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
