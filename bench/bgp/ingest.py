#!/usr/bin/env python3
"""Side-by-side BGP ingest benchmark: Muslin, BIRD, FRR bgpd and GoBGP on several table shapes.

For each shape, each round and each receiver (the order alternates between rounds): two fresh
network namespaces (mbench-<pid>-f for the feeder, mbench-<pid>-r for the receiver) joined by a
veth; Feeder (bench/bgp/Feeder.java) builds every UPDATE of the shape in memory, then the
receiver is started cold in its namespace and the feeder connects as soon as it listens and
writes everything. The receiver is polled until its table holds the whole shape. Reported per
receiver: seconds from the feeder's first UPDATE byte to the full table, seconds from the
receiver's process start to its first Established session and to the full table, its CPU
seconds (utime+stime of the process, all threads, from /proc/PID/stat) from Established to the
full table and from process start, its peak RSS (VmHWM); for shape d also the churn's time and
CPU. Every receiver's table is then verified: its size, and a sample of routes with their
attributes against what the feeder sent; a failed verification fails the run. The last line of
the output is one JSON object with the medians and Muslin's ratios. Run by bench/bgp/ingest.sh,
which builds what this needs; see docs/bench-bgp-ingest.md.

Everything it creates (namespaces, processes) is removed on exit, Ctrl-C or failure; it kills
only processes it started, by PID.
"""
import argparse
import ctypes
import http.client
import ipaddress
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
FEEDER_ADDR6, RECV_ADDR6 = "fd00:255::1", "fd00:255::2"
FEEDER_AS, RECV_AS = 65001, 65000
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
# Shapes (built by Feeder.java; see its comment) and what a run of one needs.

SHAPES = {
    "a": "IPv4 /32s, one attribute set, full 4096-octet UPDATEs",
    "b": "IPv4 /32s, every UPDATE its own attribute set (MED, community, AS_PATH), 1-10 prefixes per UPDATE",
    "c": "full-table-like: /8-/32 (mostly /24), AS paths of 1-10 hops, communities, large communities, "
         "an attribute set per 1-6 prefixes",
    "d": "churn: the table of (b), then 5 waves each withdrawing 2% and announcing it again with new attributes",
    "e": "IPv6 in MP_REACH_NLRI: half /64, half /128, an attribute set per 1-20 prefixes",
    "f": "100 peers at once, each 1% of the table in the manner of (b)",
}
F_PEERS = 100


class Ctx:
    """Addresses of one run: the feeder's session addresses, the receiver's, the family."""

    def __init__(self, shape):
        self.shape = shape
        self.v6 = shape == "e"
        self.peers = [f"10.255.1.{i + 1}" for i in range(F_PEERS)] if shape == "f" else \
            [FEEDER_ADDR6 if self.v6 else FEEDER_ADDR]
        self.recv = RECV_ADDR6 if self.v6 else RECV_ADDR
        self.afi = "ipv6" if self.v6 else "ipv4"


def norm_prefix(p):
    return str(ipaddress.ip_network(p, strict=False))


def norm_addr(a):
    return str(ipaddress.ip_address(a))


ORIGINS = {"igp": 0, "egp": 1, "incomplete": 2, "?": 2, "i": 0, "e": 1}


# ----------------------------------------------------------------------------------------------
# Receivers. Each: start(ns, d, ctx); count() routes in its table (cheap; may raise while it
# starts); lookup(prefix) -> {origin, as_path, med, communities, large, next_hop} or None;
# total() -> (routes, text) by a full count. Called from a thread inside the receiver's namespace.

