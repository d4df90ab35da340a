"""Turn locust's --csv output (and measure_pages' JSON files) into the markdown tables of RESULTS.md.

python tests/load/summarize.py locust OUT/locust_stats.csv
python tests/load/summarize.py growth 1x-a.json,1x-b.json,… 10x-a.json,10x-b.json,…   (rounds: median)
"""

import csv
import json
import statistics
import sys
from pathlib import Path

FLOOR = "/gezond/"
# endpoint name → (limit, unit): within a multiple of the floor's p95, or under a number of milliseconds at p95
# (locust rounds its percentiles: 1000 ms stands for 950–1049 ms, which is not "under 1 s").
TARGETS = {
    "tick (htmx POST)": (3, "×"),
    "/regios/[slug]/": (5, "×"),
    "/regios/[slug]/fasen/[n]/": (5, "×"),
    "/versnellingsteam/": (8, "×"),
    "/regios/[slug]/voortgang.pdf": (1000, "ms"),  # the version before the stored reports: one row for every download
    "/regios/[slug]/voortgang.pdf (stored)": (5, "×"),  # a current report, read from the database
    "/regios/[slug]/voortgang.pdf (changed)": (1000, "ms"),  # rendered by the worker while the download waits
}


def locust_table(path: str) -> str:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    floor = next(float(r["95%"]) for r in rows if r["Name"] == FLOOR)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [
        "| endpoint | requests | failures | p50 ms | p95 ms | p99 ms | req/s | p95 ÷ floor p95 | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        if r["95%"] == "N/A":  # no request after the statistics were reset
            continue
        p95 = float(r["95%"])
        target = TARGETS.get(r["Name"])
        verdict = ""
        if target:
            limit, unit = target
            ok = p95 / floor <= limit if unit == "×" else p95 < limit
            verdict = f"{'✅' if ok else '❌'} " + (f"≤ {limit}×" if unit == "×" else f"< {limit} ms")
        lines.append(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | {r['99%']} "
            f"| {float(r['Requests/s']):.1f} | {p95 / floor:.1f}× | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"Throughput {float(total['Requests/s']):.1f} requests/s, {total['Failure Count']} failures "
        f"of {total['Request Count']} requests; floor (/gezond/) p95 = {floor:.0f} ms."
    )
    return "\n".join(lines)


def _rounds(paths: str) -> dict:
    """measure_pages' JSON files of several rounds on one data set (comma-separated): per page the median
    of the rounds' medians and the most queries seen."""
    rounds = [json.loads(Path(path).read_text()) for path in paths.split(",")]
    first = rounds[0]
    pages = {
        name: {
            "median_ms": round(statistics.median(r["pages"][name]["median_ms"] for r in rounds), 1),
            "queries": max(r["pages"][name]["queries"] for r in rounds),
        }
        for name in first["pages"]
    }
    return {"regions": first["regions"], "activities": first["activities"], "rounds": len(rounds), "pages": pages}


def growth_table(one: str, ten: str) -> str:
    a, b = _rounds(one), _rounds(ten)
    lines = [
        f"Data: {a['regions']} regions / {a['activities']:,} activities (1×) vs {b['regions']} regions / "
        f"{b['activities']:,} activities (10×); median of {a['rounds']} and {b['rounds']} rounds.",
        "",
        "| page | median ms 1× | median ms 10× | growth | queries 1× | queries 10× |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in a["pages"].items():
        other = b["pages"][name]
        growth = other["median_ms"] / row["median_ms"] if row["median_ms"] else 0
        lines.append(
            f"| {name} | {row['median_ms']} | {other['median_ms']} | {growth:.2f}× "
            f"{'✅' if growth <= 1.5 else '❌'} | {row['queries']} | {other['queries']} "
            f"{'✅' if other['queries'] <= row['queries'] else '❌'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    kind, *paths = sys.argv[1:]
    print(locust_table(*paths) if kind == "locust" else growth_table(*paths))
