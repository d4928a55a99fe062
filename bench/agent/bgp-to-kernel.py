#!/usr/bin/env python3
"""BGP to kernel: one eBGP peer (bench/bgp/Feeder.java) sends N IPv4 /32s; how long until every
route is in the receiving node's kernel. Receivers, one after the other in the same run: the Muslin
agent (bin/muslin agent, file datastore, one BGPPeer for the feeder) and BIRD exporting to its
kernel (the anchor). Each in two fresh network namespaces (feeder 10.255.0.1/30, node
10.255.0.2/30); nothing touches the host's network. Prints one JSON object as its last line.

Second anchor, the kernel's own floor: the same N /32s (same next hop, protocol 77) written into a
fresh namespace, twice: by one bare `ip -batch` (one request and one ACK per route, as BIRD writes
them), and by one netlink batch (bench/agent/KernelFloor.java: Muslin's netlink library, 128 KiB
datagrams, one ACK per datagram, as the agent's route writer sends them; the routes built before
its clock starts, no JVM start in it), once by one writer and once split between two writers (two
threads, two sockets, started together: whether the kernel inserts one namespace's routes in
parallel). Each with its user and system CPU: the system time of the netlink batch is the kernel's
own work to insert the routes, which no receiver can avoid; its wall time is what a receiver that
did nothing but write would take. Third anchor, the feeder alone: the same UPDATEs sent to a
receiver that reads and discards them (bgp_sink.py), first UPDATE byte to End-of-RIB read.

For each receiver, between the first UPDATE and the moment all routes are in the kernel: its CPU
seconds (the agent's per thread, [user+system, system]) and how many of the machine's cores were
busy on average (everything on the machine: with 2 cores, near 2 means the run was CPU-bound,
whoever used the CPU). MBENCH_HISTOGRAM=PREFIX writes the agent's heap histogram (jcmd
GC.class_histogram) with every route in to PREFIX-<run>.txt. MBENCH_AGENT_LOG sets the agent's log level (default warn); MBENCH_KEEP
keeps the scratch directory (logs) after a run.

Clock: from the feeder's first UPDATE byte (its CLOCK_MONOTONIC) to the first moment the kernel
holds all N routes of the receiver's protocol. Polling costs CPU the receivers need (a full dump of
1M routes is seconds of `ip`), and receivers write in different orders, so: one `ip -batch` of
`route get` for 64 prefixes spread over the range (the last one included) every 20 ms until all
resolve through the feeder, then a full count of the protocol's routes (repeated every second until
it is N); the time is that of the poll that saw all 64, confirmed by the count.
"""
import argparse, ipaddress, json, os, resource, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import nsbench  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FEEDER_IP, NODE_IP = "10.255.0.1", "10.255.0.2"
FEEDER_AS, NODE_AS = 65001, 64512
started = []   # processes we started (killed by PID at the end)
namespaces = []


def sh(*cmd, check=True, capture=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + " failed: " + (r.stdout or ""))
    return r.stdout or ""


def netns_pair(tag):
    return nsbench.veth_pair("mbak-%s-f" % tag, "mbak-%s-n" % tag, FEEDER_IP + "/30", NODE_IP + "/30", namespaces)


def drop_netns(ns):
    nsbench.drop_netns(ns, namespaces)


def last_prefix(count, first="10.128.0.0"):
    return str(ipaddress.IPv4Address(int(ipaddress.IPv4Address(first)) + count - 1))


def count_routes(ns, proto):
    p = subprocess.run("ip -n %s -4 route show proto %s | wc -l" % (ns, proto), shell=True, stdout=subprocess.PIPE, text=True)
    return int(p.stdout.strip() or 0)


