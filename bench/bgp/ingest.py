#!/usr/bin/env python3
"""Side-by-side BGP ingest benchmark: Muslin, BIRD, FRR bgpd and GoBGP, one at a time.

For each N and each receiver: two fresh network namespaces (mbench-<pid>-f for the feeder,
mbench-<pid>-r for the receiver) joined by a veth, the receiver started in its namespace, then
Feeder (bench/bgp/Feeder.java) connects and writes N pre-built /32 UPDATEs. The receiver's route
count is polled until it reaches N. Reported per receiver: seconds from the feeder's first UPDATE
byte to full Loc-RIB, the receiver's CPU seconds (utime+stime of the process, all threads, from
/proc/PID/stat) to that moment and once it is idle again, its peak RSS (VmHWM), and for Muslin
the retained heap per route (live heap after a full GC with the table minus the same before the
feed, same JVM). Run by bench/bgp/ingest.sh, which builds what this needs; see
docs/bench-bgp-ingest.md.

Everything it creates (namespaces, processes) is removed on exit, Ctrl-C or failure; it kills
only processes it started, by PID.
"""
import argparse
import ctypes
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
CLONE_NEWNET = 0x40000000
FEEDER_ADDR, RECV_ADDR = "10.255.0.1", "10.255.0.2"
FEEDER_AS, RECV_AS = 65001, 65000
FIRST_PREFIX = "10.128.0.0"
HTTP_PORT = 9179
GOBGP_API = "127.0.0.1:50051"
libc = ctypes.CDLL(None, use_errno=True)


def log(msg):
    print(f"[ingest] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# What this run created, removed at the end whatever happens.

class Owned:
    def __init__(self):
        self.procs = []        # subprocess.Popen we started
        self.namespaces = []   # names we created

    def start(self, argv, out_path, **kw):
        out = open(out_path, "ab")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, **kw)
        out.close()
        self.procs.append(p)
        return p

    def stop(self, p, grace=5.0):
        """SIGTERM, then SIGKILL: only this process, by its PID."""
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGTERM)
                p.wait(grace)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
            except ProcessLookupError:
                pass
        if p in self.procs:
            self.procs.remove(p)

    def netns_add(self, name):
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        run(["ip", "netns", "add", name])
        self.namespaces.append(name)
        run(["ip", "-n", name, "link", "set", "lo", "up"])

    def netns_del(self, name):
        # Anything still running in it is ours (we made the namespace): end it by PID first.
        pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        if name in self.namespaces:
            self.namespaces.remove(name)

    def cleanup(self):
        for p in list(self.procs):
            try:
                self.stop(p, grace=3.0)
            except Exception as e:  # keep cleaning
                log(f"stopping {p.pid}: {e}")
        for n in list(self.namespaces):
            self.netns_del(n)


OWNED = Owned()


