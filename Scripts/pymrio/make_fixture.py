"""Writes Tests/VMPCoreTests/Fixtures/pymrio/testmrio: pymrio's small test system
(pymrio.load_test(): 6 regions x 8 sectors, extensions emissions and factor_inputs) after
calc_all(), saved with save_all(), then trimmed to what vmp's loader reads and what the tests
compare with (pymrio's own L and the emission multipliers M).

Run from the repository root:  /tmp/pyvenv/bin/python Scripts/pymrio/make_fixture.py
(pymrio 0.7). The tests do not run Python; they read the committed output.
"""
import json
import os
import shutil
import sys

import pymrio

OUT = os.path.join("Tests", "VMPCoreTests", "Fixtures", "pymrio", "testmrio")

# What is kept: the system's Z, Y, x, L, unit and its parameters; per extension F, S, M, unit.
KEEP_SYSTEM = {"Z", "Y", "x", "L", "unit"}
KEEP_EXTENSION = {"F", "S", "M", "unit"}


def trim(folder, keep):
    """Drops the tables not in `keep` from a saved folder and from its file_parameters.json."""
    params_path = os.path.join(folder, "file_parameters.json")
    with open(params_path) as f:
        params = json.load(f)
    for key, entry in list(params["files"].items()):
        if key not in keep:
            os.remove(os.path.join(folder, entry["name"]))
            del params["files"][key]
    with open(params_path, "w") as f:
        json.dump(params, f, indent=4, sort_keys=True)
        f.write("\n")


def main():
    io = pymrio.load_test()
    io.calc_all()
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    io.save_all(OUT)
    trim(OUT, KEEP_SYSTEM)
    for name in ("emissions", "factor_inputs"):
        trim(os.path.join(OUT, name), KEEP_EXTENSION)
    # The history in metadata.json carries timestamps and local paths: not needed.
    os.remove(os.path.join(OUT, "metadata.json"))
    print("wrote", OUT, "with pymrio", pymrio.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