class Muslin:
    """The speaker as the node agent runs it, with a route-programmer-like consumer (MuslinReceiver.java)."""

    def __init__(self, args, name="muslin"):
        self.args = args
        self.name = name
        self.opts = args.muslin_java_opts if name == "muslin" else args.variants[name[len("muslin-"):]]

    def start(self, ns, d, ctx):
        self.dir = d
        cfg = os.path.join(d, "muslin.yaml")
        fam = "ipv6-unicast" if ctx.v6 else "ipv4-unicast"
        with open(cfg, "w") as f:
            f.write(f"asNumber: {RECV_AS}\nrouterId: {RECV_ADDR}\nlisten: {{address: \"{ctx.recv}\", port: 179}}\n"
                    f"holdTime: 240\npeers:\n")
            for p in ctx.peers:
                f.write(f"  - {{address: \"{p}\", asNumber: {FEEDER_AS}, passive: true, families: [{fam}]}}\n")
        argv = ["ip", "netns", "exec", ns, *self.java_command(), "MuslinReceiver", "--config", cfg,
                "--http", f"127.0.0.1:{HTTP_PORT}"]
        self.proc = OWNED.start(argv, os.path.join(d, "muslin.out"))
        self.conn = None

    def java_command(self):
        """bin/muslin-bgp's java command line (its options, its ahead-of-time cache, its class path), the
        receiver's classes appended to the class path."""
        env = dict(os.environ, MUSLIN_BGP_HOME=self.args.muslin_home)
        env.pop("MUSLIN_JAVA_OPTS", None)
        if self.opts:
            env["MUSLIN_JAVA_OPTS"] = self.opts
        if self.args.no_aot:
            env["MUSLIN_AOT"] = "0"
        cmd = [w for w in run([self.args.launcher, "--print-java-command"], env=env).stdout.split("\n") if w]
        if self.args.profile:
            cmd[1:1] = [f"-XX:StartFlightRecording=filename={self.dir}/muslin.jfr,settings=profile,"
                        "jdk.ExecutionSample#period=1ms", "-XX:NativeMemoryTracking=summary"]
        cmd[-1] += ":" + self.args.feeder
        return cmd

    def java_opts(self):
        """The JVM options bin/muslin-bgp runs Muslin with (its own, or MUSLIN_JAVA_OPTS / a variant's)."""
        cmd = self.java_command()
        return " ".join(w for w in cmd[1:-2] if not w.startswith(("-XX:AOTCache=", "-Xlog:", "-XX:StartFlightRecording",
                                                                   "-XX:NativeMemoryTracking")))

    def get(self, path):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=60)
        try:
            self.conn.request("GET", path)
            return json.loads(self.conn.getresponse().read())
        except Exception:
            self.conn.close()
            self.conn = None
            raise

    def count(self):
        return self.get("/count")["consumer"]

    def lookup(self, prefix):
        r = self.get(f"/route?prefix={prefix}")
        rib = r.get("rib")
        if rib is None:
            return None
        hops = rib["next_hops"]
        consumer = r.get("consumer_next_hops")
        return {"origin": rib["origin"], "as_path": rib["as_path"], "med": rib["med"],
                "communities": sorted(rib["communities"]), "large": sorted(rib["large"]),
                "next_hop": norm_addr(hops[0]) if len(hops) == 1 else hops,
                # What the route programmer got must be the Loc-RIB's next hops.
                "consumer_agrees": consumer is not None and [norm_addr(h) for h in consumer] == [norm_addr(h) for h in hops]}

    def total(self):
        s = self.get("/status")
        return s["locRibRoutes"], (f"locRibRoutes {s['locRibRoutes']}, consumer {s['consumer']}, prefixesReceived "
                                   f"{s['prefixesReceived']}, established {s['established']}")


class Bird:
    name = "bird"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d, ctx):
        self.ctl = os.path.join(d, "bird.ctl")
        conf = os.path.join(d, "bird.conf")
        with open(conf, "w") as f:
            f.write(f"""router id {RECV_ADDR};
protocol device {{}}
template bgp feeders {{
  local {ctx.recv} as {RECV_AS};
  passive on;
  hold time 240;
  error wait time 1, 5;
  direct;
  {ctx.afi} {{ import all; export none; }};
}}
""")
            for i, p in enumerate(ctx.peers):
                f.write(f"protocol bgp p{i} from feeders {{ neighbor {p} as {FEEDER_AS}; }}\n")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/sbin/bird", "-f", "-c", conf, "-s", self.ctl,
                                 "-P", os.path.join(d, "bird.pid")], os.path.join(d, "bird.out"))
        self.sock = None

    def cmd(self, command):
        if self.sock is None:
            s = socket.socket(socket.AF_UNIX)
            s.connect(self.ctl)
            self.sock = s
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

    def count(self):
        # A counter per protocol ("Routes: N imported"), not a walk of the table.
        return sum(int(x) for x in re.findall(r"Routes:\s+(\d+) imported", self.cmd("show protocols all")))

    def lookup(self, prefix):
        out = self.cmd(f"show route {prefix} all")
        if "BGP.as_path" not in out:
            return None

        def attr(name):
            m = re.search(rf"BGP\.{name}:\s*(.*)", out)
            return m.group(1).strip() if m else None
        med = attr("med")
        comm = re.findall(r"\((\d+),(\d+)\)", attr("community") or "")
        large = re.findall(r"\((\d+), (\d+), (\d+)\)", attr("large_community") or "")
        return {"origin": ORIGINS[attr("origin").lower()], "as_path": [int(x) for x in attr("as_path").split()],
                "med": int(med) if med is not None else None,
                "communities": sorted(f"{a}:{b}" for a, b in comm), "large": sorted(":".join(x) for x in large),
                "next_hop": norm_addr(attr("next_hop").split()[0])}

    def total(self):
        out = self.cmd("show route count")
        nets = sum(int(x) for x in re.findall(r"routes for (\d+) networks in table", out))
        return nets, " ".join(re.findall(r"\d+ of \d+ routes for \d+ networks in table \w+", out))