def run(argv, check=True, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({r.returncode}): {r.stdout}{r.stderr}")
    return r


# ----------------------------------------------------------------------------------------------
# /proc readings

def cpu_seconds(pid):
    """utime+stime of the whole process (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def thread_cpu(pid):
    """{thread name: CPU seconds}, threads of the same name pattern (digits stripped) summed."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
        except FileNotFoundError:
            continue
        name = re.sub(r"\d+", "#", s[s.index("(") + 1:s.rindex(")")])
        fields = s.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) / CLK_TCK
    return out


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def machine_busy():
    """(busy seconds, total seconds) of all CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    idle = v[3] + v[4]
    return (sum(v) - idle) / CLK_TCK, sum(v) / CLK_TCK


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


# ----------------------------------------------------------------------------------------------
# Network namespaces: a thread can enter one (setns) so that sockets it makes live there.

class InNetns:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        fd = os.open(f"/var/run/netns/{self.name}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), f"setns into {self.name}")
        finally:
            os.close(fd)
        return self

    def __exit__(self, *exc):
        libc.setns(self.home, CLONE_NEWNET)
        os.close(self.home)


def wait_for(what, predicate, timeout=30.0, every=0.05):
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception as e:  # not ready yet
            last = e
        time.sleep(every)
    raise RuntimeError(f"{what}: not ready after {timeout} s ({last})")


# ----------------------------------------------------------------------------------------------
# Receivers. Each: start(), ready(), full(n) -> (done, count shown), verify(n) -> text, process pid.
# ready/full/verify are called from a thread inside the receiver's namespace.

class Muslin:
    """Muslin's standalone speaker; `muslin-NAME` runs it with the JVM options of --variant NAME=OPTS."""

    def __init__(self, args, name="muslin"):
        self.args = args
        self.name = name
        self.opts = args.muslin_java_opts if name == "muslin" else args.variants[name[len("muslin-"):]]

    def start(self, ns, d):
        self.dir = d
        cfg = os.path.join(d, "muslin.yaml")
        with open(cfg, "w") as f:
            f.write(f"""asNumber: {RECV_AS}
routerId: {RECV_ADDR}
listen: {{address: {RECV_ADDR}, port: 179}}
http: {{address: 127.0.0.1, port: {HTTP_PORT}}}
holdTime: 240
peers:
  - address: {FEEDER_ADDR}
    asNumber: {FEEDER_AS}
    passive: true
    families: [ipv4-unicast]
""")
        env = dict(os.environ, MUSLIN_JAVA_OPTS=self.java_opts())
        self.proc = OWNED.start(["ip", "netns", "exec", ns, self.args.muslin, "--config", cfg],
                                os.path.join(d, "muslin.out"), env=env)
        self.conn = None

    def java_opts(self):
        opts = self.opts
        if self.args.profile:
            opts += (f" -XX:StartFlightRecording=filename={self.dir}/muslin.jfr,settings=profile,"
                     "jdk.ExecutionSample#period=1ms -XX:NativeMemoryTracking=summary")
        return opts

    def status(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
        try:
            self.conn.request("GET", "/status")
            return json.loads(self.conn.getresponse().read())
        except Exception:
            self.conn.close()
            self.conn = None
            raise

    def ready(self):
        wait_for("muslin /status", lambda: self.proc.poll() is None and self.status() is not None, timeout=60)
        self.baseline()

    def baseline(self):
        self.originated = self.status()["locRibRoutes"]

    def full(self, n):
        s = self.status()
        c = s["locRibRoutes"] - self.originated
        return c >= n, c

    def verify(self, n):
        s = self.status()
        peer = next((p for p in s["peers"] if p["address"] == FEEDER_ADDR), {})
        return (f"locRibRoutes {s['locRibRoutes']} (originated {self.originated}), "
                f"peer prefixesReceived {peer.get('prefixesReceived')}, state {peer.get('state')}")


class Bird:
    name = "bird"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d):
        self.ctl = os.path.join(d, "bird.ctl")
        conf = os.path.join(d, "bird.conf")
        with open(conf, "w") as f:
            f.write(f"""router id {RECV_ADDR};
protocol device {{}}
protocol bgp feeder {{
  local {RECV_ADDR} as {RECV_AS};
  neighbor {FEEDER_ADDR} as {FEEDER_AS};
  passive on;
  hold time 240;
  error wait time 1, 5;
  direct;
  ipv4 {{ import all; export none; }};
}}
""")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/sbin/bird", "-f", "-c", conf, "-s", self.ctl,
                                 "-P", os.path.join(d, "bird.pid")], os.path.join(d, "bird.out"))
        self.sock = None

    def cmd(self, command):
        if self.sock is None:
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.connect(self.ctl)
            self.rf = self.sock.makefile("rb")
            self.rf.readline()  # 0001 BIRD x.y ready.
        self.sock.sendall(command.encode() + b"\n")
        lines = []
        while True:
            line = self.rf.readline()
            if not line:
                raise EOFError("bird closed the control socket")
            lines.append(line.decode())
            if len(line) >= 5 and line[:4].isdigit() and line[4:5] == b" ":
                return "".join(lines)

    def ready(self):
        wait_for("bird control socket", lambda: self.proc.poll() is None and os.path.exists(self.ctl) and self.cmd("show status"))

    def baseline(self):
        pass

    def full(self, n):
        m = re.search(r"Routes:\s+(\d+) imported", self.cmd("show protocols all feeder"))
        c = int(m.group(1)) if m else 0
        return c >= n, c

    def verify(self, n):
        m = re.search(r"(\d+ of \d+ routes for \d+ networks in table master4)", self.cmd("show route count"))
        return m.group(1) if m else "?"


