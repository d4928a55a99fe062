#!/usr/bin/env python3
"""Failover to the kernel: the node agent (`bin/muslin agent`, a real etcd) peered with a real BIRD
(a BGPPeer, eBGP, BIRD announcing a few IPv4 prefixes), the link cut silently (iptables DROP of
everything, both directions, in BIRD's namespace); the milliseconds from the cut until the last of
BIRD's routes has left the agent namespace's kernel table, seen by `ip -ts monitor route` (wall
clock, microseconds). With BFD (`bfd: {}` on the BGPPeer, 300 ms x 3; BIRD's `protocol bfd` the
same) and without (the hold time, bgp.holdTime on the agent and `hold time` on BIRD, default 9 s,
keepalives every third of it; the product's default is 90 s). Fresh namespaces, etcd, agent and
BIRD per run, the two modes alternating. The cut time is taken when the DROP rules are in place
(the `iptables` calls have returned). Prints one JSON object as its last line.
Root; nothing touches the host's network: two namespaces joined by one veth, 10.254.0.0/24.
Usage: bench/bfd/failover-kernel.py [--runs N] [--hold SECONDS] [--routes N]
BFD_BENCH_KEEP=1 keeps the scratch directory (logs of etcd, agent, BIRD, the route monitor).
"""
import argparse, datetime, json, os, re, signal, statistics, subprocess, sys, tempfile, time, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import nsbench  # noqa: E402
from nsbench import sh  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MUSLIN = os.path.join(ROOT, "bin", "muslin")
AGENT_IP, BIRD_IP = "10.254.0.2", "10.254.0.1"
AGENT_AS, BIRD_AS = 64512, 65001
BIRD_BFD = "protocol bfd { interface \"*\" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; }; }\n"
started = []     # processes this script started, killed by PID at the end
namespaces = []


def spawn(cmd, log, **kw):
    p = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, text=True, **kw)
    started.append(p)
    return p


def stop(p, sig=signal.SIGTERM, wait=30):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(wait)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def drop_netns(ns):
    nsbench.drop_netns(ns, namespaces)


def pair(tag):
    return nsbench.veth_pair("mbfdk-%s-n" % tag, "mbfdk-%s-b" % tag, AGENT_IP + "/24", BIRD_IP + "/24", namespaces)


def wait_for(what, cond, timeout, proc=None, log=None):
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s: the process ended (exit %s)%s" % (what, proc.returncode, "; see " + log if log else ""))
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for " + what + ("; see " + log if log else ""))
        time.sleep(0.1)


