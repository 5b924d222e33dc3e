#!/usr/bin/env python3
"""Write the expected values for the Swift IO-model tests (Tests/VMPCoreTests/IOModelTests.swift).

Independent peer implementation of the formulas in docs/model.md (§2–§4):

  A = Z x^-1   (technical coefficients, a_ij = z_ij / x_j)      pymrio calc_A
  B = x^-1 Z   (allocation coefficients, b_ij = z_ij / x_i)     pymrio calc_B
  L = (I - A)^-1  Leontief inverse                              pymrio calc_L
  G = (I - B)^-1  Ghosh inverse (inverted directly, NOT via
                  x^-1 L x, so it checks the Swift shortcut)    pymrio calc_G(B)
  backward linkages = column sums (A direct, L total)
  forward linkages  = row sums (B direct, G total)
  normalised (Rasmussen-Hirschman) index = n * sum_j / sum_all
  key stage = normalised total backward > 1 and normalised total forward > 1
  pull response  dx  = L e_k s   (s = 1 at S4), split round 0 / round 1 (A e_k s) / rest
  push response  dx' = s e_k' G  (s = 1 at S1), split round 0 / round 1 (s e_k' B) / rest
  spectral radii rho(A), rho(B) = max |eigenvalue|

Systems written (one folder each under Tests/VMPCoreTests/Fixtures/io/):

  pub2015, pub2020  Coefficients-only mode: the published vanadium linkage coefficients.
                    B_pub = Table S1 (forward) and A_pub = Table S2 (backward) at
                    (S1,S2) (S2,S3) (S3,S4) (S4,S5) (S5,S2), zeros elsewhere. A is used only
                    for L/pull and B only for G/push; neither is derived from the other.
  illustration      Full mode: a MADE-UP 5-stage flow table Z and outputs x (an
                    illustration only, not data). Z.csv and x.csv are the inputs.

Numbers are written with repr() (shortest round-trip form, at most 17 significant digits),
so the Swift side parses the exact doubles computed here.

Uses numpy, and pymrio.tools.iomath when importable (falls back to the same formulas in numpy).
Run from the repository root:  python3 Scripts/peer/make_expected.py
"""

from __future__ import annotations

import csv
import os
import sys

import numpy as np

try:  # pymrio is optional: pip install pymrio
    import pymrio
    from pymrio.tools import iomath

    BACKEND = f"pymrio {pymrio.__version__} (pymrio.tools.iomath)"
except ImportError:  # pragma: no cover - depends on the environment
    iomath = None
    BACKEND = "numpy fallback (pymrio not installed)"

STAGES = ["S1", "S2", "S3", "S4", "S5"]
PAIRS = [("S1", "S2"), ("S2", "S3"), ("S3", "S4"), ("S4", "S5"), ("S5", "S2")]

# Table S1 (forward, "Si drives Sj") and Table S2 (backward, "Sj pulls Si"), in PAIRS order.
TABLE_S1 = {
    2015: [0.042, 0.065, 0.042, 0.103, 0.00133],
    2020: [0.053, 0.130, 0.103, 0.114, 0.00252],
}
TABLE_S2 = {
    2015: [0.028, 0.040, 0.025, 0.068, 0.00103],
    2020: [0.035, 0.081, 0.061, 0.076, 0.00194],
}

# ILLUSTRATION ONLY (made-up numbers, say t V/yr): a chain with within-stage flows, a few
# skip flows (S1->S3, S2->S4, S5->S4) and the recycling arc S5->S2.
ILLUSTRATION_Z = [
    [2.0, 60.0, 5.0, 0.0, 0.0],
    [0.0, 3.0, 90.0, 4.0, 0.0],
    [0.0, 0.0, 2.0, 70.0, 0.0],
    [0.0, 0.0, 0.0, 10.0, 35.0],
    [0.0, 25.0, 0.0, 8.0, 0.0],
]
ILLUSTRATION_X = [100.0, 150.0, 120.0, 400.0, 60.0]

PULL_STAGE, PULL_SIZE = "S4", 1.0
PUSH_STAGE, PUSH_SIZE = "S1", 1.0

OUT = os.path.join("Tests", "VMPCoreTests", "Fixtures", "io")


# ---------------------------------------------------------------------------- formulas


def calc_A(Z, x):
    if iomath is not None:
        return np.asarray(iomath.calc_A(Z, x), dtype=float)
    return Z / x[None, :]


def calc_B(Z, x):
    if iomath is not None:
        return np.asarray(iomath.calc_B(Z, x), dtype=float)
    return Z / x[:, None]


def calc_L(A):
    if iomath is not None:
        return np.asarray(iomath.calc_L(A), dtype=float)
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def calc_G(B):
    """G = (I - B)^-1 inverted directly (pymrio calc_G without L and x)."""
    if iomath is not None:
        return np.asarray(iomath.calc_G(B), dtype=float)
    return np.linalg.inv(np.eye(B.shape[0]) - B)


def spectral_radius(M):
    return float(max(abs(np.linalg.eigvals(M))))


def normalised(sums):
    sums = np.asarray(sums, dtype=float)
    return len(sums) * sums / sums.sum()


def published(year):
    n = len(STAGES)
    A = np.zeros((n, n))
    B = np.zeros((n, n))
    for (i, j), fwd, bwd in zip(PAIRS, TABLE_S1[year], TABLE_S2[year]):
        B[STAGES.index(i), STAGES.index(j)] = fwd
        A[STAGES.index(i), STAGES.index(j)] = bwd
    return A, B


# ---------------------------------------------------------------------------- output


