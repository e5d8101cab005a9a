"""pandas peer: usage python3 pandas_peer.py cases|counts|keys FILE
Reads only the columns the job needs, as strings or integers, with the C
parser, and prints year,jurisdiction,investigations,convictions sorted."""
import sys

import pandas as pd

job, path = sys.argv[1], sys.argv[2]
if job == "keys":
    df = pd.read_csv(path, usecols=["court_file", "outcome"], dtype=str,
                     keep_default_na=False)
    df["conv"] = (df["outcome"] == "convicted").astype("int64")
    g = df.groupby("court_file", sort=True)["conv"].agg(["size", "sum"])
    sys.stdout.write("".join("%s,%d,%d\n" % (k, r[0], r[1])
                             for k, r in zip(g.index, g.values)))
    sys.exit(0)
if job == "cases":
    df = pd.read_csv(path, usecols=["opened", "jurisdiction", "outcome"],
                     dtype=str, keep_default_na=False)
    t = pd.DataFrame({"year": df["opened"].str.slice(0, 4),
                      "jurisdiction": df["jurisdiction"],
                      "inv": 1,
                      "conv": (df["outcome"] == "convicted").astype("int64")})
else:
    df = pd.read_csv(path, usecols=["month", "jurisdiction", "investigations",
                                    "convictions"],
                     dtype={"month": str, "jurisdiction": str})
    t = pd.DataFrame({"year": df["month"].str.slice(0, 4),
                      "jurisdiction": df["jurisdiction"],
                      "inv": df["investigations"], "conv": df["convictions"]})
g = t.groupby(["year", "jurisdiction"], sort=False)[["inv", "conv"]].sum()
lines = sorted("%s,%s,%d,%d" % (y, j, r.inv, r.conv)
               for (y, j), r in g.iterrows())
sys.stdout.write("\n".join(lines) + "\n")
