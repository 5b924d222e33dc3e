#!/usr/bin/env python3
"""IO-model benchmark: vmp (VMPCore, Swift) against pymrio 0.7 and numpy on the same systems.

Build the Swift side first (this script builds nothing):

    swift build -c release --product vmp-bench        # -> .build/release/vmp-bench
    python3 Scripts/bench/io_bench.py                 # defaults: n = 500 2000, 5 runs, 2 threads

Options: --bin PATH (the vmp-bench executable; default .build/release/vmp-bench under the
package root), --sizes N ..., --runs R (>= 5), --threads T (BLAS threads, both sides),
--coretype NAME (force OPENBLAS_CORETYPE=NAME on both sides; default: unset on both sides),
--no-breakdown, --seed S.

For every n a dense random system is generated with numpy (fixed seed): flows z_ij uniform in
[1, 100), outputs x_j = (sum_i z_ij) / c_j with c_j uniform in [0.30, 0.85), so every column sum
of A = Z x^-1 is c_j < 0.85 and rho(A) <= max_j c_j < 0.9. Z (row-major) and x are written as
little-endian float64 to a temporary directory. Then, R times, alternating:

  vmp   one `vmp-bench` process, which times the operations in-process (excluding file I/O and
        a small warm-up system) and prints JSON with timings, checksums and result vectors;
  peer  the same operations in this process, timed with time.perf_counter (excluding I/O):
        pymrio IOSystem(Z, x).calc_all(include_ghosh=True) plus the four linkage sums; the
        pymrio functional path calc_A, calc_L, calc_B, calc_G(B, L, x); numpy.linalg.inv and
        numpy.linalg.solve for a single-stage pull; scipy lu_factor/lu_solve if SciPy is there.

Each vmp run is checked against the peer results of the same round (relative 1e-9).

BLAS environment (set here, before numpy is imported, and passed to vmp-bench unchanged):
OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = MKL_NUM_THREADS = --threads for both sides;
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed for both sides (or OPENBLAS_CORETYPE is set
to --coretype for both). The kernel each side actually used is printed: numpy's via
threadpoolctl (if installed), vmp's from OpenBLAS itself (openblas_get_corename).
"""

import argparse
import os
import platform
import subprocess
import sys

ENV_SAVED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
TOL = 1e-9


def parse_args():
    root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(root, ".build", "release", "vmp-bench"),
                   help="vmp-bench executable (default: %(default)s)")
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    p.add_argument("--runs", type=int, default=5, help="runs per side and n (>= 5)")
    p.add_argument("--threads", type=int, default=2, help="BLAS threads for both sides")
    p.add_argument("--coretype", default=None,
                   help="set OPENBLAS_CORETYPE to this for both sides (default: unset for both)")
    p.add_argument("--seed", type=int, default=20150620)
    p.add_argument("--no-breakdown", action="store_true", help="skip vmp's per-step breakdown")
    a = p.parse_args()
    if a.runs < 5:
        p.error("--runs must be at least 5")
    return a


ARGS = parse_args()
ORIGINAL_ENV = {k: os.environ.get(k) for k in ENV_SAVED}
# Must happen before numpy (and its OpenBLAS) is loaded: OpenBLAS reads these once, at load time.
os.environ.pop("OPENBLAS_L2_SIZE", None)
if ARGS.coretype:
    os.environ["OPENBLAS_CORETYPE"] = ARGS.coretype
else:
    os.environ.pop("OPENBLAS_CORETYPE", None)
for _k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_k] = str(ARGS.threads)

import gc  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pymrio  # noqa: E402
from pymrio.tools import iomath  # noqa: E402

try:
    import scipy.linalg as sla  # noqa: E402
except ImportError:  # pragma: no cover
    sla = None
try:
    import threadpoolctl  # noqa: E402
except ImportError:  # pragma: no cover
    threadpoolctl = None


# ---------------------------------------------------------------------------------------------
# Systems


def make_system(n, seed):
    rng = np.random.default_rng([seed, n])
    Z = rng.uniform(1.0, 100.0, size=(n, n))
    c = rng.uniform(0.30, 0.85, size=n)          # target column sums of A
    x = Z.sum(axis=0) / c
    return np.ascontiguousarray(Z), x


def write_le(path, arr):
    np.ascontiguousarray(arr, dtype="<f8").tofile(path)


# ---------------------------------------------------------------------------------------------
# Checksums (the same definitions as Sources/vmp-bench/main.swift)


def checksums(M):
    n = M.shape[0]
    i = np.arange(n).reshape(-1, 1)
    j = np.arange(n).reshape(1, -1)
    w = ((31 * i + 17 * j) % 97) / 97.0
    return {"sum": float(M.sum()), "trace": float(np.trace(M)), "weighted": float((M * w).sum())}


