#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went, per thread: top methods by self samples (the frame
on top, after the JIT inlined what it inlined) and by inclusive samples (anywhere on the stack).

Usage: bench/bgp/jfr_hot.py RECORDING.jfr [--threads 3] [--top 15] [--jfr PATH-TO-jfr-TOOL]
(ingest.sh --profile runs it on Muslin's recording.)
"""
import argparse
import collections
import json
import os
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--threads", type=int, default=3)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--jfr", default=os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"),
                                                  "bin", "jfr"))
    args = ap.parse_args()
    out = subprocess.run([args.jfr, "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "64",
                          args.recording], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    per_thread = collections.Counter()
    self_by = collections.defaultdict(collections.Counter)
    incl_by = collections.defaultdict(collections.Counter)
    for e in events:
        v = e["values"]
        t = v["sampledThread"].get("javaName") or v["sampledThread"].get("osName") or "?"
        frames = (v.get("stackTrace") or {}).get("frames") or []
        per_thread[t] += 1
        if not frames:
            continue
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        self_by[t][names[0]] += 1
        for n in set(names):
            incl_by[t][n] += 1
    total = sum(per_thread.values())
    print(f"{total} CPU samples; by thread: "
          + ", ".join(f"{t} {c} ({100 * c / total:.0f}%)" for t, c in per_thread.most_common(6)))
    for t, c in per_thread.most_common(args.threads):
        print(f"\n== {t}: {c} samples\n   self:")
        for n, k in self_by[t].most_common(args.top):
            print(f"   {100 * k / c:5.1f}%  {n}")
        print("   inclusive (frames of the JDK's executors and lambdas left out):")
        shown = 0
        for n, k in incl_by[t].most_common():
            if n.startswith(("java.lang.Thread.", "java.util.concurrent.", "io.netty.util.concurrent.",
                             "io.netty.util.internal.", "java.lang.invoke.")) or "$$Lambda" in n:
                continue
            print(f"   {100 * k / c:5.1f}%  {n}")
            shown += 1
            if shown >= args.top:
                break


if __name__ == "__main__":
    main()
