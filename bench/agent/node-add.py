#!/usr/bin/env python3
"""Node-add convergence: a block claimed in etcd for node A (through IPAM, from another process, as
a CNI ADD claims one) until the route to it is in node B's kernel; both agents are `bin/muslin
agent` in their own namespaces on one subnet (full mesh), etcd runs in A's namespace. The anchor in
the same run: a BIRD pair on one subnet doing the BGP part — a route appears in BIRD-1's kernel
(BIRD learns it through netlink), BIRD-1 announces it, BIRD-2 writes it to its kernel.
Times from `ip -ts monitor route` (wall clock, microseconds) against the claim's commit time.
Muslin's path is split where node A's agent has the claim in hand: the blackhole it writes for its
new block in A's kernel (the same controller pass hands the block to its speaker). Claim -> A's
blackhole is the datastore part (etcd watch delivery, debounce, the controller pass); A's blackhole
-> the route in B's kernel is the BGP-to-kernel part, the one comparable with the BIRD pair.
Prints one JSON object as its last line. Root; nothing touches the host's network.
"""
import argparse, datetime, json, os, re, signal, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import nsbench  # noqa: E402
from nsbench import sh  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
started, namespaces = [], []


def pair(tag, a_ip, b_ip):
    return nsbench.veth_pair("mnad-%s-a" % tag, "mnad-%s-b" % tag, a_ip + "/24", b_ip + "/24", namespaces)