class Frr:
    name = "frr"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d):
        self.dir = d
        conf = os.path.join(d, "bgpd.conf")
        with open(conf, "w") as f:
            f.write(f"""frr defaults traditional
hostname mbench
log file {d}/frr.log
router bgp {RECV_AS}
 bgp router-id {RECV_ADDR}
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor {FEEDER_ADDR} remote-as {FEEDER_AS}
 neighbor {FEEDER_ADDR} passive
 neighbor {FEEDER_ADDR} timers 80 240
 address-family ipv4 unicast
  neighbor {FEEDER_ADDR} activate
 exit-address-family
""")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/lib/frr/bgpd", "-f", conf,
                                 "-i", os.path.join(d, "bgpd.pid"), "-z", os.path.join(d, "zserv"),
                                 "--vty_socket", d, "-Z", "-S", "-u", "root", "-g", "root", "-P", "0"],
                                os.path.join(d, "bgpd.out"))
        self.sock = None

    def cmd(self, command):
        """One command over bgpd's vty socket, as vtysh does: command NUL; reply ends in 0 0 0 status."""
        if self.sock is None:
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.connect(os.path.join(self.dir, "bgpd.vty"))
        self.sock.sendall(command.encode() + b"\0")
        buf = bytearray()
        while True:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("bgpd closed the vty socket")
            buf += chunk
            if len(buf) >= 4 and buf[-4:-1] == b"\0\0\0":
                return buf[:-4].decode()

    def summary(self):
        j = json.loads(self.cmd("show bgp ipv4 unicast summary json"))
        j = j.get("ipv4Unicast", j)
        return j, j.get("peers", {}).get(FEEDER_ADDR, {})

    def ready(self):
        wait_for("bgpd vty socket", lambda: self.proc.poll() is None and os.path.exists(os.path.join(self.dir, "bgpd.vty"))
                 and self.summary())
        self.baseline()

    def baseline(self):
        self.version0 = self.summary()[0].get("tableVersion", 0)

    def full(self, n):
        # pfxRcd: accepted into the Adj-RIB-In; the table version counts best-path runs, so both
        # reaching N means every prefix also went through best-path selection (Loc-RIB full).
        j, p = self.summary()
        c = min(p.get("pfxRcd", 0), j.get("tableVersion", 0) - self.version0)
        return c >= n, c

    def verify(self, n):
        j, p = self.summary()
        return f"pfxRcd {p.get('pfxRcd')}, tableVersion {j.get('tableVersion')}, state {p.get('state')}"