def rel_err(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return float("inf")
    den = np.maximum(np.abs(b), 1e-300)
    return float(np.max(np.abs(a - b) / den))


# ---------------------------------------------------------------------------------------------
# Peers (in-process, I/O excluded)


SETTLE = 0.25  # s; OpenBLAS worker threads spin for a while after a call before they sleep


def settle():
    """Let the BLAS threads of the previous call (either side) go idle before timing."""
    gc.collect()
    time.sleep(SETTLE)


def timed(fn):
    settle()
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def peer_round(Z, x, idx, k1, k2, s):
    """One peer run: every peer operation once. Returns (times, reference results)."""
    t = {}
    ref = {}
    n = len(x)

    # pymrio, IOSystem path: calc_all(include_ghosh=True) on a bare Z/x system. Note that
    # pymrio's calc_system computes G = calc_G(B) = inv(I - B): a second explicit inverse.
    Zd = pd.DataFrame(Z, index=idx, columns=idx)
    xd = pd.DataFrame(x, index=idx, columns=["indout"])

    def pymrio_all():
        io = pymrio.IOSystem(Z=Zd, x=xd)
        io.calc_all(include_ghosh=True)
        links = [io.A.sum(axis=0).to_numpy(), io.L.sum(axis=0).to_numpy(),
                 io.B.sum(axis=1).to_numpy(), io.G.sum(axis=1).to_numpy()]
        return io, links

    (io, links_all), t["pymrio_all"] = timed(pymrio_all)
    ref["fl_total_all"] = links_all[3]
    ref["G_all"] = checksums(io.G.to_numpy())
    del io, links_all

    # pymrio, functional path with the cheap Ghosh inverse G = x^-1 L x (one inverse).
    def pymrio_fn():
        A = iomath.calc_A(Z, x)
        L = iomath.calc_L(A)
        B = iomath.calc_B(Z, x)
        G = iomath.calc_G(B, L=L, x=x)
        links = [A.sum(axis=0), L.sum(axis=0), B.sum(axis=1), G.sum(axis=1)]
        return A, L, G, links

    (A, L, G, links), t["pymrio_fn"] = timed(pymrio_fn)
    ref.update(bl_direct=links[0], bl_total=links[1], fl_direct=links[2], fl_total=links[3],
               L=checksums(L), G=checksums(G), pull_first=L[:, k1] * s, pull_second=L[:, k2] * s,
               push_second=s * G[k2, :])
    del L, G, links

    # numpy: single-stage pull from A via the explicit inverse, then a second shock from it.
    def np_inv_first():
        Linv = np.linalg.inv(np.eye(n) - A)
        return Linv, Linv[:, k1] * s

    (Linv, r1), t["np_inv_first"] = timed(np_inv_first)
    r2, t["np_inv_second"] = timed(lambda: Linv[:, k2] * s)
    ref["np_inv_first"] = r1
    del Linv

    # numpy: the same by one solve (no factor reuse in numpy.linalg: a second shock refactorises).
    def np_solve(k):
        e = np.zeros(n)
        e[k] = s
        return np.linalg.solve(np.eye(n) - A, e)

    ref["np_solve_first"], t["np_solve_first"] = timed(lambda: np_solve(k1))
    _, t["np_solve_second"] = timed(lambda: np_solve(k2))

    # scipy: factor once, solve per shock.
    if sla is not None:
        def lu_first():
            lu = sla.lu_factor(np.eye(n) - A)
            e = np.zeros(n)
            e[k1] = s
            return lu, sla.lu_solve(lu, e)

        (lu, r), t["scipy_lu_first"] = timed(lu_first)

        def lu_second():
            e = np.zeros(n)
            e[k2] = s
            return sla.lu_solve(lu, e)

        _, t["scipy_lu_second"] = timed(lu_second)
        ref["scipy_lu_first"] = r
        del lu
    del A
    gc.collect()
    return t, ref


# ---------------------------------------------------------------------------------------------
# vmp side


def vmp_round(binary, zpath, xpath, k1, k2, s, breakdown):
    cmd = [binary, "--z", zpath, "--x", xpath, "--stage", str(k1), "--stage2", str(k2),
           "--size", repr(s)]
    if breakdown:
        cmd.append("--breakdown")
    settle()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if proc.returncode != 0:
        sys.exit(f"vmp-bench failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def check(vmp, ref):
    """Relative differences of every vmp result against the peer's (max over elements)."""
    v = vmp["vectors"]
    errs = {}
    for key in ("bl_direct", "bl_total", "fl_direct", "fl_total", "pull_first", "pull_second", "push_second"):
        errs[key] = rel_err(v[key], ref[key])
    errs["fl_total vs pymrio calc_all G"] = rel_err(v["fl_total"], ref["fl_total_all"])
    errs["pull_first vs numpy inv"] = rel_err(v["pull_first"], ref["np_inv_first"])
    errs["pull_first vs numpy solve"] = rel_err(v["pull_first"], ref["np_solve_first"])
    if "scipy_lu_first" in ref:
        errs["pull_first vs scipy lu_solve"] = rel_err(v["pull_first"], ref["scipy_lu_first"])
    for mat in ("L", "G"):
        for name, val in vmp["checksums"][mat].items():
            errs[f"{mat}.{name}"] = rel_err([val], [ref[mat][name]])
    for name, val in vmp["checksums"]["G"].items():
        errs[f"G.{name} vs pymrio calc_all G"] = rel_err([val], [ref["G_all"][name]])
    return errs


# ---------------------------------------------------------------------------------------------
# Reporting


def fmt_t(sec):
    if sec is None:
        return "—"
    if sec >= 1:
        return f"{sec:.3f} s"
    if sec >= 1e-3:
        return f"{sec * 1e3:.2f} ms"
    return f"{sec * 1e6:.0f} µs"


def med(xs):
    return statistics.median(xs) if xs else None


def numpy_kernel():
    if threadpoolctl is None:
        return "threadpoolctl not installed (pip install threadpoolctl)"
    infos = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(f"{os.path.basename(i['filepath'])} {i.get('version')} "
                     f"kernel={i.get('architecture')} threads={i.get('num_threads')}" for i in infos)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


# (label, vmp key, peer key, target ratio or None); the L + G target is stated for n = 2000 only.
ROWS = [
    ("L + G + linkages from Z, x", "full", "pymrio_all", (0.5, {2000})),
    ("  same, peer = pymrio calc_A/L/B/G(B,L,x)", "full", "pymrio_fn", None),
    ("1st pull, nothing factorised", "pull_first", "np_inv_first", (0.3, None)),
    ("  same, peer = numpy.linalg.solve", "pull_first", "np_solve_first", None),
    ("  same, peer = scipy lu_factor+lu_solve", "pull_first", "scipy_lu_first", None),
    ("2nd pull, same system", "pull_second", "np_solve_second", None),
    ("  same, peer = scipy lu_solve (cached LU)", "pull_second", "scipy_lu_second", None),
    ("  same, peer = column of cached inv", "pull_second", "np_inv_second", None),
    ("2nd push (transposed solve), same system", "push_second", None, None),
]
PEER_NAMES = {
    "pymrio_all": "pymrio calc_all(ghosh)+sums",
    "pymrio_fn": "pymrio calc_* (1 inverse)+sums",
    "np_inv_first": "numpy inv(I-A)[:,k]",
    "np_solve_first": "numpy solve(I-A, e_k)",
    "scipy_lu_first": "scipy lu_factor+lu_solve",
    "np_solve_second": "numpy solve (refactorises)",
    "scipy_lu_second": "scipy lu_solve",
    "np_inv_second": "inv[:,k] (inverse cached)",
}


def report(n, vmp_runs, peer_runs, errs_max, rho):
    print(f"\n### n = {n}  (rho(A) = {rho:.4f}, {len(vmp_runs)} vmp runs alternating with "
          f"{len(peer_runs)} peer runs; medians)\n")
    print("| operation | vmp | peer | peer time | vmp/peer (ratio of medians) | median of paired ratios | target |")
    print("|---|---:|---|---:|---:|---:|---|")
    verdicts = []
    for label, vk, pk, target in ROWS:
        vt = [r["times"][vk] for r in vmp_runs]
        vm = med(vt)
        if pk is None or pk not in peer_runs[0]:
            if pk is None:
                print(f"| {label} | {fmt_t(vm)} | — | — | — | — | — |")
            continue
        pt = [r[pk] for r in peer_runs]
        pm = med(pt)
        ratio = vm / pm
        paired = med([a / b for a, b in zip(vt, pt)])
        tgt = "—"
        if target is not None and target[1] is not None and n not in target[1]:
            tgt = f"(≤ {target[0]} stated for n = {', '.join(map(str, sorted(target[1])))})"
        elif target is not None:
            target = target[0]
            ok = ratio <= target
            tgt = f"≤ {target} → {'MET' if ok else 'MISSED'}"
            verdicts.append((label, n, ratio, target, ok))
        print(f"| {label} | {fmt_t(vm)} | {PEER_NAMES[pk]} | {fmt_t(pm)} | {ratio:.3f} | {paired:.3f} | {tgt} |")
    if "breakdown" in vmp_runs[0]:
        keys = list(vmp_runs[0]["breakdown"].keys())
        parts = ", ".join(f"{k} {fmt_t(med([r['breakdown'][k] for r in vmp_runs]))}" for k in keys)
        print(f"\nvmp breakdown (medians, fresh A): {parts}")
        lt = med([r["times"]["L"] for r in vmp_runs])
        rt = med([r["breakdown"]["spectral_radius"] for r in vmp_runs])
        print(f"vmp first `L` {fmt_t(lt)}; rho(A) by dgeev alone (breakdown) {fmt_t(rt)} = {100 * rt / lt:.0f} % of it")
    steps = ", ".join(f"{k} {fmt_t(med([r['times'][k] for r in vmp_runs]))}" for k in ("build", "L", "G", "linkages"))
    print(f"vmp steps of 'full' (medians): {steps}")
    worst = max(errs_max.items(), key=lambda kv: kv[1])
    agree = worst[1] <= TOL
    print(f"agreement vmp vs peers over all runs: worst relative difference {worst[1]:.2e} ({worst[0]}) "
          f"-> {'OK' if agree else 'FAILED'} (tolerance {TOL:g})")
    return verdicts, agree


def main():
    binary = os.path.abspath(ARGS.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} not found: run `swift build -c release --product vmp-bench` first "
                 "(or pass --bin PATH)")
    print("# IO-model benchmark: vmp (VMPCore) vs pymrio / numpy")
    print(f"machine: {cpu_model()}, {os.cpu_count()} logical CPUs; load average at start {loadavg()}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, pymrio {pymrio.__version__}, "
          f"scipy {'—' if sla is None else __import__('scipy').__version__}")
    orig = ", ".join(f"{k}={'(unset)' if v is None else v}" for k, v in ORIGINAL_ENV.items())
    print(f"environment found: {orig}")
    print(f"environment used (both sides): OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS={ARGS.threads}, "
          f"OPENBLAS_CORETYPE={ARGS.coretype or '(unset)'}, OPENBLAS_L2_SIZE=(unset)")
    print(f"numpy BLAS: {numpy_kernel()}")

    all_verdicts = []
    all_agree = True
    with tempfile.TemporaryDirectory(prefix="vmp-bench-") as tmp:
        for n in ARGS.sizes:
            Z, x = make_system(n, ARGS.seed)
            zpath = os.path.join(tmp, f"Z{n}.bin")
            xpath = os.path.join(tmp, f"x{n}.bin")
            write_le(zpath, Z)
            write_le(xpath, x)
            idx = pd.MultiIndex.from_product([["R"], [f"S{i + 1}" for i in range(n)]],
                                             names=["region", "sector"])
            k1, k2, s = n // 3, (2 * n) // 3, 10.0
            vmp_runs, peer_runs = [], []
            errs_max = {}
            for r in range(ARGS.runs):
                v = vmp_round(binary, zpath, xpath, k1, k2, s, not ARGS.no_breakdown)
                t, ref = peer_round(Z, x, idx, k1, k2, s)
                for key, e in check(v, ref).items():
                    errs_max[key] = max(errs_max.get(key, 0.0), e)
                del v["vectors"]
                vmp_runs.append(v)
                peer_runs.append(t)
                print(f"  n={n} run {r + 1}/{ARGS.runs}: vmp full {fmt_t(v['times']['full'])}, "
                      f"pymrio {fmt_t(t['pymrio_all'])}; vmp pull {fmt_t(v['times']['pull_first'])}, "
                      f"numpy inv {fmt_t(t['np_inv_first'])}", file=sys.stderr, flush=True)
            if n == ARGS.sizes[0]:
                b = vmp_runs[0]["blas"]
                print(f"vmp BLAS: {b.get('config', '?')}; kernel={b.get('corename', '?')} "
                      f"threads={b.get('num_threads', '?')}")
            verdicts, agree = report(n, vmp_runs, peer_runs, errs_max, vmp_runs[0]["rho"])
            all_verdicts += verdicts
            all_agree &= agree
    print(f"\nload average at end {loadavg()}")
    print("\n## Targets")
    for label, n, ratio, target, ok in all_verdicts:
        print(f"- n={n} {label}: vmp/peer = {ratio:.3f} (target ≤ {target}) {'MET' if ok else 'MISSED'}")
    if not all_agree:
        print("\nRESULTS DISAGREE beyond the tolerance: see the agreement lines above.")
        sys.exit(2)


if __name__ == "__main__":
    main()
