"""How much of a real-world corpus of gensim 3.x code ``gensim-transfer migrate`` handles.

Runs ``migrate_paths`` over ``tests/migrate_corpus/`` (one project, as ``gensim-transfer migrate DIR`` does) and
compares its findings with the hand-counted occurrences of ``tests/migrate_corpus/MANIFEST.json``. An
occurrence is *rewritten* if a finding of the same rule on its line was rewritten, *reported* if one was only
reported, else *missed*. Findings that match no occurrence are listed as *extra*: extra rewrites would be
wrong rewrites, extra reports are noise.

    PYTHONPATH=. python benchmarks/bench_migrate.py [--target 4|neutral] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from collections import Counter
from typing import Any, Dict, List

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "migrate_corpus")


def measure(target: str = "4", corpus: str = CORPUS) -> Dict[str, Any]:
    """The figures (counts, shares, per-file detail) for ``corpus`` on ``target``."""
    from gensim_transfer.migrate import migrate_paths

    with open(os.path.join(corpus, "MANIFEST.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)["files"]
    results = {os.path.basename(r.path): r for r in migrate_paths([corpus], target)}
    outcome: Counter = Counter()
    detail: List[Dict[str, Any]] = []
    extra: List[str] = []
    broken: List[str] = []
    for name, entry in sorted(manifest.items()):
        result = results[name]
        if result.error:
            broken.append("%s: %s" % (name, result.error))
            continue
        findings = list(result.findings)
        used: List[Any] = []
        for occ in entry["occurrences"]:
            match = [
                f for f in findings if f.line == occ["line"] and f.cell == occ.get("cell") and f.rule == occ["rule"]
            ]
            if match:  # one finding per occurrence: the nearest on the line
                best = min(match, key=lambda f: abs(f.column - occ["column"]))
                state = "rewritten" if best.fixed else "reported"
                findings.remove(best)
                used.append(best)
            else:  # one finding may cover several occurrences (neutral bundles keywords into one call)
                bundle = [
                    f for f in used if f.line == occ["line"] and f.cell == occ.get("cell") and occ["text"] in f.old
                ]
                state = ("rewritten" if bundle[0].fixed else "reported") if bundle else "missed"
            outcome[state] += 1
            detail.append({"file": name, **occ, "outcome": state})
        extra += ["%s %s" % ("REWRITE" if f.fixed else "report", f.format()) for f in findings]
        if result.changed and name.endswith(".py"):
            try:
                ast.parse(result.new_code)
            except SyntaxError as exc:
                broken.append("%s: rewritten code does not parse: %s" % (name, exc))
    total = sum(outcome.values())
    shares = {k: (100.0 * outcome[k] / total if total else 0.0) for k in ("rewritten", "reported", "missed")}
    return {
        "target": target,
        "files": len(manifest),
        "occurrences": total,
        "counts": {k: outcome[k] for k in ("rewritten", "reported", "missed")},
        "shares": shares,
        "extra_rewrites": [e for e in extra if e.startswith("REWRITE")],
        "extra_reports": [e for e in extra if e.startswith("report")],
        "broken": broken,
        "detail": detail,
    }


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="4", choices=("4", "neutral"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every occurrence that was not rewritten")
    args = parser.parse_args(argv)
    figures = measure(args.target)
    if args.json:
        json.dump(figures, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    c, s = figures["counts"], figures["shares"]
    print("corpus: %d files, %d hand-counted occurrences (--target %s)" % (
        figures["files"], figures["occurrences"], args.target))
    for key in ("rewritten", "reported", "missed"):
        print("  %-9s %3d  %5.1f%%" % (key, c[key], s[key]))
    print("  rewritten or reported: %.1f%%" % (s["rewritten"] + s["reported"]))
    print("extra findings: %d rewrites (would be wrong), %d reports (noise)" % (
        len(figures["extra_rewrites"]), len(figures["extra_reports"])))
    for line in figures["extra_rewrites"] + figures["broken"]:
        print("  " + line)
    if args.verbose:
        for d in figures["detail"]:
            if d["outcome"] != "rewritten":
                where = "%s:%s%d" % (d["file"], "cell %d:" % d["cell"] if d.get("cell") else "", d["line"])
                print("  %-8s %s %s %s" % (d["outcome"], where, d["rule"], d["text"]))
        for line in figures["extra_reports"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