class GoBgp:
    name = "gobgp"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d):
        conf = os.path.join(d, "gobgpd.toml")
        with open(conf, "w") as f:
            f.write(f"""[global.config]
  as = {RECV_AS}
  router-id = "{RECV_ADDR}"
  port = 179
  local-address-list = ["{RECV_ADDR}"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "{FEEDER_ADDR}"
    peer-as = {FEEDER_AS}
  [neighbors.timers.config]
    hold-time = 240
    keepalive-interval = 80
    idle-hold-time-after-reset = 1
  [neighbors.transport.config]
    passive-mode = true
    local-address = "{RECV_ADDR}"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
""")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/bin/gobgpd", "-f", conf, "--api-hosts", GOBGP_API,
                                 "--pprof-disable", "-p"], os.path.join(d, "gobgpd.log"))

    def cli(self, *argv):
        host, port = GOBGP_API.split(":")
        return run(["gobgp", "-u", host, "-p", port, *argv]).stdout

    def ready(self):
        wait_for("gobgpd API", lambda: self.proc.poll() is None and self.cli("global") is not None)

    def baseline(self):
        pass

    def full(self, n):
        # GoBGP's counters (neighbor received/accepted, rib summary) walk the whole table inside
        # its main loop on every call, which slows the very ingest being measured. An exact-prefix
        # lookup is a map access: the last prefix sent is in the global RIB once every UPDATE
        # before it was processed (one goroutine handles a peer's UPDATEs in order). verify()
        # counts everything afterwards.
        last = int_to_ip(ip_to_int(FIRST_PREFIX) + n - 1)
        out = json.loads(self.cli("-j", "global", "rib", "-a", "ipv4", f"{last}/32") or "{}")
        return bool(out), (n if out else 0)

    def verify(self, n):
        j = json.loads(self.cli("-j", "neighbor", FEEDER_ADDR))
        st = j["afi_safis"][0]["state"]
        summ = self.cli("global", "rib", "-a", "ipv4", "summary").strip().splitlines()[-1]
        return f"neighbor received {st.get('received')} accepted {st.get('accepted')}; global rib {summ}"


RECEIVERS = {"muslin": Muslin, "bird": Bird, "frr": Frr, "gobgp": GoBgp}


def ip_to_int(a):
    return int.from_bytes(socket.inet_aton(a), "big")


def int_to_ip(v):
    return socket.inet_ntoa(v.to_bytes(4, "big"))


# ----------------------------------------------------------------------------------------------
# Muslin's heap, through jcmd (attach works across network namespaces: same /tmp, same PIDs).

def jcmd(args, pid, *command):
    return run([os.path.join(args.java, "bin", "jcmd"), str(pid), *command], timeout=300).stdout


def live_heap(args, pid):
    """(class histogram after a full GC: {class: bytes} and total; heap used after GC.run, bytes)."""
    hist = jcmd(args, pid, "GC.class_histogram")  # forces a full GC, counts live objects only
    classes = {}
    total = 0
    for line in hist.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = int(m.group(2))
        m = re.match(r"Total\s+(\d+)\s+(\d+)", line)
        if m:
            total = int(m.group(2))
    # G1 fills unusable region tails with dead filler arrays the histogram lists: not live data.
    total -= classes.pop("[Ljdk.internal.vm.FillerElement;", 0)
    jcmd(args, pid, "GC.run")
    info = jcmd(args, pid, "GC.heap_info")
    heap_part = info.split("Metaspace")[0]  # G1: one "used"; Serial/Parallel: young + old
    used = sum(int(x) for x in re.findall(r"used (\d+)K", heap_part)) * 1024
    return classes, total, used


# ----------------------------------------------------------------------------------------------
# One receiver, one N.

def start_feeder(args, fns, n, out):
    return OWNED.start(["ip", "netns", "exec", fns, os.path.join(args.java, "bin", "java"), "-Xmx512m",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", args.feeder, "Feeder",
                        "--connect", RECV_ADDR, "--local", FEEDER_ADDR, "--as", str(FEEDER_AS),
                        "--count", str(n), "--first", FIRST_PREFIX, "--hold", "240"], out)


