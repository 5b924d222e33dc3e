#!/usr/bin/env python3
"""Loading a wide (square) table: `vmp --chain DIR -e 1` against pandas.read_csv + pymrio.IOSystem.

Writes a random n-sector wide CSV (sector names in the first row and column, flows in the body,
a final-demand and a total-output column) and its chain.toml into a temporary directory, then
times, in alternating runs:

* vmp:   the process `vmp --chain DIR -e 1` (reads the manifest and the table, checks every cell,
         builds the chain and a session; prints 1);
* peer:  the process `python -c ...` that does `pandas.read_csv(table, index_col=0)`, splits Z
         and x, and builds `pymrio.IOSystem(Z=Z, x=x)` (ready to use; no calc_all), the way an
         analyst loads the same file with pymrio. Python's start-up and imports are inside this
         time, as vmp's start-up is inside vmp's; the in-process time (read_csv + IOSystem) is
         reported separately.

Prints the medians and the ratio vmp / peer (below 1: vmp is faster).

    swift build -c release --product vmp
    /tmp/pyvenv/bin/python Scripts/bench/wide_load.py [--n 2000] [--runs 5] [--bin .build/release/vmp]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

PEER = r"""
import sys, time
t0 = time.perf_counter()
import pandas as pd
import pymrio
t1 = time.perf_counter()
table = pd.read_csv(sys.argv[1], index_col=0)
n = int(sys.argv[2])
Z = table.iloc[:n, :n]
x = table.iloc[:n, [n + 1]].rename(columns=lambda c: "indout")
io = pymrio.IOSystem(Z=Z, x=x)
t2 = time.perf_counter()
print(f"{t1 - t0:.6f} {t2 - t1:.6f}")
"""


def write_table(directory, n, seed):
    """A random productive table: z_ij uniform in [0, 1), x_j = 2 * column sum + 1 (so every
    column of A sums to below 1/2), f_i = x_i - row sum of Z (may be negative; not checked)."""
    rng = np.random.default_rng(seed)
    z = rng.random((n, n))
    x = 2 * z.sum(axis=0) + 1
    f = x - z.sum(axis=1)
    names = [f"Sector {i + 1}" for i in range(n)]
    path = os.path.join(directory, "table.csv")
    with open(path, "w") as out:
        out.write("sector," + ",".join(names) + ",final demand,total output\n")
        for i in range(n):
            cells = ",".join(f"{v:.6f}" for v in z[i])
            out.write(f"{names[i]},{cells},{f[i]:.6f},{x[i]:.6f}\n")
    with open(os.path.join(directory, "chain.toml"), "w") as out:
        out.write('[chain]\nname = "bench"\ntitle = "random wide table"\nyear = 2020\nflow_unit = "1"\n\n'
                  '[wide]\nfile = "table.csv"\nsource = "Scripts/bench/wide_load.py (random)"\n'
                  'total_output = "total output"\nfinal_demand = "final demand"\n')
    return path, os.path.getsize(path)


def time_process(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed ({result.returncode}):\n{result.stderr}")
    return elapsed, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=".build/release/vmp")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no vmp at {args.bin}: swift build -c release --product vmp (or give --bin)")

    with tempfile.TemporaryDirectory() as directory:
        table, size = write_table(directory, args.n, args.seed)
        print(f"n = {args.n}: {size / 1e6:.1f} MB wide CSV, {args.runs} alternating runs per side")
        vmp_times, peer_times, peer_imports, peer_inside = [], [], [], []
        for _ in range(args.runs):
            elapsed, out = time_process([args.bin, "--chain", directory, "-e", "1"])
            if out.strip() != "1":
                sys.exit(f"vmp printed {out!r}, expected 1")
            vmp_times.append(elapsed)
            elapsed, out = time_process([args.python, "-c", PEER, table, str(args.n)])
            imports, inside = map(float, out.split())
            peer_times.append(elapsed)
            peer_imports.append(imports)
            peer_inside.append(inside)
        vmp = statistics.median(vmp_times)
        peer = statistics.median(peer_times)
        print(f"vmp --chain DIR -e 1                      median {vmp:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in vmp_times)})")
        print(f"python: read_csv + pymrio.IOSystem         median {peer:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in peer_times)})")
        print(f"  of which imports (pandas, pymrio)        median {statistics.median(peer_imports):.3f} s")
        print(f"  of which read_csv + IOSystem             median {statistics.median(peer_inside):.3f} s")
        print(f"ratio vmp / python process: {vmp / peer:.2f}   (target: <= 1)")
        print(f"ratio vmp / (read_csv + IOSystem alone): {vmp / statistics.median(peer_inside):.2f}")


if __name__ == "__main__":
    main()