class Frr:
    name = "frr"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d, ctx):
        self.dir = d
        self.ctx = ctx
        conf = os.path.join(d, "bgpd.conf")
        with open(conf, "w") as f:
            f.write(f"frr defaults traditional\nhostname mbench\nlog file {d}/frr.log\nrouter bgp {RECV_AS}\n"
                    f" bgp router-id {RECV_ADDR}\n no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n")
            for p in ctx.peers:
                f.write(f" neighbor {p} remote-as {FEEDER_AS}\n neighbor {p} passive\n neighbor {p} timers 80 240\n")
            f.write(f" address-family {ctx.afi} unicast\n")
            for p in ctx.peers:
                f.write(f"  neighbor {p} activate\n")
            f.write(" exit-address-family\n")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/lib/frr/bgpd", "-f", conf,
                                 "-i", os.path.join(d, "bgpd.pid"), "-z", os.path.join(d, "zserv"),
                                 "--vty_socket", d, "-Z", "-S", "-u", "root", "-g", "root", "-P", "0"],
                                os.path.join(d, "bgpd.out"))
        self.sock = None

    def cmd(self, command):
        """One command over bgpd's vty socket, as vtysh does: command NUL; reply ends in 0 0 0 status."""
        if self.sock is None:
            s = socket.socket(socket.AF_UNIX)
            s.connect(os.path.join(self.dir, "bgpd.vty"))
            self.sock = s
            self.cmd("enable")  # prefix-counts is an enable-mode command
        self.sock.sendall(command.encode() + b"\0")
        buf = bytearray()
        while True:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("bgpd closed the vty socket")
            buf += chunk
            if len(buf) >= 4 and buf[-4:-1] == b"\0\0\0":
                return buf[:-4].decode()

    def json(self, command):
        out = self.cmd(command)
        try:
            return json.loads(out)
        except ValueError:
            raise RuntimeError(f"bgpd: {command}: not JSON: {out[:300]!r}")

    def summary(self):
        j = self.json(f"show bgp {self.ctx.afi} unicast summary json")
        return j.get(f"{self.ctx.afi}Unicast", j)

    def count(self):
        # pfxRcd: in the Adj-RIB-In; the table version counts best-path runs, so both reaching N
        # means every prefix also went through best-path selection (Loc-RIB full).
        j = self.summary()
        rcvd = sum(p.get("pfxRcd", 0) for p in j.get("peers", {}).values())
        return min(rcvd, j.get("tableVersion", 0))

    def lookup(self, prefix):
        j = self.json(f"show bgp {self.ctx.afi} unicast {prefix} json")
        paths = j.get("paths") or []
        best = next((p for p in paths if p.get("bestpath", {}).get("overall")), paths[0] if paths else None)
        if best is None:
            return None
        aspath = best.get("aspath", {}).get("string", "")
        comm = best.get("community", {}).get("string", "")
        large = best.get("largeCommunity", {}).get("string", "")
        hop = (best.get("nexthops") or [{}])[0].get("ip")
        return {"origin": ORIGINS[best.get("origin", "?").lower()], "as_path": [int(x) for x in aspath.split()],
                "med": best.get("metric"), "communities": sorted(comm.split()), "large": sorted(large.split()),
                "next_hop": norm_addr(hop) if hop else None}

    def total(self):
        # Per peer, a walk of the table: the routes it has in the RIB ("All RIB").
        total, texts = 0, []
        for p in self.ctx.peers:
            j = self.json(f"show bgp {self.ctx.afi} unicast neighbors {p} prefix-counts json")
            c = j.get("ribTableWalkCounters", j.get("pfxCounter", {}))
            total += c.get("All RIB", 0)
            texts.append(f"{p}: " + ", ".join(f"{k} {v}" for k, v in c.items() if v))
        return total, "; ".join(texts)