def spawn(cmd, log, **kw):
    p = subprocess.Popen(cmd, stdout=open(log, "w") if log else subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    started.append(p)
    return p


def monitor(ns, log):
    return spawn(["ip", "-n", ns, "-ts", "monitor", "route"], log)


def added_times(log, pattern):
    """prefix -> epoch micros of its first 'added' line (not Deleted) in an `ip -ts monitor` log."""
    out = {}
    for line in open(log):
        m = re.match(r"\[(\S+)\]\s*(.*)", line)
        if not m or m.group(2).startswith("Deleted"):
            continue
        words = m.group(2).split()
        dst = words[1] if words[0] in ("blackhole", "unreachable", "prohibit") else words[0]
        if re.match(pattern, m.group(2)) and dst not in out:
            t = datetime.datetime.fromisoformat(m.group(1))
            out[dst] = int(t.timestamp() * 1_000_000)
    return out


def stats(ms):
    return {"runs": len(ms), "median_ms": round(statistics.median(ms), 2), "worst_ms": round(max(ms), 2),
            "best_ms": round(min(ms), 2)}


def run_muslin(tag, runs, scratch):
    a, b = pair(tag + "m", "10.253.0.1", "10.253.0.2")
    etcd = spawn(["ip", "netns", "exec", a, "etcd", "--data-dir", os.path.join(scratch, "etcd"), "--listen-client-urls",
                  "http://10.253.0.1:2379,http://127.0.0.1:2379", "--advertise-client-urls", "http://10.253.0.1:2379",
                  "--listen-peer-urls", "http://127.0.0.1:2380"], os.path.join(scratch, "etcd.log"))
    time.sleep(2)
    jar = os.path.join(ROOT, "node-agent", "target", "muslin-node-agent.jar")
    cp = jar + ":" + os.path.join(ROOT, "node-agent", "target", "lib", "*")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUSLIN_")}
    env["MUSLIN_AOT"] = "0"
    agents = []
    for ns, name, endpoint in ((a, "node-a", "http://127.0.0.1:2379"), (b, "node-b", "http://10.253.0.1:2379")):
        cfg = os.path.join(scratch, name + ".yaml")
        with open(cfg, "w") as fh:
            fh.write("nodeName: %s\ndatastore:\n  etcd:\n    endpoints: [%s]\nnodeAddress:\n  ipv4: interface=eth0\n"
                     "stateDir: %s\npolicy:\n  enabled: false\nlogLevel: warn\n" % (name, endpoint, os.path.join(scratch, name)))
        if name == "node-a":
            sh("ip", "netns", "exec", ns, os.path.join(ROOT, "bin", "muslin"), "pools", "create", "default-ipv4", "--cidr",
               "10.244.0.0/16", "--config", cfg, env=env)
        agents.append(spawn(["ip", "netns", "exec", ns, os.path.join(ROOT, "bin", "muslin"), "agent", "--config", cfg],
                            os.path.join(scratch, name + ".log"), env=env))
    deadline = time.monotonic() + 120
    while "via 10.253.0.1" not in sh("ip", "-n", b, "route", "show", "proto", "77", check=False):
        if time.monotonic() > deadline:
            raise RuntimeError("the agents did not exchange their first blocks")
        time.sleep(0.5)
    mon = os.path.join(scratch, "muslin-monitor.log")
    m = monitor(b, mon)
    mon_a = os.path.join(scratch, "muslin-monitor-a.log")
    m_a = monitor(a, mon_a)
    time.sleep(1)
    claim = subprocess.run(["ip", "netns", "exec", a, JAVA, "-XX:+UseSerialGC", "-cp", cp, os.path.join(HERE, "Claim.java"),
                            "http://127.0.0.1:2379", "node-a", "default-ipv4", str(runs), "300"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    time.sleep(1)
    for p in (m, m_a):
        p.terminate()
        p.wait()
    claims = {}
    for line in claim.stdout.splitlines():
        if line.startswith("claimed "):
            _, cidr, micros = line.split()
            claims[cidr] = int(micros)
    if len(claims) != runs:
        raise RuntimeError("claims: " + claim.stdout)
    seen = added_times(mon, r"\S+ via 10\.253\.0\.1 .*proto 77")
    ms = [(seen[c] - t) / 1000 for c, t in claims.items() if c in seen]
    missing = [c for c in claims if c not in seen]
    at_a = added_times(mon_a, r"blackhole \S+ .*proto 77")
    datastore_ms = [(at_a[c] - t) / 1000 for c, t in claims.items() if c in at_a]
    bgp_ms = [(seen[c] - at_a[c]) / 1000 for c in claims if c in seen and c in at_a]
    per_run = [{"block": c, "claim_to_a_ms": round((at_a[c] - t) / 1000, 2) if c in at_a else None,
                "a_to_b_ms": round((seen[c] - at_a[c]) / 1000, 2) if c in seen and c in at_a else None}
               for c, t in claims.items()]
    for p in agents:
        p.send_signal(signal.SIGTERM)
    return stats(ms), missing, {"datastore_part": stats(datastore_ms), "bgp_to_kernel_part": stats(bgp_ms), "runs": per_run}


def run_bird(tag, runs, scratch):
    a, b = pair(tag + "b", "10.252.0.1", "10.252.0.2")
    for ns, me, peer in ((a, "10.252.0.1", "10.252.0.2"), (b, "10.252.0.2", "10.252.0.1")):
        conf = os.path.join(scratch, "bird-%s.conf" % ns)
        learn = "learn; " if ns == a else ""
        with open(conf, "w") as fh:
            fh.write("router id %s;\nprotocol device { scan time 1; }\n"
                     "protocol kernel { %sscan time 1; ipv4 { import all; export all; }; }\n"
                     "protocol bgp peer { local %s as 64512; neighbor %s as 64512; direct; hold time 30;\n"
                     "  ipv4 { import all; export all; next hop self; }; }\n" % (me, learn, me, peer))
        spawn(["ip", "netns", "exec", ns, "/usr/sbin/bird", "-f", "-c", conf, "-s", os.path.join(scratch, "bird-%s.ctl" % ns)],
              os.path.join(scratch, "bird-%s.log" % ns))
    deadline = time.monotonic() + 30
    while "Established" not in sh("birdc", "-s", os.path.join(scratch, "bird-%s.ctl" % b), "show", "protocols", "peer", check=False):
        if time.monotonic() > deadline:
            raise RuntimeError("the BIRD pair did not establish")
        time.sleep(0.2)
    mon = os.path.join(scratch, "bird-monitor.log")
    m = monitor(b, mon)
    time.sleep(1)
    added = {}
    for i in range(runs):
        prefix = "10.245.%d.0/26" % i
        t = time.time()
        sh("ip", "-n", a, "route", "add", "blackhole", prefix, "proto", "static")
        added[prefix] = int(t * 1_000_000)
        time.sleep(0.3)
    time.sleep(2)
    m.terminate()
    m.wait()
    seen = added_times(mon, r"\S+ via 10\.252\.0\.1 .*proto bird")
    ms = [(seen[p] - t) / 1000 for p, t in added.items() if p in seen]
    return stats(ms), [p for p in added if p not in seen]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root")
    scratch = tempfile.mkdtemp(prefix="mbench-node-add-")
    load = os.getloadavg()[0]
    tag = str(os.getpid())
    failed = False
    try:
        muslin, m_missing, parts = run_muslin(tag, args.runs, scratch)
        bird, b_missing = run_bird(tag, args.runs, scratch)
        print("muslin: claim -> route in the other node's kernel: median %.1f ms, worst %.1f ms (%d runs, %d missing)"
              % (muslin["median_ms"], muslin["worst_ms"], muslin["runs"], len(m_missing)))
        print("muslin: claim -> A's blackhole (datastore part): median %.1f ms, worst %.1f ms; A's blackhole -> B's kernel"
              " (BGP to kernel): median %.1f ms, worst %.1f ms" % (parts["datastore_part"]["median_ms"],
              parts["datastore_part"]["worst_ms"], parts["bgp_to_kernel_part"]["median_ms"], parts["bgp_to_kernel_part"]["worst_ms"]))
        print("bird pair: route in one kernel -> route in the other's: median %.1f ms, worst %.1f ms" % (bird["median_ms"], bird["worst_ms"]))
    except BaseException:
        failed = True
        raise
    finally:
        nsbench.clean_up(started, namespaces, scratch, failed or bool(os.environ.get("MBENCH_KEEP")))
    print(json.dumps({"benchmark": "agent-node-add-convergence", "load_average_at_start": round(load, 1), "nproc": os.cpu_count(),
                      "muslin": muslin, "muslin_missing": m_missing, "muslin_parts": parts, "bird_pair": bird, "bird_missing": b_missing,
                      "target_ms": 50}))


if __name__ == "__main__":
    main()
