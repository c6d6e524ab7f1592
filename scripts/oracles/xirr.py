#!/usr/bin/python3
"""Regenerates the XIRR oracle of the portfolio engine (server/src/modules/portfolio/engine/oracles/).

An implementation independent of ours: SciPy's brentq on the XNPV written directly in the rate r,
with the convention of Excel's and LibreOffice's XIRR:

    XNPV(r) = sum_i c_i / (1 + r) ** ((d_i - d_0) / 365)      (actual days over 365, d_0 the first date)

The bracket is found by scanning r on a grid, and brentq is run to its tightest tolerance
(rtol = 4 eps). Cases are drawn from a fixed seed, so a rerun writes the same file.

Run only to regenerate (the tests read the stored file and never run Python):
    /usr/bin/python3 scripts/oracles/xirr.py
Needs SciPy (Debian: apt-get install python3-scipy).
"""
import datetime as dt
import json
import random
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import brentq

OUT = Path(__file__).resolve().parents[2] / "server/src/modules/portfolio/engine/oracles/xirr.json"
EPOCH = dt.date(1970, 1, 1)


def xnpv(rate, flows):
    d0 = flows[0][0]
    return sum(c / (1.0 + rate) ** ((d - d0).days / 365.0) for d, c in flows)


def solve(flows):
    flows = sorted(flows, key=lambda f: f[0])
    # Scan outward from 0 for the sign change nearest to r = 0 (the engine also reports that one).
    grid = sorted(set([-0.999, -0.99, -0.95] + [x / 100 for x in range(-90, 101, 5)] + [2, 3, 5, 10, 20, 50, 100, 1000]))
    grid.sort(key=abs)
    best = None
    for a in grid:
        for b in grid:
            if a < b and abs(b - a) < 0.3 or (a < b and (a < -0.9 or b > 1)):
                fa, fb = xnpv(a, flows), xnpv(b, flows)
                if fa == 0:
                    return a
                if fa * fb < 0:
                    r = brentq(xnpv, a, b, args=(flows,), xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
                    if best is None or abs(r) < abs(best):
                        best = r
        if best is not None:
            return best
    raise ValueError("no root")


def day(d):
    return d.isoformat()


def case(name, flows):
    rate = solve(flows)
    return {
        "name": name,
        "flows": [{"date": day(d), "amount": c} for d, c in sorted(flows, key=lambda f: f[0])],
        "rate": rate,
    }


def main():
    rng = random.Random(20261207)
    cases = []
    # Excel's own documentation example (XIRR = 0.373362535).
    cases.append(case("excel-doc-example", [
        (dt.date(2008, 1, 1), -10000.0), (dt.date(2008, 3, 1), 2750.0), (dt.date(2008, 10, 30), 4250.0),
        (dt.date(2009, 2, 15), 3250.0), (dt.date(2009, 4, 1), 2750.0)]))
    # Regular: monthly savings, the value at the end.
    for k in range(6):
        start = dt.date(2000 + 3 * k, 1 + k, 15)
        months = rng.choice([12, 36, 60, 120])
        amount = round(rng.uniform(50, 5000), 2)
        growth = rng.uniform(-0.3, 0.25)
        flows, value = [], 0.0
        for m in range(months):
            d = dt.date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 15)
            flows.append((d, -amount))
            value = value * (1 + growth) ** (1 / 12) + amount
        end = dt.date(d.year + (d.month // 12), d.month % 12 + 1, 15)
        flows.append((end, round(value * (1 + growth) ** (1 / 12), 2)))
        cases.append(case(f"regular-{k}", flows))
    # Irregular: random dates and amounts both ways, a value at the end.
    for k in range(10):
        start = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))
        n = rng.randrange(2, 40)
        days = sorted(rng.sample(range(1, 3000), n))
        flows = [(start, -round(rng.uniform(1000, 100000), 2))]
        for dd in days:
            flows.append((start + dt.timedelta(days=dd), round(rng.uniform(-20000, 8000), 2)))
        invested = -sum(c for _, c in flows)
        flows.append((start + dt.timedelta(days=days[-1] + rng.randrange(1, 400)), round(max(invested, 1000) * rng.uniform(0.6, 1.8), 2)))
        cases.append(case(f"irregular-{k}", flows))
    # Negative returns: the end value well below what was put in.
    for k in range(5):
        start = dt.date(2005, 6, 1) + dt.timedelta(days=rng.randrange(0, 4000))
        flows = [(start, -100000.0)]
        for j in range(rng.randrange(1, 8)):
            flows.append((start + dt.timedelta(days=rng.randrange(30, 1500)), -round(rng.uniform(100, 20000), 2)))
        flows.append((start + dt.timedelta(days=1600 + rng.randrange(0, 1000)), round(rng.uniform(5000, 60000), 2)))
        cases.append(case(f"negative-{k}", flows))
    # Multi-year: 20 to 40 years with yearly flows.
    for k in range(4):
        start = dt.date(1970 + 5 * k, 3, 31)
        years = rng.randrange(20, 41)
        flows = [(dt.date(start.year + y, 3, 31), -round(rng.uniform(1000, 10000), 2)) for y in range(years)]
        flows.append((dt.date(start.year + years, 3, 31), round(sum(-c for _, c in flows) * rng.uniform(1.5, 12), 2)))
        cases.append(case(f"multi-year-{k}", flows))
    # Tiny and huge amounts (the rate must not depend on the scale).
    for k, scale in enumerate([1e-2, 1e-6, 1e9, 1e13]):
        start = dt.date(2010, 1, 4)
        flows = [(start, -1.0 * scale), (dt.date(2011, 7, 1), -0.5 * scale), (dt.date(2013, 2, 28), 1.9 * scale)]
        cases.append(case(f"scale-{k}", flows))
    # Short spans with large gains or losses: annualised rates far from zero.
    for k, (days, ratio) in enumerate([(10, 1.05), (30, 0.9), (3, 1.01), (90, 1.5), (200, 0.5)]):
        start = dt.date(2020, 3, 2)
        flows = [(start, -1000.0), (start + dt.timedelta(days=days), 1000.0 * ratio)]
        cases.append(case(f"short-{k}", flows))
    # Leap years on the way (Actual/365 counts 366 days in 2020 as 366/365 of a year).
    cases.append(case("leap-year", [(dt.date(2019, 12, 31), -1000.0), (dt.date(2020, 12, 31), 1100.0)]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "generator": "scripts/oracles/xirr.py",
        "convention": "sum c_i / (1 + r)^((d_i - d_0)/365) = 0; actual days, 365-day year (Excel/LibreOffice XIRR)",
        "solver": f"scipy.optimize.brentq (SciPy {scipy.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}), rtol 4 eps",
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