class GoBgp:
    name = "gobgp"

    def __init__(self, args):
        self.args = args

    def start(self, ns, d, ctx):
        self.ctx = ctx
        conf = os.path.join(d, "gobgpd.toml")
        with open(conf, "w") as f:
            f.write(f'[global.config]\n  as = {RECV_AS}\n  router-id = "{RECV_ADDR}"\n  port = 179\n'
                    f'  local-address-list = ["{ctx.recv}"]\n')
            for p in ctx.peers:
                f.write(f"""[[neighbors]]
  [neighbors.config]
    neighbor-address = "{p}"
    peer-as = {FEEDER_AS}
  [neighbors.timers.config]
    hold-time = 240
    keepalive-interval = 80
    idle-hold-time-after-reset = 1
  [neighbors.transport.config]
    passive-mode = true
    local-address = "{ctx.recv}"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "{ctx.afi}-unicast"
""")
        self.proc = OWNED.start(["ip", "netns", "exec", ns, "/usr/bin/gobgpd", "-f", conf, "--api-hosts", GOBGP_API,
                                 "--pprof-disable", "-p"], os.path.join(d, "gobgpd.log"))

    def cli(self, *argv):
        host, port = GOBGP_API.split(":")
        return run(["gobgp", "-u", host, "-p", port, *argv]).stdout

    # GoBGP's counters walk the whole table inside its main loop on every call, which slows the
    # very ingest being measured; done() looks up the last route sent instead (a map access; one
    # goroutine handles a peer's UPDATEs in order), total() counts once at the end.
    def count(self):
        raise NotImplementedError

    def lookup(self, prefix):
        j = json.loads(self.cli("-j", "global", "rib", "-a", self.ctx.afi, prefix) or "{}")
        paths = next(iter(j.values()), []) if isinstance(j, dict) else []
        best = next((p for p in paths if p.get("best")), paths[0] if paths else None)
        if best is None:
            return None
        r = {"origin": None, "as_path": [], "med": None, "communities": [], "large": [], "next_hop": None}
        for a in best.get("attrs", []):
            t = a.get("type")
            if t == 1:
                r["origin"] = a.get("value")
            elif t == 2:
                r["as_path"] = [x for seg in a.get("as_paths", []) for x in seg.get("asns", [])]
            elif t == 3:
                r["next_hop"] = norm_addr(a["nexthop"])
            elif t == 4:
                r["med"] = a.get("metric")
            elif t == 8:
                r["communities"] = sorted(f"{c >> 16}:{c & 0xFFFF}" for c in a.get("communities", []))
            elif t == 14:
                r["next_hop"] = norm_addr(a.get("nexthop") or a.get("nexthops", [None])[0])
            elif t == 32:
                vals = [list(v.values()) if isinstance(v, dict) else v for v in a.get("value", a.get("values", []))]
                r["large"] = sorted(":".join(str(x) for x in v) for v in vals)
        return r

    def total(self):
        out = self.cli("global", "rib", "-a", self.ctx.afi, "summary")
        m = re.search(r"Destination:\s*(\d+)", out)
        return (int(m.group(1)) if m else -1), out.strip().replace("\n", "; ")


RECEIVERS = {"muslin": Muslin, "bird": Bird, "frr": Frr, "gobgp": GoBgp}


def done(rx, n, marker, check_marker):
    """(done, routes seen): the whole table is in (GoBGP: the marker route, with its MED), and with
    check_marker (the churn) the marker route has its last MED too."""
    if isinstance(rx, GoBgp):
        r = rx.lookup(marker[0])
        ok = r is not None and r["med"] == marker[1]
        return ok, (n if ok else 0)
    c = rx.count()
    if c < n:
        return False, c
    if check_marker:
        r = rx.lookup(marker[0])
        return r is not None and r["med"] == marker[1], c
    return True, c


# ----------------------------------------------------------------------------------------------
# Muslin's heap, through jcmd (attach works across network namespaces: same /tmp, same PIDs).

def jcmd(args, pid, *command):
    return run([os.path.join(args.java, "bin", "jcmd"), str(pid), *command], timeout=300).stdout


def live_heap(args, pid):
    """(class histogram after a full GC: {class: bytes}, total bytes)."""
    hist = jcmd(args, pid, "GC.class_histogram")  # forces a full GC, counts live objects only
    classes, total = {}, 0
    for line in hist.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = int(m.group(2))
        m = re.match(r"Total\s+(\d+)\s+(\d+)", line)
        if m:
            total = int(m.group(2))
    total -= classes.pop("[Ljdk.internal.vm.FillerElement;", 0)
    return classes, total


# ----------------------------------------------------------------------------------------------
# One receiver, one shape.

class FeederOut:
    """The feeder's `key value` lines (samples as a list)."""

    def __init__(self, path):
        self.path = path
        self.lines = {}
        self.samples = []

    def read(self):
        self.samples = []
        with open(self.path) as f:
            for line in f:
                k, _, v = line.strip().partition(" ")
                if k == "sample":
                    self.samples.append(json.loads(v))
                else:
                    self.lines[k] = v
        if "failed" in self.lines:
            raise RuntimeError(f"feeder failed: {self.lines['failed']}")
        return self.lines

    def marker(self, key):
        p, med = self.lines[key].split()
        return norm_prefix(p), (None if int(med) < 0 else int(med))


def start_feeder(args, fns, ctx, n, out, trigger):
    return OWNED.start(["ip", "netns", "exec", fns, os.path.join(args.java, "bin", "java"), "-Xmx1g",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", args.feeder, "Feeder",
                        "--shape", ctx.shape, "--connect", ctx.recv, "--local", ",".join(ctx.peers),
                        "--peers", str(len(ctx.peers)), "--as", str(FEEDER_AS), "--count", str(n), "--hold", "240",
                        "--trigger", trigger], out)