def poll_full(rx, n, feeder, feeder_out, poll, timeout):
    """Polls rx.full(n) every `poll` s until true. Returns (done ns, previous answer ns, queries,
    seconds spent in queries, trace). Called inside the receiver's namespace."""
    deadline = time.monotonic() + timeout
    prev_ns, queries, query_time, count = None, 0, 0.0, 0
    trace = []  # (sent ns, answered ns, count): the receiver's progress
    while time.monotonic() < deadline:
        t0 = time.monotonic_ns()
        ok, count = rx.full(n)
        t1 = time.monotonic_ns()
        trace.append((t0, t1, count))
        queries += 1
        query_time += (t1 - t0) / 1e9
        if ok:
            return t1, prev_ns, queries, query_time, trace
        prev_ns = t1
        if feeder.poll() is not None:
            raise RuntimeError(f"feeder exited ({feeder.returncode}): {open(feeder_out).read()}")
        if rx.proc.poll() is not None:
            raise RuntimeError(f"{rx.name} exited ({rx.proc.returncode})")
        time.sleep(max(0.0, poll - (time.monotonic_ns() - t0) / 1e9))
    raise RuntimeError(f"{rx.name}: {count} of {n} routes after {timeout:.0f} s")


def is_muslin(kind):
    return kind == "muslin" or kind.startswith("muslin-")


