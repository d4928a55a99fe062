#!/usr/bin/env python3
"""Idle footprint: the agent (`bin/muslin agent`, file datastore) with 100 BGP sessions (one BIRD
with 100 protocols on 100 addresses in a second namespace) and 10,000 routes in its kernel (BIRD
announces them on the first session). Once every session is Established and the routes are in the
kernel, RSS and CPU time over one minute are read from /proc. Prints one JSON object last. Root.
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
PEERS, ROUTES = 100, 10000
started, namespaces = [], []


def sh(*cmd, check=True, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + ": " + r.stdout)
    return r.stdout


def cpu_seconds(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    return int(open("/proc/%d/status" % pid).read().split("VmRSS:")[1].split()[0]) / 1024


def main():
    if os.geteuid() != 0:
        sys.exit("needs root")
    scratch = tempfile.mkdtemp(prefix="mbench-idle-")
    tag = str(os.getpid())
    n, p = "mbid-%s-n" % tag, "mbid-%s-p" % tag
    load = os.getloadavg()[0]
    failed = False
    try:
        for ns in (n, p):
            sh("ip", "netns", "add", ns)
            namespaces.append(ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", n, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", p)
        sh("ip", "-n", n, "addr", "add", "10.251.0.2/16", "dev", "eth0")
        batch = "".join("addr add 10.251.1.%d/16 dev eth0\n" % (i + 1) for i in range(PEERS))
        sh("ip", "-n", p, "-batch", "-", input=batch)
        for ns in (n, p):
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
        conf = os.path.join(scratch, "bird.conf")
        with open(conf, "w") as fh:
            fh.write("router id 10.251.1.1;\nprotocol device {}\nprotocol static pods { ipv4;\n")
            for i in range(ROUTES):
                fh.write("  route 10.%d.%d.0/24 blackhole;\n" % (100 + i // 256, i % 256))
            fh.write("}\n")
            for i in range(PEERS):
                fh.write("protocol bgp p%d { local 10.251.1.%d as 65001; neighbor 10.251.0.2 as 64512; hold time 90;\n"
                         "  connect retry time 5; ipv4 { import none; export %s; }; }\n"
                         % (i, i + 1, "where source = RTS_STATIC" if i == 0 else "none"))
        bird = subprocess.Popen(["ip", "netns", "exec", p, "/usr/sbin/bird", "-f", "-c", conf, "-s", os.path.join(scratch, "bird.ctl")],
                                stdout=open(os.path.join(scratch, "bird.log"), "w"), stderr=subprocess.STDOUT)
        started.append(bird)
        cp = os.path.join(ROOT, "node-agent", "target", "muslin-node-agent.jar") + ":" + os.path.join(ROOT, "node-agent", "target", "lib", "*")
        sh(JAVA, "-cp", cp, os.path.join(HERE, "Peers.java"), os.path.join(scratch, "store"), "10.251.1", "1", str(PEERS), "65001")
        cfg = os.path.join(scratch, "agent.yaml")
        with open(cfg, "w") as fh:
            fh.write("nodeName: idle-node\ndatastore:\n  type: file\n  file:\n    directory: %s\nnodeAddress:\n  ipv4: interface=eth0\n"
                     "stateDir: %s\npolicy:\n  enabled: false\nlogLevel: warn\n" % (os.path.join(scratch, "store"), os.path.join(scratch, "state")))
        env = {k: v for k, v in os.environ.items() if not k.startswith("MUSLIN_")}
        agent = subprocess.Popen(["ip", "netns", "exec", n, os.path.join(ROOT, "bin", "muslin"), "agent", "--config", cfg], env=env,
                                 stdout=open(os.path.join(scratch, "agent.log"), "w"), stderr=subprocess.STDOUT)
        started.append(agent)
        deadline = time.monotonic() + 300
        while True:
            est = sh("birdc", "-s", os.path.join(scratch, "bird.ctl"), "show", "protocols", check=False).count("Established")
            routes = int(subprocess.run("ip -n %s route show proto 77 | wc -l" % n, shell=True, stdout=subprocess.PIPE, text=True).stdout)
            if est == PEERS and routes >= ROUTES:
                break
            if time.monotonic() > deadline or agent.poll() is not None:
                raise RuntimeError("not converged: %d sessions, %d routes" % (est, routes))
            time.sleep(1)
        time.sleep(10)
        c0, b0, t0 = cpu_seconds(agent.pid), cpu_seconds(bird.pid), time.monotonic()
        time.sleep(60)
        c1, b1, t1 = cpu_seconds(agent.pid), cpu_seconds(bird.pid), time.monotonic()
        minute = (t1 - t0) / 60
        result = {"benchmark": "agent-idle-footprint", "peers": PEERS, "routes": ROUTES, "load_average_at_start": round(load, 1),
                  "nproc": os.cpu_count(), "agent_rss_mb": round(rss_mb(agent.pid)), "agent_cpu_seconds_per_minute": round((c1 - c0) / minute, 2),
                  "bird_rss_mb": round(rss_mb(bird.pid)), "bird_cpu_seconds_per_minute": round((b1 - b0) / minute, 2)}
        agent.send_signal(signal.SIGTERM)
        agent.wait(60)
    except BaseException:
        failed = True
        raise
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
        for ns in namespaces:
            for pid in sh("ip", "netns", "pids", ns, check=False).split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh("ip", "netns", "del", ns, check=False)
        if failed:
            print("scratch kept: " + scratch, file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("agent: %d MB RSS, %.2f CPU s/min; bird: %d MB, %.2f CPU s/min" % (result["agent_rss_mb"], result["agent_cpu_seconds_per_minute"],
          result["bird_rss_mb"], result["bird_cpu_seconds_per_minute"]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