def poll_until(rx, n, marker, feeder, fout, poll, timeout, on_line=None, check_marker=False):
    """Polls done() every `poll` s. Returns (done ns, previous answer ns, queries, trace)."""
    deadline = time.monotonic() + timeout
    prev_ns, queries, count = None, 0, 0
    trace = []
    while time.monotonic() < deadline:
        t0 = time.monotonic_ns()
        try:
            ok, count = done(rx, n, marker, check_marker)
        except Exception:  # not listening yet, control socket not there yet
            ok, count = False, 0
        t1 = time.monotonic_ns()
        trace.append((t0, t1, count))
        queries += 1
        if ok:
            return t1, prev_ns, queries, trace
        prev_ns = t1
        if on_line:
            on_line(fout.read())
        if feeder.poll() is not None:
            raise RuntimeError(f"feeder exited ({feeder.returncode}): {open(fout.path).read()[-2000:]}")
        if rx.proc.poll() is not None:
            raise RuntimeError(f"{rx.name} exited ({rx.proc.returncode})")
        time.sleep(max(0.0, poll - (time.monotonic_ns() - t0) / 1e9))
    raise RuntimeError(f"{rx.name}: {count} of {n} routes after {timeout:.0f} s")


def settle(pid):
    """Waits until the process is idle (< 20 ms CPU per 500 ms), at most 20 s."""
    start, last = time.monotonic(), cpu_seconds(pid)
    while time.monotonic() - start < 20:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last < 0.02:
            break
        last = now
    return cpu_seconds(pid)


def verify(rx, n, samples):
    """The table's size and every sampled route's attributes against what the feeder sent."""
    problems = []
    total, text = rx.total()
    if total != n:
        problems.append(f"{total} routes, expected {n}")
    for s in samples:
        want = {"origin": s["origin"], "as_path": s["as_path"], "med": s["med"],
                "communities": sorted(s["communities"]), "large": sorted(s["large"]), "next_hop": norm_addr(s["next_hop"])}
        got = rx.lookup(norm_prefix(s["prefix"]))
        if got is None:
            problems.append(f"{s['prefix']} missing")
            continue
        if got.pop("consumer_agrees", True) is not True:
            problems.append(f"{s['prefix']}: the consumer's next hops differ from the Loc-RIB's")
        for k, v in want.items():
            if got.get(k) != v:
                problems.append(f"{s['prefix']} {k}: {got.get(k)!r}, sent {v!r}")
    return text, problems


def setup_links(fns, rns, ctx):
    OWNED.netns_add(fns)
    OWNED.netns_add(rns)
    suffix = str(os.getpid() % 100000)
    fdev, rdev = "mbf" + suffix, "mbr" + suffix
    run(["ip", "link", "add", fdev, "netns", fns, "type", "veth", "peer", "name", rdev, "netns", rns])
    run(["ip", "-n", fns, "addr", "add", FEEDER_ADDR + "/16", "dev", fdev])
    run(["ip", "-n", rns, "addr", "add", RECV_ADDR + "/16", "dev", rdev])
    run(["ip", "-n", fns, "addr", "add", FEEDER_ADDR6 + "/64", "dev", fdev, "nodad"])
    run(["ip", "-n", rns, "addr", "add", RECV_ADDR6 + "/64", "dev", rdev, "nodad"])
    if ctx.shape == "f":
        run(["ip", "-n", fns, "-batch", "-"], input="".join(f"addr add {p}/16 dev {fdev}\n" for p in ctx.peers))
    run(["ip", "-n", fns, "link", "set", fdev, "up"])
    run(["ip", "-n", rns, "link", "set", rdev, "up"])
    wait_for("veth", lambda: run(["ip", "netns", "exec", fns, "ping", "-c1", "-W1", ctx.recv],
                                 check=False).returncode == 0, timeout=10, every=0.2)


