#!/usr/bin/env python3
"""Runs the BFD hold benchmark; see hold.sh. Everything it makes (namespaces, processes) it removes."""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from nsbench import cpu_seconds  # noqa: E402


def sh(*cmd, ns=None, check=True, **kw):
    full = (["ip", "netns", "exec", ns] if ns else []) + list(cmd)
    return subprocess.run(full, check=check, capture_output=True, text=True, **kw)


def addresses(n, side):
    # 10.90.0.0/22: side A takes 10.90.0.x and 10.90.1.x, side B 10.90.2.x and 10.90.3.x.
    return [f"10.90.{side * 2 + i // 250}.{i % 250 + 1}" for i in range(n)]


def udp_counters(ns):
    """The namespace's UDP counters (/proc/net/snmp is per network namespace) and its eth0's drops:
    RcvbufErrors counts datagrams the kernel dropped because a socket's receive queue was full."""
    lines = [l.split() for l in sh("cat", "/proc/net/snmp", ns=ns).stdout.splitlines() if l.startswith("Udp:")]
    udp = dict(zip(lines[0][1:], map(int, lines[1][1:])))
    link = json.loads(sh("ip", "-j", "-s", "link", "show", "eth0", ns=ns).stdout)[0]["stats64"]
    return {"InDatagrams": udp["InDatagrams"], "RcvbufErrors": udp["RcvbufErrors"], "InErrors": udp["InErrors"],
            "SndbufErrors": udp["SndbufErrors"], "rxDropped": link["rx"]["dropped"], "txDropped": link["tx"]["dropped"]}


def delta(before, after):
    return {k: after[k] - before[k] for k in before}