def run_one(args, kind, n, tag):
    rx = Muslin(args, kind) if is_muslin(kind) else RECEIVERS[kind](args)
    fns, rns = f"mbench-{os.getpid()}-f", f"mbench-{os.getpid()}-r"
    d = os.path.join(args.work, f"{kind}-{n}-{tag}")
    os.makedirs(d, exist_ok=True)
    res = {"receiver": kind, "n": n, "ok": False}
    feeder = None
    try:
        OWNED.netns_add(fns)
        OWNED.netns_add(rns)
        suffix = str(os.getpid() % 100000)
        run(["ip", "link", "add", "mbf" + suffix, "netns", fns, "type", "veth", "peer", "name", "mbr" + suffix,
             "netns", rns])
        run(["ip", "-n", fns, "addr", "add", FEEDER_ADDR + "/30", "dev", "mbf" + suffix])
        run(["ip", "-n", rns, "addr", "add", RECV_ADDR + "/30", "dev", "mbr" + suffix])
        run(["ip", "-n", fns, "link", "set", "mbf" + suffix, "up"])
        run(["ip", "-n", rns, "link", "set", "mbr" + suffix, "up"])
        wait_for("veth", lambda: run(["ip", "netns", "exec", fns, "ping", "-c1", "-W1", RECV_ADDR],
                                     check=False).returncode == 0, timeout=10, every=0.2)

        rx.start(rns, d)
        pid = rx.proc.pid
        poll = (args.gobgp_poll_ms if kind == "gobgp" else args.poll_ms) / 1000.0
        with InNetns(rns):
            rx.ready()
        if is_muslin(kind):
            time.sleep(0.5)
            h0_classes, h0_total, h0_used = live_heap(args, pid)  # the empty speaker
        if args.warmup:
            # Diagnostic: the same feed once before the measured one, then the session is dropped
            # and the routes withdrawn, so the measured feed runs on warm code (JIT) and memory.
            wout = os.path.join(d, "feeder-warmup.out")
            warm = start_feeder(args, fns, n, wout)
            with InNetns(rns):
                poll_full(rx, n, warm, wout, poll, args.timeout)[0]
            OWNED.stop(warm)
            with InNetns(rns):
                wait_for("warm-up routes withdrawn", lambda: rx.full(n)[1] == 0, timeout=args.timeout)
        time.sleep(0.5)  # let start-up work finish (JIT of start-up code, BIRD's first scan)
        with InNetns(rns):
            rx.baseline()
        if is_muslin(kind) and args.warmup:
            # What the warm-up left behind with no routes in it (tables that did not shrink).
            res["heap_empty_after_warmup_mb"] = live_heap(args, pid)[1] / 2**20
            time.sleep(0.5)
        res["load1"] = loadavg()

        # The feed.
        cpu0 = cpu_seconds(pid)
        threads0 = thread_cpu(pid) if is_muslin(kind) else {}
        busy0, _ = machine_busy()
        kids0 = os.times()
        start_ns = time.monotonic_ns()
        lines = {}
        feeder_out = os.path.join(d, "feeder.out")
        feeder = start_feeder(args, fns, n, feeder_out)

        def feeder_lines():
            with open(feeder_out) as f:
                for line in f:
                    k, _, v = line.strip().partition(" ")
                    lines[k] = v
            return lines

        with InNetns(rns):
            done_ns, prev_ns, queries, query_time, trace = poll_full(rx, n, feeder, feeder_out, poll, args.timeout)
            cpu_done = cpu_seconds(pid)
            busy1, _ = machine_busy()
            kids1 = os.times()
            feeder_cpu = cpu_seconds(feeder.pid) if feeder.poll() is None else 0.0
            threads1 = thread_cpu(pid) if is_muslin(kind) else {}
            wait_for("feeder's timestamps", lambda: "send-cpu-ns" in feeder_lines(), timeout=30)
            first_ns = int(lines["first-update-ns"])
            # Settle: wait until the receiver is idle (< 20 ms CPU per 500 ms), at most 20 s.
            settle_start = time.monotonic()
            last = cpu_done
            while time.monotonic() - settle_start < 20:
                time.sleep(0.5)
                now = cpu_seconds(pid)
                if now - last < 0.02:
                    break
                last = now
            cpu_settled = cpu_seconds(pid)
            res["verify"] = rx.verify(n)
        # Our own polling: this process and the CLIs it ran (gobgp).
        poll_cpu = sum(kids1[:4]) - sum(kids0[:4])
        res.update({
            "ok": True,
            "seconds": (done_ns - first_ns) / 1e9,
            "resolution_s": (done_ns - (prev_ns or first_ns)) / 1e9,
            "written_s": (int(lines["written-ns"]) - first_ns) / 1e9,
            "cpu_s": cpu_done - cpu0,
            "cpu_settled_s": cpu_settled - cpu0,
            "hwm_mb": status_kb(pid, "VmHWM") / 1024,
            "rss_mb": status_kb(pid, "VmRSS") / 1024,
            "feeder_send_cpu_s": int(lines["send-cpu-ns"]) / 1e9,
            "queries": queries,
            # Each poll: seconds from the first UPDATE when sent and when answered, routes counted.
            "trace": [(round((a - first_ns) / 1e9, 4), round((b - first_ns) / 1e9, 4), c) for a, b, c in trace],
            "query_ms_avg": 1000 * query_time / max(1, queries),
            "poll_cpu_s": poll_cpu,
            # Cores busy with anything else from the feeder's start to full RIB: other people's
            # builds on the machine (the receiver, the feeder and our polling subtracted).
            "others_cores": max(0.0, (busy1 - busy0) - (cpu_done - cpu0) - feeder_cpu - poll_cpu)
            / ((done_ns - start_ns) / 1e9),
        })
        if is_muslin(kind):
            res["threads"] = sorted(((k, round(threads1.get(k, 0) - threads0.get(k, 0), 2)) for k in threads1),
                                    key=lambda x: -x[1])[:8]
            h1_classes, h1_total, h1_used = live_heap(args, pid)
            res["heap_before_mb"] = h0_total / 2**20
            res["heap_after_mb"] = h1_total / 2**20
            res["heap_per_route"] = (h1_total - h0_total) / n
            res["heap_used_per_route"] = (h1_used - h0_used) / n
            res["heap_top"] = sorted(((c, h1_classes.get(c, 0) - h0_classes.get(c, 0)) for c in h1_classes),
                                     key=lambda x: -x[1])[:10]
            res["java_opts"] = rx.java_opts()
            if args.profile:
                jcmd(args, pid, "JFR.dump", f"filename={d}/muslin.jfr")
                res["jfr"] = f"{d}/muslin.jfr"
                # Where the resident memory is (committed, by JVM area), with the table loaded.
                nmt = jcmd(args, pid, "VM.native_memory", "summary", "scale=MB")
                res["nmt"] = [f"{m.group(1).strip()} {m.group(3)} MB" for m in
                              re.finditer(r"-\s+([A-Za-z ]+?) \(reserved=(\d+)MB, committed=(\d+)MB\)", nmt)]
        log(f"{kind:6s} N={n}: {res['seconds']:.3f} s, CPU {res['cpu_s']:.2f} s, peak RSS {res['hwm_mb']:.0f} MB"
            f" ({res['verify']})")
    except Exception as e:
        res["error"] = str(e)
        log(f"{kind} N={n}: FAILED: {e} (logs in {d})")
    finally:
        if feeder is not None:
            OWNED.stop(feeder)
        if getattr(rx, "proc", None) is not None:
            OWNED.stop(rx.proc)
        for ns in (fns, rns):
            OWNED.netns_del(ns)
    return res