def wait_in_kernel(ns, proto, count, timeout, at_seen=None):
    """(time all 64 samples resolved, routes counted); with at_seen, (count, at_seen()) as the
    second item, at_seen called at once when the samples resolve."""
    samples = sorted({last_prefix(1 + i * (count - 1) // 63) for i in range(64)})
    batch = "".join("route get %s\n" % a for a in samples)
    deadline = time.monotonic() + timeout
    seen_at = None
    while time.monotonic() < deadline:
        if seen_at is None:
            r = subprocess.run(["ip", "-n", ns, "-force", "-batch", "-"], input=batch, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
            now = time.monotonic_ns()
            if r.stdout.count("via " + FEEDER_IP) == len(samples):
                seen_at = now
                seen_info = at_seen() if at_seen else None
            else:
                time.sleep(0.02)
                continue
        n = count_routes(ns, proto)
        if n >= count:
            return (seen_at, (n, seen_info)) if at_seen else (seen_at, n)
        time.sleep(1)
    raise RuntimeError("timed out: %d routes of proto %s expected in %s" % (count, proto, ns))


def thread_cpu(pid, top=8):
    """CPU seconds per thread name of process pid since it started, the busiest first, as
    [user+system, system] (system: in the kernel, e.g. writing routes); names as the kernel keeps
    them (the first 15 characters; threads of one name are added up)."""
    tick = os.sysconf("SC_CLK_TCK")
    per = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as fh:
                st = fh.read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")]
        fields = st[st.rindex(")") + 2:].split()
        u, k = per.get(name, (0.0, 0.0))
        per[name] = (u + (int(fields[11]) + int(fields[12])) / tick, k + int(fields[12]) / tick)
    busiest = sorted(per.items(), key=lambda kv: -kv[1][0])[:top]
    return {"total": round(sum(v[0] for v in per.values()), 2), "system": round(sum(v[1] for v in per.values()), 2),
            "threads": {k: [round(v[0], 2), round(v[1], 2)] for k, v in busiest}}


def machine_busy():
    """(busy, total) CPU jiffies of the whole machine so far, from /proc/stat (busy: not idle, not iowait)."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    return sum(f) - f[3] - f[4], sum(f)


def window(pid, before, machine_before):
    """What happened between the first UPDATE and the moment the kernel held every route: the
    receiver's CPU seconds per thread in that window (as thread_cpu) and how many of the machine's
    cores were busy on average (everything: receiver, feeder, poller, other work)."""
    after = thread_cpu(pid, top=100)
    busy, total = machine_busy()
    threads = {}
    for k, v in after["threads"].items():
        b = before["threads"].get(k, [0.0, 0.0])
        d = [round(v[0] - b[0], 2), round(v[1] - b[1], 2)]
        if d[0] > 0:
            threads[k] = d
    busiest = dict(sorted(threads.items(), key=lambda kv: -kv[1][0])[:10])
    return {"total": round(after["total"] - before["total"], 2), "system": round(after["system"] - before["system"], 2),
            "threads": busiest,
            "machine_busy_cores": round((busy - machine_before[0]) / max(1, total - machine_before[1]) * os.cpu_count(), 2)}


def start_feeder(f, feeder_dir, count, log):
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    p = subprocess.Popen(["ip", "netns", "exec", f, java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", feeder_dir,
                          "Feeder", "--connect", NODE_IP, "--local", FEEDER_IP, "--as", str(FEEDER_AS), "--count", str(count)],
                         stdout=subprocess.PIPE, stderr=open(log, "w"), text=True)
    started.append(p)
    return p


def feeder_first_update(p, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            raise RuntimeError("the feeder ended early (see its log)")
        if line.startswith("first-update-ns"):
            return int(line.split()[1])
    raise RuntimeError("no first UPDATE from the feeder")


def feeder_rest(p, first):
    """After the first UPDATE: when the feeder had written everything (its last write accepted by
    the socket, seconds after its first UPDATE byte) and its CPU seconds for the sending."""
    out = {}
    while "send-cpu-ns" not in out:
        line = p.stdout.readline()
        if not line:
            break
        k, _, v = line.strip().partition(" ")
        if k in ("written-ns", "send-cpu-ns"):
            out[k] = int(v)
    return {"written_seconds": round((out.get("written-ns", first) - first) / 1e9, 3),
            "send_cpu_seconds": round(out.get("send-cpu-ns", 0) / 1e9, 3)}


def run_muslin(tag, count, scratch, feeder_dir, timeout, java_opts):
    f, n = netns_pair(tag)
    run = "%d-%d" % (count, len(os.listdir(scratch)))  # each run its own store, state and log
    try:
        cfg = os.path.join(scratch, "agent-%s.yaml" % run)
        with open(cfg, "w") as fh:
            fh.write("nodeName: bench-node\ndatastore:\n  type: file\n  file:\n    directory: %s\n"
                     "nodeAddress:\n  ipv4: interface=eth0\nstateDir: %s\npolicy:\n  enabled: false\nlogLevel: %s\n"
                     % (os.path.join(scratch, "store-" + run), os.path.join(scratch, "state-" + run),
                        os.environ.get("MBENCH_AGENT_LOG", "warn")))
        env = {k: v for k, v in os.environ.items() if not k.startswith("MUSLIN_")}
        env["MUSLIN_JAVA_OPTS"] = java_opts
        muslin = os.path.join(ROOT, "bin", "muslin")
        sh("ip", "netns", "exec", n, muslin, "peers", "create", "feeder", "--peer-ip", FEEDER_IP, "--as-number", str(FEEDER_AS),
           "--config", cfg)
        log = os.path.join(scratch, "agent-%s.log" % run)
        agent = subprocess.Popen(["ip", "netns", "exec", n, muslin, "agent", "--config", cfg], env=env,
                                 stdout=open(log, "w"), stderr=subprocess.STDOUT)
        started.append(agent)
        # Ready to peer once its HTTP API answers (it starts after the speaker).
        deadline = time.monotonic() + 120
        while subprocess.run(["ip", "netns", "exec", n, "curl", "-sf", "http://127.0.0.1:9099/healthz"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            if agent.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the agent did not start: " + open(log).read())
            time.sleep(0.2)
        feeder = start_feeder(f, feeder_dir, count, os.path.join(scratch, "feeder-muslin-%s.log" % run))
        first = feeder_first_update(feeder, timeout)
        cpu0, machine0 = thread_cpu(agent.pid, top=100), machine_busy()
        done, n_routes = wait_in_kernel(n, "77", count, timeout, lambda: window(agent.pid, cpu0, machine0))
        n_routes, in_window = n_routes
        fed = feeder_rest(feeder, first)
        # ip netns exec and bin/muslin exec into the JVM: the PID is the JVM's.
        rss = int(open("/proc/%d/status" % agent.pid).read().split("VmRSS:")[1].split()[0]) // 1024
        cpu = thread_cpu(agent.pid)
        if os.environ.get("MBENCH_HISTOGRAM"):  # what the agent's heap holds with every route in (a full GC first)
            jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")
            with open("%s-%s.txt" % (os.environ["MBENCH_HISTOGRAM"], run), "w") as fh:
                subprocess.run([jcmd, str(agent.pid), "GC.class_histogram"], stdout=fh, stderr=subprocess.STDOUT)
        agent.send_signal(signal.SIGTERM)
        agent.wait(60)
        feeder.kill()
        return {"seconds": (done - first) / 1e9, "routes": n_routes, "rss_mb": rss, "cpu_seconds": cpu, "feeder": fed,
                "until_in_kernel": in_window}
    finally:
        drop_netns(f)
        drop_netns(n)


def run_sink(tag, count, scratch, feeder_dir, timeout):
    """The feeder alone: the same N routes to a receiver that reads and discards (bgp_sink.py);
    seconds from the first UPDATE byte to the End-of-RIB read by the sink."""
    f, n = netns_pair(tag)
    try:
        sink = subprocess.Popen(["ip", "netns", "exec", n, sys.executable, os.path.join(HERE, "bgp_sink.py"), NODE_IP, str(NODE_AS)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started.append(sink)
        if sink.stdout.readline().strip() != "listening":
            raise RuntimeError("the BGP sink did not start")
        feeder = start_feeder(f, feeder_dir, count, os.path.join(scratch, "feeder-sink-%d.log" % count))
        first = feeder_first_update(feeder, timeout)
        eor = None
        for line in sink.stdout:
            if line.startswith("eor-ns "):
                eor = int(line.split()[1])
                break
        if eor is None:
            raise RuntimeError("the BGP sink saw no End-of-RIB")
        fed = feeder_rest(feeder, first)
        feeder.kill()
        sink.kill()
        return {"seconds": round((eor - first) / 1e9, 3), "feeder": fed}
    finally:
        drop_netns(f)
        drop_netns(n)


def run_bird(tag, count, scratch, feeder_dir, timeout):
    f, n = netns_pair(tag)
    try:
        conf = os.path.join(scratch, "bird-%d.conf" % count)
        ctl = os.path.join(scratch, "bird-%d.ctl" % count)
        with open(conf, "w") as fh:
            fh.write("router id %s;\nprotocol device {}\n"
                     "protocol kernel { ipv4 { export all; import none; }; }\n"
                     "protocol bgp feeder { local %s as %d; neighbor %s as %d; hold time 240;\n"
                     "  ipv4 { import all; export none; }; }\n" % (NODE_IP, NODE_IP, NODE_AS, FEEDER_IP, FEEDER_AS))
        bird = subprocess.Popen(["ip", "netns", "exec", n, "/usr/sbin/bird", "-f", "-c", conf, "-s", ctl],
                                stdout=open(os.path.join(scratch, "bird-%d.log" % count), "w"), stderr=subprocess.STDOUT)
        started.append(bird)
        deadline = time.monotonic() + 20
        while not os.path.exists(ctl):
            if bird.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("bird did not start")
            time.sleep(0.05)
        feeder = start_feeder(f, feeder_dir, count, os.path.join(scratch, "feeder-bird-%d.log" % count))
        first = feeder_first_update(feeder, timeout)
        cpu0, machine0 = thread_cpu(bird.pid, top=100), machine_busy()
        done, n_routes = wait_in_kernel(n, "bird", count, timeout, lambda: window(bird.pid, cpu0, machine0))
        n_routes, in_window = n_routes
        fed = feeder_rest(feeder, first)
        rss = int(open("/proc/%d/status" % bird.pid).read().split("VmRSS:")[1].split()[0]) // 1024
        cpu = thread_cpu(bird.pid)
        cpu = {"total": cpu["total"], "system": cpu["system"]}
        bird.kill()
        feeder.kill()
        return {"seconds": (done - first) / 1e9, "routes": n_routes, "rss_mb": rss, "cpu_seconds": cpu, "feeder": fed,
                "until_in_kernel": {"total": in_window["total"], "system": in_window["system"],
                                    "machine_busy_cores": in_window["machine_busy_cores"]}}
    finally:
        drop_netns(f)
        drop_netns(n)


def run_kernel_floor(tag, count, scratch):
    f, n = netns_pair(tag)
    try:
        path = os.path.join(scratch, "routes-%d.batch" % count)
        first = int(ipaddress.IPv4Address("10.128.0.0"))
        with open(path, "w") as fh:
            for i in range(count):
                fh.write("route add %s/32 via %s dev eth0 proto 77\n" % (ipaddress.IPv4Address(first + i), FEEDER_IP))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic_ns()
        sh("ip", "-n", n, "-batch", path)
        t1 = time.monotonic_ns()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        n_routes = count_routes(n, "77")
        if n_routes != count:
            raise RuntimeError("ip -batch left %d of %d routes" % (n_routes, count))
        os.remove(path)
        ip_batch = {"seconds": (t1 - t0) / 1e9, "routes": n_routes, "user_seconds": round(after.ru_utime - before.ru_utime, 2),
                    "system_seconds": round(after.ru_stime - before.ru_stime, 2)}
    finally:
        drop_netns(f)
        drop_netns(n)
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    cp = os.path.join(ROOT, "node-agent", "target", "lib", "*")
    batches = {}
    for threads in (1, 2):
        f, n = netns_pair(tag)
        try:
            out = sh("ip", "netns", "exec", n, java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx2g", "-cp", cp,
                     os.path.join(HERE, "KernelFloor.java"), str(count), FEEDER_IP, str(threads))
            line = [l for l in out.splitlines() if l.startswith("floor ")][-1].split()
            n_routes = count_routes(n, "77")
            if n_routes != count:
                raise RuntimeError("the netlink batch left %d of %d routes" % (n_routes, count))
            batches[threads] = {"seconds": float(line[1]), "routes": n_routes, "user_seconds": float(line[2]),
                                "system_seconds": float(line[3])}
        finally:
            drop_netns(f)
            drop_netns(n)
    batch = batches[1]
    batch["two_writers"] = batches[2]
    return {"ip_batch": ip_batch, "netlink_batch": batch}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("counts", nargs="*", type=int, default=[100000, 1000000])
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=JAVA_OPTS",
                    help="also run the agent with these JVM options (MUSLIN_JAVA_OPTS), after the default one; repeatable")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root (network namespaces)")
    scratch = tempfile.mkdtemp(prefix="mbench-agent-")
    feeder_dir = os.path.join(scratch, "feeder")
    os.makedirs(feeder_dir)
    javac = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "javac")
    sh(javac, "-d", feeder_dir, os.path.join(ROOT, "bench", "bgp", "Feeder.java"))
    load = os.getloadavg()[0]
    results = {}
    tag = str(os.getpid())
    failed = False
    try:
        for count in args.counts:
            m = run_muslin(tag, count, scratch, feeder_dir, args.timeout, os.environ.get("MUSLIN_JAVA_OPTS", "-Xmx4g"))
            b = run_bird(tag, count, scratch, feeder_dir, args.timeout)
            k = run_kernel_floor(tag, count, scratch)
            k["feeder_alone"] = run_sink(tag, count, scratch, feeder_dir, args.timeout)
            nb = k["netlink_batch"]
            key = str(count)
            while key in results:  # the same N asked for again: its own entry
                key += "+"
            results[key] = {"muslin": m, "bird": b, "kernel_floor": k, "muslin_over_bird": round(m["seconds"] / b["seconds"], 3),
                                   "netlink_batch_over_bird": round(nb["seconds"] / b["seconds"], 3),
                                   "kernel_system_over_bird": round(nb["system_seconds"] / b["seconds"], 3)}
            print("%d routes: muslin %.2f s, bird %.2f s, ratio %.3f (target <= 0.25); kernel floor: netlink batch %.2f s wall,"
                  " %.2f s in the kernel (= %.3f of bird's time); ip -batch %.2f s wall, %.2f s in the kernel;"
                  " two writers %.2f s wall, %.2f s in the kernel; the feeder alone %.2f s; load %.1f"
                  % (count, m["seconds"], b["seconds"], m["seconds"] / b["seconds"], nb["seconds"], nb["system_seconds"],
                     nb["system_seconds"] / b["seconds"], k["ip_batch"]["seconds"], k["ip_batch"]["system_seconds"],
                     nb["two_writers"]["seconds"], nb["two_writers"]["system_seconds"], k["feeder_alone"]["seconds"],
                     os.getloadavg()[0]), flush=True)
            for who, r in (("muslin", m), ("bird", b)):
                w = r["until_in_kernel"]
                print("  %s, first UPDATE to all in the kernel: %.2f s of CPU (%.2f in the kernel), the machine's busy cores %.2f%s"
                      % (who, w["total"], w["system"], w["machine_busy_cores"], "; " + json.dumps(w["threads"]) if "threads" in w else ""),
                      flush=True)
            for v in args.variant:
                name, opts = v.split("=", 1)
                vm = run_muslin(tag, count, scratch, feeder_dir, args.timeout, opts)
                vm["java_opts"] = opts
                vm["over_bird"] = round(vm["seconds"] / b["seconds"], 3)
                results[key].setdefault("variants", {})[name] = vm
                print("%d routes: muslin [%s] %.2f s, ratio %.3f" % (count, name, vm["seconds"], vm["over_bird"]), flush=True)
    except BaseException:
        failed = True
        raise
    finally:
        nsbench.clean_up(started, namespaces, scratch, failed or bool(os.environ.get("MBENCH_KEEP")))
    print(json.dumps({"benchmark": "agent-bgp-to-kernel", "load_average_at_start": round(load, 1),
                      "nproc": os.cpu_count(), "results": results}))


if __name__ == "__main__":
    main()