def run_one(args, kind, shape, n, tag):
    rx = Muslin(args, kind) if is_muslin(kind) else RECEIVERS[kind](args)
    ctx = Ctx(shape)
    fns, rns = f"mbench-{os.getpid()}-f", f"mbench-{os.getpid()}-r"
    d = os.path.join(args.work, f"{shape}-{kind}-{tag}")
    os.makedirs(d, exist_ok=True)
    res = {"receiver": kind, "shape": shape, "n": n, "ok": False}
    feeder = None
    try:
        setup_links(fns, rns, ctx)
        fout = FeederOut(os.path.join(d, "feeder.out"))
        trigger = os.path.join(d, "churn.go")
        feeder = start_feeder(args, fns, ctx, n, fout.path, trigger)
        wait_for("feeder built its UPDATEs", lambda: "marker" in fout.read() or feeder.poll() is not None,
                 timeout=300, every=0.1)
        marker = fout.marker("marker")
        res["load1"] = loadavg()

        # Cold start: the clock for "established" starts when the receiver's process does.
        busy0, _ = machine_busy()
        kids0 = os.times()
        spawn_ns = time.monotonic_ns()
        rx.start(rns, d, ctx)
        pid = rx.proc.pid
        poll = (args.gobgp_poll_ms if kind == "gobgp" else args.poll_ms) / 1000.0
        at_est = {}

        def on_line(lines):
            if "established-ns" in lines and "cpu" not in at_est:
                at_est["cpu"] = cpu_seconds(pid)
                at_est["threads"] = thread_cpu(pid) if is_muslin(kind) else {}

        with InNetns(rns):
            done_ns, prev_ns, queries, trace = poll_until(rx, n, marker, feeder, fout, poll, args.timeout, on_line)
            cpu_done = cpu_seconds(pid)
            busy1, _ = machine_busy()
            kids1 = os.times()
            threads1 = thread_cpu(pid) if is_muslin(kind) else {}
            wait_for("feeder's timestamps", lambda: "send-cpu-ns" in fout.read(), timeout=60)
            lines = fout.lines
            if "cpu" not in at_est:
                raise RuntimeError("the table was in before the feeder reported Established (poll too slow?)")
            first_ns = int(lines["first-update-ns"])
            feeder_cpu = cpu_seconds(feeder.pid) if feeder.poll() is None else 0.0
            cpu_settled = settle(pid)
            poll_cpu = sum(kids1[:4]) - sum(kids0[:4])
            res.update({
                "seconds": (done_ns - first_ns) / 1e9,
                "resolution_s": (done_ns - (prev_ns or first_ns)) / 1e9,
                "established_s": (int(lines["established-ns"]) - spawn_ns) / 1e9,
                "all_established_s": (int(lines["all-established-ns"]) - spawn_ns) / 1e9,
                "start_to_full_s": (done_ns - spawn_ns) / 1e9,
                "written_s": (int(lines["written-ns"]) - first_ns) / 1e9,
                "cpu_s": cpu_done - at_est["cpu"],
                "cpu_total_s": cpu_done,
                "cpu_settled_s": cpu_settled - at_est["cpu"],
                "hwm_mb": status_kb(pid, "VmHWM") / 1024,
                "feeder_send_cpu_s": int(lines["send-cpu-ns"]) / 1e9,
                "queries": queries,
                "trace": [(round((a - first_ns) / 1e9, 4), round((b - first_ns) / 1e9, 4), c) for a, b, c in trace[-50:]],
                "others_cores": max(0.0, (busy1 - busy0) - cpu_done - feeder_cpu - poll_cpu) / ((done_ns - spawn_ns) / 1e9),
            })
            if is_muslin(kind):
                res["threads"] = sorted(((k, round(threads1.get(k, 0) - at_est["threads"].get(k, 0), 2))
                                         for k in threads1), key=lambda x: -x[1])[:8]
            if shape == "d":
                churn_marker = fout.marker("churn-marker")
                cpu0 = cpu_seconds(pid)
                hwm0 = res["hwm_mb"]
                with open(trigger, "w"):
                    pass
                cdone_ns, cprev_ns, _, _ = poll_until(rx, n, churn_marker, feeder, fout, poll, args.timeout,
                                                      check_marker=True)
                cpu1 = cpu_seconds(pid)
                wait_for("feeder's churn timestamps", lambda: "churn-written-ns" in fout.read(), timeout=60)
                res["churn_s"] = (cdone_ns - int(fout.lines["churn-first-ns"])) / 1e9
                res["churn_cpu_s"] = cpu1 - cpu0
                res["churn_resolution_s"] = (cdone_ns - (cprev_ns or cdone_ns)) / 1e9
                res["hwm_mb"] = status_kb(pid, "VmHWM") / 1024
                res["hwm_before_churn_mb"] = hwm0
                settle(pid)
            text, problems = verify(rx, n, fout.samples)
            res["verify"] = text
            res["samples_checked"] = len(fout.samples)
            if problems:
                raise RuntimeError(f"verification failed ({len(problems)}): " + "; ".join(problems[:8]))
        if is_muslin(kind):
            classes, total = live_heap(args, pid)
            res["heap_live_mb"] = total / 2**20
            res["heap_per_route"] = total / n
            res["heap_top"] = sorted(classes.items(), key=lambda x: -x[1])[:20]
            res["java_opts"] = rx.java_opts()
            res["aot_cache"] = any(w.startswith("-XX:AOTCache=") for w in rx.java_command())
            if args.profile:
                jcmd(args, pid, "JFR.dump", f"filename={d}/muslin.jfr")
                res["jfr"] = f"{d}/muslin.jfr"
        res["ok"] = True
        extra = f", churn {res['churn_s']:.3f} s CPU {res['churn_cpu_s']:.2f} s" if shape == "d" else ""
        log(f"({shape}) {kind:6s}: {res['seconds']:.3f} s, CPU {res['cpu_s']:.2f} s (from start {res['cpu_total_s']:.2f}), "
            f"peak RSS {res['hwm_mb']:.0f} MB, established {res['established_s']:.2f} s after start{extra}; "
            f"verified {res['samples_checked']} samples ({res['verify']})")
    except Exception as e:
        res["error"] = str(e)
        log(f"({shape}) {kind}: FAILED: {e} (logs in {d})")
    finally:
        if feeder is not None:
            OWNED.stop(feeder)
        if getattr(rx, "proc", None) is not None:
            OWNED.stop(rx.proc)
        for ns in (fns, rns):
            OWNED.netns_del(ns)
    return res