# ----------------------------------------------------------------------------------------------

def median(rs, key):
    v = [r[key] for r in rs if r.get("ok")]
    return statistics.median(v) if v else None


def summarize(runs, n, receivers):
    """One row per receiver: medians over the repeats (min..max of the time)."""
    rows = {}
    for kind in receivers:
        rs = [r for r in runs if r["receiver"] == kind and r["n"] == n]
        ok = [r for r in rs if r.get("ok")]
        if not ok:
            rows[kind] = {"receiver": kind, "ok": False, "error": "; ".join(r.get("error", "") for r in rs)}
            continue
        row = {"receiver": kind, "ok": True, "runs": len(ok)}
        for k in ("seconds", "cpu_s", "cpu_settled_s", "hwm_mb", "load1", "others_cores", "resolution_s",
                  "feeder_send_cpu_s", "written_s"):
            row[k] = median(ok, k)
        row["seconds_min"] = min(r["seconds"] for r in ok)
        row["seconds_max"] = max(r["seconds"] for r in ok)
        if is_muslin(kind):
            row["heap_per_route"] = median(ok, "heap_per_route")
            row["heap_used_per_route"] = median(ok, "heap_used_per_route")
        rows[kind] = row
    return rows


def print_table(n, rows, args):
    print()
    print(f"N = {n:,} IPv4 /32s (poll every {args.poll_ms} ms, GoBGP {args.gobgp_poll_ms} ms; medians of "
          f"{args.repeat} run{'s' if args.repeat > 1 else ''}{'; WARM: measured after one warm-up feed' if args.warmup else ''})")
    hdr = (f"{'receiver':14s} {'seconds':>8s} {'(min..max)':>12s} {'res ms':>6s} {'CPU s':>6s} {'CPU s idle':>10s} "
           f"{'peak RSS MB':>11s} {'load1':>6s} {'others':>6s}")
    print(hdr)
    print("-" * len(hdr))
    for kind, r in rows.items():
        if not r["ok"]:
            print(f"{kind:14s} FAILED: {r['error'][:300]}")
            continue
        rng = f"{r['seconds_min']:.2f}..{r['seconds_max']:.2f}" if r["runs"] > 1 else ""
        print(f"{kind:14s} {r['seconds']:8.3f} {rng:>12s} {1000 * r['resolution_s']:6.0f} {r['cpu_s']:6.2f} {r['cpu_settled_s']:10.2f} "
              f"{r['hwm_mb']:11.0f} {r['load1']:6.2f} {r['others_cores']:6.2f}")
    others = [k for k in rows if not is_muslin(k) and rows[k]["ok"]]
    for kind, m in rows.items():
        if not is_muslin(kind) or not m["ok"]:
            continue
        ratios = ", ".join(f"{o} {m['seconds'] / rows[o]['seconds']:.2f} / {m['hwm_mb'] / rows[o]['hwm_mb']:.2f}"
                           for o in others) or "(no other receiver)"
        opts = args.muslin_java_opts if kind == "muslin" else args.variants[kind[len("muslin-"):]]
        print(f"{kind}: time / peak RSS ratio to {ratios}; retained heap {m['heap_per_route']:.1f} bytes/route "
              f"(live objects after a full GC, with minus without the table; heap 'used' after GC.run: "
              f"{m['heap_used_per_route']:.1f}); JVM options: {opts}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100000, 1000000])
    ap.add_argument("--work", required=True)
    ap.add_argument("--java", required=True, help="JAVA_HOME of JDK 25")
    ap.add_argument("--muslin", required=True, help="the muslin-bgp launcher")
    ap.add_argument("--feeder", required=True, help="directory with Feeder.class")
    ap.add_argument("--receivers", default="muslin,bird,frr,gobgp")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--poll-ms", type=int, default=20)
    ap.add_argument("--gobgp-poll-ms", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=0, help="seconds per receiver (default 30 + 0.2 ms per route)")
    ap.add_argument("--muslin-java-opts", default=os.environ.get("MUSLIN_JAVA_OPTS") or "-Xmx2g -XX:+UseSerialGC")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=OPTS",
                    help="also run Muslin with these JVM options as receiver muslin-NAME (add it to --receivers)")
    ap.add_argument("--warmup", action="store_true",
                    help="diagnostic: feed each receiver once, drop the session, then measure a second feed")
    ap.add_argument("--profile", action="store_true", help="Muslin with a JFR recording (settings=profile)")
    ap.add_argument("--json", help="write all results here")
    args = ap.parse_args()
    args.variants = dict(v.split("=", 1) for v in args.variant)
    receivers = [r for r in args.receivers.split(",") if r]
    at = receivers.index("muslin") + 1 if "muslin" in receivers else 0
    for v in args.variants:
        if f"muslin-{v}" not in receivers:
            receivers.insert(at, f"muslin-{v}")
            at += 1
    for r in receivers:
        if r not in RECEIVERS and not (r.startswith("muslin-") and r[len("muslin-"):] in args.variants):
            ap.error(f"unknown receiver {r}; known: {','.join(RECEIVERS)}")

    def on_signal(sig, frame):
        # Once: later signals (Ctrl-C reaches the shell too, which then sends SIGTERM) must not
        # interrupt the clean-up this one starts.
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        raise KeyboardInterrupt(f"signal {sig}")
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    all_runs = []
    try:
        for n in args.sizes:
            if not args.timeout:
                args_timeout = 30 + n * 0.0002
            else:
                args_timeout = args.timeout
            args_local = argparse.Namespace(**vars(args))
            args_local.timeout = args_timeout
            for rep in range(args.repeat):
                for kind in receivers:
                    all_runs.append(run_one(args_local, kind, n, rep))
            print_table(n, summarize(all_runs, n, receivers), args)
            sys.stdout.flush()
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); cleaning up")
        return 130
    finally:
        OWNED.cleanup()
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"runs": all_runs, "sizes": args.sizes, "poll_ms": args.poll_ms,
                           "gobgp_poll_ms": args.gobgp_poll_ms, "muslin_java_opts": args.muslin_java_opts,
                           "variants": args.variants, "warmup": args.warmup},
                          f, indent=1)
    for r in all_runs:
        if is_muslin(r.get("receiver", "")) and r.get("ok"):
            print(f"\n{r['receiver']} N={r['n']:,}: threads by CPU during the feed: "
                  + ", ".join(f"{k} {v:.2f}s" for k, v in r["threads"]))
            print("  retained heap by class (after - before, bytes/route): "
                  + ", ".join(f"{c} {b / r['n']:.1f}" for c, b in r["heap_top"][:6]))
            if r.get("nmt"):
                print(f"  RSS now {r['rss_mb']:.0f} MB; committed by JVM area (NMT, table loaded): "
                      + ", ".join(x for x in r["nmt"] if not x.endswith(" 0 MB")))
            if r.get("jfr"):
                print(f"  JFR recording: {r['jfr']} (also: jfr view hot-methods / allocation-by-class / gc)")
                hot = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jfr_hot.py")
                subprocess.run([sys.executable, hot, r["jfr"], "--jfr", os.path.join(args.java, "bin", "jfr")])
    return 0 if all(r.get("ok") for r in all_runs) else 1


if __name__ == "__main__":
    sys.exit(main())