def agent_status(ns):
    r = subprocess.run(["ip", "netns", "exec", ns, "curl", "-sf", "http://127.0.0.1:9099/status"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if r.returncode != 0:
        return None
    try:
        return json.loads(r.stdout)
    except ValueError:
        return None


def bird_peer(status):
    for p in (status or {}).get("peers", []):
        if p.get("address") == BIRD_IP:
            return p
    return None


def kernel_prefixes(ns):
    out = sh("ip", "-n", ns, "-4", "route", "show", "proto", "77", check=False)
    return {line.split()[0] for line in out.splitlines() if " via %s " % BIRD_IP in line + " "}


def deleted_times(log, prefixes):
    """prefix -> epoch micros of its last 'Deleted' line in an `ip -ts monitor route` log."""
    out = {}
    for line in open(log):
        m = re.match(r"\[(\S+)\]\s*Deleted\s+(\S+)", line)
        if m and m.group(2) in prefixes:
            out[m.group(2)] = int(datetime.datetime.fromisoformat(m.group(1)).timestamp() * 1_000_000)
    return out


def one_run(tag, bfd, hold, prefixes, scratch, index):
    run_dir = os.path.join(scratch, "%02d-%s" % (index, "bfd" if bfd else "hold"))
    os.makedirs(run_dir)
    n, b = pair(tag)
    try:
        etcd = spawn(["ip", "netns", "exec", n, "etcd", "--data-dir", os.path.join(run_dir, "etcd"),
                      "--listen-client-urls", "http://127.0.0.1:2379", "--advertise-client-urls", "http://127.0.0.1:2379",
                      "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
                      "--initial-cluster", "default=http://127.0.0.1:2380"], os.path.join(run_dir, "etcd.log"))
        wait_for("etcd", lambda: subprocess.run(["ip", "netns", "exec", n, "curl", "-sf", "http://127.0.0.1:2379/health"],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0,
                 30, etcd, os.path.join(run_dir, "etcd.log"))
        cfg = os.path.join(run_dir, "agent.yaml")
        with open(cfg, "w") as fh:
            fh.write("nodeName: node-a\ndatastore:\n  etcd:\n    endpoints: [http://127.0.0.1:2379]\n"
                     "nodeAddress:\n  ipv4: interface=eth0\nstateDir: %s\npolicy:\n  enabled: false\n"
                     "bgp:\n  asNumber: %d\n  holdTime: %d\nlogLevel: info\n" % (os.path.join(run_dir, "state"), AGENT_AS, hold))
        env = {k: v for k, v in os.environ.items() if not k.startswith("MUSLIN_")}
        create = ["ip", "netns", "exec", n, MUSLIN, "peers", "create", "bird", "--peer-ip", BIRD_IP, "--as-number",
                  str(BIRD_AS), "--config", cfg]
        sh(*(create + (["--bfd"] if bfd else [])), env=env)
        conf = os.path.join(run_dir, "bird.conf")
        with open(conf, "w") as fh:
            fh.write("router id %s;\nlog \"%s\" all;\nprotocol device {}\n%s"
                     "protocol static s4 { ipv4;%s }\n"
                     "protocol bgp muslin {\n  local %s as %d;\n  neighbor %s as %d;\n  hold time %d; keepalive time %d;\n"
                     "  connect retry time 1; error wait time 1, 5;\n  direct;\n%s"
                     "  ipv4 { import all; export all; };\n}\n"
                     % (BIRD_IP, os.path.join(run_dir, "bird.log"), BIRD_BFD if bfd else "",
                        "".join(" route %s blackhole;" % p for p in prefixes), BIRD_IP, BIRD_AS, AGENT_IP, AGENT_AS,
                        hold, max(1, hold // 3), "  bfd on;\n" if bfd else ""))
        bird = spawn(["ip", "netns", "exec", b, "/usr/sbin/bird", "-f", "-c", conf, "-s", os.path.join(run_dir, "bird.ctl")],
                     os.path.join(run_dir, "bird.out"))
        agent_log = os.path.join(run_dir, "agent.log")
        agent = spawn(["ip", "netns", "exec", n, MUSLIN, "agent", "--config", cfg], agent_log, env=env)
        wait_for("BIRD's routes in the agent's kernel", lambda: kernel_prefixes(n) == set(prefixes), 180, agent, agent_log)
        if bfd:
            wait_for("the BFD session Up in /status",
                     lambda: ((bird_peer(agent_status(n)) or {}).get("bfd") or {}).get("state", "").lower() == "up",
                     60, agent, agent_log)
        time.sleep(1)
        mon_log = os.path.join(run_dir, "monitor.log")
        mon = spawn(["ip", "-n", n, "-ts", "monitor", "route"], mon_log)
        time.sleep(0.5)
        sh("ip", "netns", "exec", b, "sh", "-c", "iptables -I INPUT -j DROP && iptables -I OUTPUT -j DROP")
        cut = int(time.time() * 1_000_000)
        wait_for("BIRD's routes gone from the agent's kernel", lambda: not kernel_prefixes(n), hold * 3 + 30, agent, agent_log)
        time.sleep(0.3)
        stop(mon)
        gone = deleted_times(mon_log, set(prefixes))
        missing = [p for p in prefixes if p not in gone]
        if missing:
            raise RuntimeError("no 'Deleted' in the route monitor for %s; see %s" % (missing, mon_log))
        peer = bird_peer(agent_status(n)) or {}
        ms = (max(gone.values()) - cut) / 1000
        first_ms = (min(gone.values()) - cut) / 1000
        stop(agent)
        stop(bird, signal.SIGKILL)
        stop(etcd)
        return {"mode": "bfd" if bfd else "hold", "ms": round(ms, 1), "first_route_ms": round(first_ms, 1),
                "down_reason": peer.get("downReason"), "load_average": round(os.getloadavg()[0], 2)}
    finally:
        drop_netns(n)
        drop_netns(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per mode (default 5)")
    ap.add_argument("--hold", type=int, default=9, help="BGP hold time in seconds on both sides (default 9)")
    ap.add_argument("--routes", type=int, default=4, help="prefixes BIRD announces (default 4)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/bfd/failover-kernel.py: needs root (network namespaces)")
    if not os.path.isfile(os.path.join(ROOT, "node-agent", "target", "muslin-node-agent.jar")):
        sys.exit("bench/bfd/failover-kernel.py: build the agent first: mvn -pl node-agent -am package -DskipTests")
    prefixes = ["10.77.%d.0/24" % i for i in range(args.routes)]
    scratch = tempfile.mkdtemp(prefix="mbench-bfd-kernel-")
    tag = str(os.getpid())
    load_start = os.getloadavg()
    results, failed = [], False
    try:
        for i in range(args.runs):
            for bfd in (True, False):
                r = one_run(tag, bfd, args.hold, prefixes, scratch, len(results))
                results.append(r)
                print("%s run: BIRD's routes gone from the kernel %.1f ms after the cut (first %.1f ms; down reason %s;"
                      " load %.2f)" % (r["mode"], r["ms"], r["first_route_ms"], r["down_reason"], r["load_average"]), flush=True)
    except BaseException:
        failed = True
        raise
    finally:
        nsbench.clean_up(started, namespaces, scratch, failed or os.environ.get("BFD_BENCH_KEEP") == "1")
    bfd_ms = [r["ms"] for r in results if r["mode"] == "bfd"]
    hold_ms = [r["ms"] for r in results if r["mode"] == "hold"]
    load_end = os.getloadavg()
    print("median: bfd %.1f ms, hold time %d s %.1f ms; load average %.2f -> %.2f"
          % (statistics.median(bfd_ms), args.hold, statistics.median(hold_ms), load_start[0], load_end[0]))
    print(json.dumps({"bench": "bfd-failover-kernel", "runs": args.runs, "routes": args.routes, "holdTimeSeconds": args.hold,
                      "bfd": "300ms x 3", "bfdMs": bfd_ms, "holdMs": hold_ms,
                      "bfdMedianMs": statistics.median(bfd_ms), "holdMedianMs": statistics.median(hold_ms),
                      "ratio": round(statistics.median(bfd_ms) / statistics.median(hold_ms), 4),
                      "loadAverage": [round(load_start[0], 2), round(load_end[0], 2)], "nproc": os.cpu_count(),
                      "perRun": results}))


if __name__ == "__main__":
    main()