def fmt(v):
    return repr(float(v))


def write_matrix(folder, name, M):
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["stage"] + STAGES)
        for sid, row in zip(STAGES, M):
            w.writerow([sid] + [fmt(v) for v in row])


def write_columns(folder, name, columns):
    """columns: list of (header, vector)."""
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["stage"] + [h for h, _ in columns])
        for k, sid in enumerate(STAGES):
            w.writerow([sid] + [fmt(vec[k]) for _, vec in columns])


def write_scalars(folder, rows):
    with open(os.path.join(folder, "scalars.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "value"])
        for name, v in rows:
            w.writerow([name, fmt(v)])


def unit(k, s):
    e = np.zeros(len(STAGES))
    e[STAGES.index(k)] = s
    return e


def write_system(name, A, B, L, G, extra=None):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    for fname, M in (("A.csv", A), ("B.csv", B), ("L.csv", L), ("G.csv", G)):
        write_matrix(folder, fname, M)
    for fname, M in (extra or {}).items():
        if M.ndim == 1:
            write_columns(folder, fname, [(fname[:-4], M)])
        else:
            write_matrix(folder, fname, M)

    bl_d, bl_t = A.sum(axis=0), L.sum(axis=0)
    fl_d, fl_t = B.sum(axis=1), G.sum(axis=1)
    bl_tn, fl_tn = normalised(bl_t), normalised(fl_t)
    key = ((bl_tn > 1) & (fl_tn > 1)).astype(float)
    write_columns(folder, "linkages.csv", [
        ("A_colsum", bl_d), ("L_colsum", bl_t), ("B_rowsum", fl_d), ("G_rowsum", fl_t),
        ("BL_direct_norm", normalised(bl_d)), ("BL_total_norm", bl_tn),
        ("FL_direct_norm", normalised(fl_d)), ("FL_total_norm", fl_tn),
        ("key_total", key),
    ])

    # Pull: dx = L e_k s; round 0 = s e_k; round 1 = A (s e_k); indirect = rest.
    y = unit(PULL_STAGE, PULL_SIZE)
    total = L @ y
    first = A @ y
    write_columns(folder, f"pull_{PULL_STAGE}.csv", [
        ("total", total), ("direct", y), ("first_round", first), ("indirect", total - y - first)])

    # Push: dx' = s e_k' G; round 1 = s e_k' B.
    w = unit(PUSH_STAGE, PUSH_SIZE)
    total = w @ G
    first = w @ B
    write_columns(folder, f"push_{PUSH_STAGE}.csv", [
        ("total", total), ("direct", w), ("first_round", first), ("indirect", total - w - first)])

    write_scalars(folder, [("rho_A", spectral_radius(A)), ("rho_B", spectral_radius(B)),
                           ("pull_size", PULL_SIZE), ("push_size", PUSH_SIZE)])

    # Self-checks of the peer itself.
    n = len(STAGES)
    assert np.allclose(L @ (np.eye(n) - A), np.eye(n), atol=1e-14)
    assert np.allclose(G @ (np.eye(n) - B), np.eye(n), atol=1e-14)


def main():
    if not os.path.isdir(os.path.join("Tests", "VMPCoreTests")):
        sys.exit("run from the repository root (Tests/VMPCoreTests not found)")

    for year in (2015, 2020):
        A, B = published(year)
        write_system(f"pub{year}", A, B, calc_L(A), calc_G(B))

    Z = np.array(ILLUSTRATION_Z, dtype=float)
    x = np.array(ILLUSTRATION_X, dtype=float)
    A, B = calc_A(Z, x), calc_B(Z, x)
    L, G = calc_L(A), calc_G(B)
    # The identity the Swift full mode relies on (docs/model.md §2.6): G = x^-1 L x.
    assert np.allclose(G, (L * x[None, :]) / x[:, None], rtol=1e-13, atol=0)
    folder = os.path.join(OUT, "illustration")
    os.makedirs(folder, exist_ok=True)
    write_matrix(folder, "Z.csv", Z)
    write_columns(folder, "x.csv", [("x", x)])
    write_system("illustration", A, B, L, G)

    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README.format(backend=BACKEND, numpy=np.__version__))
    print(f"wrote {OUT} ({BACKEND}, numpy {np.__version__})")


README = """# IO-model test fixtures

Generated by `Scripts/peer/make_expected.py` (run from the repository root); do not edit by hand.
Backend: {backend}; numpy {numpy}. Numbers are Python `repr` (exact round-trip doubles).

* `pub2015/`, `pub2020/` — coefficients-only mode, published vanadium linkages: `B.csv` = Table S1
  (forward) and `A.csv` = Table S2 (backward) at (S1,S2) (S2,S3) (S3,S4) (S4,S5) (S5,S2), zeros
  elsewhere. L = (I - A)^-1 from A only, G = (I - B)^-1 from B only.
* `illustration/` — full mode. `Z.csv` and `x.csv` are a MADE-UP flow table (illustration only,
  not data); A = Z x^-1, B = x^-1 Z, L and G inverted independently.

Per folder: `A.csv B.csv L.csv G.csv` (row = supplier i, column = receiver j); `linkages.csv`
(column sums of A and L, row sums of B and G, Rasmussen-Hirschman normalised indices, key stage
flag); `pull_S4.csv` (shock 1 at S4: total = L e_k, direct = e_k, first_round = A e_k, indirect =
rest); `push_S1.csv` (shock 1 at S1: total = e_k' G, first_round = e_k' B); `scalars.csv`
(spectral radii of A and B, shock sizes).
"""


if __name__ == "__main__":
    main()