def is_muslin(kind):
    return kind == "muslin" or kind.startswith("muslin-")


# ----------------------------------------------------------------------------------------------

FIELDS = ("seconds", "cpu_s", "cpu_total_s", "cpu_settled_s", "hwm_mb", "established_s", "all_established_s",
          "start_to_full_s", "load1", "others_cores", "resolution_s", "churn_s", "churn_cpu_s", "heap_per_route")


def summarize(runs, shape, receivers):
    rows = {}
    for kind in receivers:
        rs = [r for r in runs if r["receiver"] == kind and r["shape"] == shape]
        if not rs:
            continue
        ok = [r for r in rs if r.get("ok")]
        errors = "; ".join(r.get("error", "") for r in rs if not r.get("ok"))
        if not ok:
            rows[kind] = {"receiver": kind, "ok": False, "runs": len(rs), "failed": len(rs), "error": errors}
            continue
        # Medians of the runs that finished; the failed ones are counted and named (and fail the run).
        row = {"receiver": kind, "ok": True, "runs": len(ok), "failed": len(rs) - len(ok)}
        if errors:
            row["error"] = errors
        for k in FIELDS:
            v = [r[k] for r in ok if k in r]
            if v:
                row[k] = round(statistics.median(v), 4)
        row["seconds_min"] = min(r["seconds"] for r in ok)
        row["seconds_max"] = max(r["seconds"] for r in ok)
        rows[kind] = row
    return rows


def ratios(rows):
    """Each Muslin receiver against each other one: time, CPU (during the ingest) and peak RSS."""
    out = {}
    for m, mr in rows.items():
        if not is_muslin(m) or not mr["ok"]:
            continue
        for o, orow in rows.items():
            if is_muslin(o) or not orow["ok"]:
                continue
            r = {"time": mr["seconds"] / orow["seconds"], "cpu": mr["cpu_s"] / max(orow["cpu_s"], 0.01),
                 "rss": mr["hwm_mb"] / orow["hwm_mb"], "start_to_full": mr["start_to_full_s"] / orow["start_to_full_s"]}
            if "churn_s" in mr and "churn_s" in orow:
                r["churn_time"] = mr["churn_s"] / orow["churn_s"]
                r["churn_cpu"] = mr["churn_cpu_s"] / max(orow["churn_cpu_s"], 0.01)
            out[f"{m}/{o}"] = {k: round(v, 2) for k, v in r.items()}
    return out