def bird_sessions_up(birdc):
    out = subprocess.run(birdc + ["show bfd sessions"], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if " Up " in f" {line} ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--sessions", type=int, default=500)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--java-opts", default="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC")
    ap.add_argument("--bird-rmem", type=int, default=0,
                    help="net.core.rmem_default in BIRD's namespace (bytes), e.g. 4194304; 0: the kernel's default")
    a = ap.parse_args()
    tag = f"mbfd{os.getpid() % 100000}"
    na, nb = tag + "-a", tag + "-b"
    work = tempfile.mkdtemp(prefix="bench-bfd-")
    procs = []
    try:
        for ns in (na, nb):
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "set", "lo", "up", ns=ns)
        sh("ip", "link", "add", "eth0", "netns", na, "type", "veth", "peer", "name", "eth0", "netns", nb)
        side_a, side_b = addresses(a.sessions, 0), addresses(a.sessions, 1)
        for ns, addrs in ((na, side_a), (nb, side_b)):
            batch = "".join(f"addr add {x}/22 dev eth0\n" for x in addrs) + "link set eth0 up\n"
            sh("ip", "-batch", "-", ns=ns, input=batch)
        # Permanent neighbour entries: 500 addresses a side would otherwise overflow the kernel's ARP
        # table thresholds (gc_thresh2 is 512) and re-resolution would drop BFD packets on both sides.
        mac = {ns: json.loads(sh("ip", "-j", "link", "show", "eth0", ns=ns).stdout)[0]["address"] for ns in (na, nb)}
        for ns, peers, other in ((na, side_b, nb), (nb, side_a, na)):
            batch = "".join(f"neigh replace {x} lladdr {mac[other]} dev eth0 nud permanent\n" for x in peers)
            sh("ip", "-batch", "-", ns=ns, input=batch)
        time.sleep(2)  # let the links settle

        if a.bird_rmem:
            sh("sysctl", "-qw", f"net.core.rmem_default={a.bird_rmem}", ns=nb)
        conf = os.path.join(work, "bird.conf")
        with open(conf, "w") as f:
            f.write("router id 10.90.2.1;\nlog \"%s\" all;\nprotocol device {}\n" % os.path.join(work, "bird.log"))
            # Only state changes are traced: what BIRD saw go down, and when.
            f.write("protocol bfd {\n  debug { states, events };\n"
                    "  interface \"*\" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };\n")
            for mine, peer in zip(side_b, side_a):
                f.write(f"  neighbor {peer} local {mine};\n")
            f.write("}\n")
        ctl = os.path.join(work, "bird.ctl")
        bird = subprocess.Popen(["ip", "netns", "exec", nb, "/usr/sbin/bird", "-f", "-c", conf, "-s", ctl,
                                 "-P", os.path.join(work, "bird.pid")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(bird)
        birdc = ["ip", "netns", "exec", nb, "/usr/sbin/birdc", "-s", ctl]
        peers_file = os.path.join(work, "peers.txt")
        with open(peers_file, "w") as f:
            f.writelines(f"{peer} {mine}\n" for mine, peer in zip(side_a, side_b))
        java = subprocess.Popen(["ip", "netns", "exec", na, a.java] + a.java_opts.split() +
                                ["-cp", a.classpath, "io.muslin.bgp.bench.BfdHold", peers_file],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(java)
        line = java.stdout.readline().strip()
        if not line.startswith("ALL_UP"):
            sys.exit(f"muslin: {line}")
        print(f"all {a.sessions} sessions Up after {line.split()[1]} ms (from the JVM's first session)")
        time.sleep(3)  # let the last Poll Sequences finish
        bird_up_start = bird_sessions_up(birdc)
        bird_log = os.path.join(work, "bird.log")
        bird_log_start = os.path.getsize(bird_log) if os.path.exists(bird_log) else 0
        load_start = os.getloadavg()
        udp0 = {ns: udp_counters(ns) for ns in (na, nb)}
        m0, b0, t0 = cpu_seconds(java.pid), cpu_seconds(bird.pid), time.monotonic()
        time.sleep(a.seconds)
        m1, b1, t1 = cpu_seconds(java.pid), cpu_seconds(bird.pid), time.monotonic()
        udp_muslin, udp_bird = delta(udp0[na], udp_counters(na)), delta(udp0[nb], udp_counters(nb))
        load_end = os.getloadavg()
        bird_up_end = bird_sessions_up(birdc)
        with open(bird_log, errors="replace") as f:
            f.seek(bird_log_start)
            window = f.read()
        bird_downs = sum(1 for line in window.splitlines() if "from Up to Down" in line)
        bird_expired = sum(1 for line in window.splitlines() if line.rstrip().endswith(" expired"))
        java.stdin.write("report\n")
        java.stdin.flush()
        report = json.loads(java.stdout.readline())
        muslin_cpu, bird_cpu = m1 - m0, b1 - b0
        print(f"hold window {t1 - t0:.1f} s, load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end "
              f"({os.cpu_count()} CPUs)")
        print(f"muslin: {muslin_cpu:.2f} CPU s ({muslin_cpu / (t1 - t0) * 100:.1f} % of a CPU), "
              f"{report['up']}/{report['sessions']} Up at the end, {report['stateChangesSinceAllUp']} state changes, "
              f"{report['packetsIn']} packets in, {report['packetsOut']} out, {report['packetsDropped']} dropped, "
              f"{report['lateTimers']} timers >100 ms late (worst {report['worstTimerLatenessMs']} ms); "
              f"left Up by diagnostic: {report['leftUpBy']}")
        print(f"bird:   {bird_cpu:.2f} CPU s ({bird_cpu / (t1 - t0) * 100:.1f} % of a CPU), "
              f"{bird_up_start} Up at the start of the window, {bird_up_end} at the end, "
              f"{bird_downs} went from Up to Down in the window ({bird_expired} by BIRD's detection timer)")
        print(f"kernel, in the window: muslin's namespace {udp_muslin}; bird's namespace {udp_bird} "
              f"(RcvbufErrors: datagrams dropped at a full socket receive queue)")
        print(json.dumps({"bench": "bfd-hold", "sessions": a.sessions, "intervalMs": 300, "multiplier": 3,
                          "seconds": round(t1 - t0, 1), "muslinCpuSeconds": round(muslin_cpu, 3),
                          "birdCpuSeconds": round(bird_cpu, 3),
                          "ratio": round(muslin_cpu / bird_cpu, 3) if bird_cpu > 0 else None,
                          "muslinStateChanges": report["stateChangesSinceAllUp"], "muslinLeftUpBy": report["leftUpBy"],
                          "muslinLateTimers": report["lateTimers"], "muslinWorstTimerLatenessMs": report["worstTimerLatenessMs"], "muslinUpAtEnd": report["up"],
                          "birdUpAtStart": bird_up_start, "birdUpAtEnd": bird_up_end, "birdUpToDown": bird_downs, "birdDetectExpired": bird_expired,
                          "loadAverage1m": [round(load_start[0], 2), round(load_end[0], 2)],
                          "muslinNamespaceUdp": udp_muslin, "birdNamespaceUdp": udp_bird,
                          "birdRmemDefault": a.bird_rmem or None, "javaOpts": a.java_opts}))
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        for ns in (na, nb):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        if os.environ.get("BFD_BENCH_KEEP") == "1":
            print(f"kept {work} (BIRD's configuration and log)", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