def print_table(shape, n, rows, args):
    print()
    print(f"({shape}) {SHAPES[shape]}; N = {n:,} (medians of {args.repeat}; poll {args.poll_ms} ms, GoBGP {args.gobgp_poll_ms} ms)")
    hdr = (f"{'receiver':12s} {'seconds':>8s} {'(min..max)':>12s} {'res ms':>6s} {'CPU s':>6s} {'CPU tot':>7s} "
           f"{'peak RSS':>8s} {'estab s':>7s} {'start→full':>10s} {'churn s':>7s} {'churn CPU':>9s} {'load1':>5s} {'others':>6s}")
    print(hdr)
    print("-" * len(hdr))
    for kind, r in rows.items():
        if not r["ok"]:
            print(f"{kind:12s} FAILED ({r['failed']} of {r['runs']}): {r['error'][:400]}")
            continue
        rng = f"{r['seconds_min']:.2f}..{r['seconds_max']:.2f}"
        churn = f"{r['churn_s']:7.3f} {r['churn_cpu_s']:9.2f}" if "churn_s" in r else f"{'':7s} {'':9s}"
        if r["failed"]:
            print(f"{kind:12s} ({r['failed']} of {r['runs'] + r['failed']} runs FAILED: {r['error'][:300]}; medians of the rest)")
        print(f"{kind:12s} {r['seconds']:8.3f} {rng:>12s} {1000 * r['resolution_s']:6.0f} {r['cpu_s']:6.2f} "
              f"{r['cpu_total_s']:7.2f} {r['hwm_mb']:8.0f} {r['established_s']:7.2f} {r['start_to_full_s']:10.2f} {churn} "
              f"{r['load1']:5.2f} {r['others_cores']:6.2f}")
    for k, v in ratios(rows).items():
        print(f"  {k}: " + ", ".join(f"{a} {b:.2f}" for a, b in v.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default="a,b,c,d,e,f")
    ap.add_argument("--count", type=int, default=1_000_000, help="routes per shape (f: spread over 100 peers)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--java", required=True, help="JAVA_HOME of JDK 25")
    ap.add_argument("--launcher", required=True, help="bin/muslin-bgp (asked for its java command line)")
    ap.add_argument("--muslin-home", required=True, help="the speaker's jars (and ahead-of-time cache) for the launcher")
    ap.add_argument("--no-aot", action="store_true", help="Muslin without the ahead-of-time cache")
    ap.add_argument("--feeder", required=True, help="directory with Feeder.class")
    ap.add_argument("--receivers", default="muslin,bird,frr,gobgp")
    ap.add_argument("--others-shapes", default="a,b", help="shapes FRR and GoBGP run (they take minutes on the rest)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--poll-ms", type=int, default=20)
    ap.add_argument("--gobgp-poll-ms", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=0, help="seconds per phase (default 60 + 0.3 ms per route)")
    ap.add_argument("--muslin-java-opts", default=os.environ.get("MUSLIN_JAVA_OPTS") or "",
                    help="JVM options for Muslin instead of bin/muslin-bgp's own (default: the launcher's)")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=OPTS",
                    help="also run Muslin with these JVM options as receiver muslin-NAME")
    ap.add_argument("--profile", action="store_true", help="Muslin with a JFR recording (settings=profile)")
    ap.add_argument("--json", help="write every run here")
    args = ap.parse_args()
    args.variants = dict(v.split("=", 1) for v in args.variant)
    if not args.timeout:
        args.timeout = 60 + args.count * 0.0003
    shapes = [s for s in args.shapes.split(",") if s]
    for s in shapes:
        if s not in SHAPES:
            ap.error(f"unknown shape {s}; known: {','.join(SHAPES)}")
    receivers = [r for r in args.receivers.split(",") if r]
    at = receivers.index("muslin") + 1 if "muslin" in receivers else 0
    for v in args.variants:
        if f"muslin-{v}" not in receivers:
            receivers.insert(at, f"muslin-{v}")
            at += 1
    for r in receivers:
        if r not in RECEIVERS and not (r.startswith("muslin-") and r[len("muslin-"):] in args.variants):
            ap.error(f"unknown receiver {r}; known: {','.join(RECEIVERS)}")
    others = set(args.others_shapes.split(","))

    def on_signal(sig, frame):
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        raise KeyboardInterrupt(f"signal {sig}")
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    all_runs, summary = [], {}
    rc = 0
    try:
        for shape in shapes:
            kinds = [k for k in receivers if is_muslin(k) or k == "bird" or shape in others]
            for rep in range(args.repeat):
                # Alternate the order each round, so no receiver always runs first.
                order = kinds if rep % 2 == 0 else list(reversed(kinds))
                for kind in order:
                    all_runs.append(run_one(args, kind, shape, args.count, rep))
            rows = summarize(all_runs, shape, kinds)
            print_table(shape, args.count, rows, args)
            summary[shape] = {"description": SHAPES[shape], "receivers": rows, "ratios": ratios(rows)}
            sys.stdout.flush()
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); cleaning up")
        rc = 130
    finally:
        OWNED.cleanup()
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"runs": all_runs, "count": args.count, "muslin_java_opts": args.muslin_java_opts or "(bin/muslin-bgp's own)",
                           "variants": args.variants}, f, indent=1)
    for r in all_runs:
        if is_muslin(r.get("receiver", "")) and r.get("ok") and r.get("jfr"):
            print(f"\n({r['shape']}) {r['receiver']}: threads by CPU during the feed: "
                  + ", ".join(f"{k} {v:.2f}s" for k, v in r["threads"]))
            print(f"  JFR recording: {r['jfr']}")
            hot = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jfr_hot.py")
            subprocess.run([sys.executable, hot, r["jfr"], "--jfr", os.path.join(args.java, "bin", "jfr")])
    ok = rc == 0 and bool(all_runs) and all(r.get("ok") for r in all_runs)
    loads = [r["load1"] for r in all_runs if "load1" in r]
    print(json.dumps({"benchmark": "bgp-ingest", "ok": ok, "count": args.count, "repeat": args.repeat,
                      "muslin_java_opts": args.muslin_java_opts or "(bin/muslin-bgp's own)", "load1_min": min(loads, default=None),
                      "load1_max": max(loads, default=None), "shapes": summary}, separators=(",", ":")))
    return rc or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
