#!/usr/bin/env python3
"""Idle footprint: the agent (`bin/muslin agent`, file datastore) with 100 BGP sessions — 100 BIRDs,
each in its own namespace on a bridge with the node (BIRD takes one session per neighbour address)
— and 10,000 routes in its kernel (the first BIRD announces them). Once every session is
Established and the routes are in the kernel, RSS and CPU time over one minute are read from /proc
(the agent's, and the 100 BIRDs' together). Prints one JSON object last. Root.
"""
import json, os, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from nsbench import clean_up, cpu_seconds, rss_mb, sh  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
PEERS, ROUTES = 100, 10000
started, namespaces = [], []


def main():
    if os.geteuid() != 0:
        sys.exit("needs root")
    scratch = tempfile.mkdtemp(prefix="mbench-idle-")
    tag = str(os.getpid())
    n, fabric = "mbid-%s-n" % tag, "mbid-%s-f" % tag
    load = os.getloadavg()[0]
    failed = False
    birds = []
    try:
        for ns in (n, fabric):
            sh("ip", "netns", "add", ns)
            namespaces.append(ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", fabric, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", fabric, "link", "set", "br0", "up")

        def plug(ns, ip):
            sh("ip", "-n", fabric, "link", "add", "v" + ip.split(".")[-1] + ("n" if ns == n else ""), "type", "veth", "peer",
               "name", "eth0", "netns", ns)
            port = "v" + ip.split(".")[-1] + ("n" if ns == n else "")
            sh("ip", "-n", fabric, "link", "set", port, "master", "br0")
            sh("ip", "-n", fabric, "link", "set", port, "up")
            sh("ip", "-n", ns, "addr", "add", ip + "/24", "dev", "eth0")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")

        plug(n, "10.251.0.2")
        for i in range(PEERS):
            ns = "mbid-%s-p%d" % (tag, i)
            sh("ip", "netns", "add", ns)
            namespaces.append(ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            plug(ns, "10.251.0.%d" % (i + 10))
            conf = os.path.join(scratch, "bird-%d.conf" % i)
            with open(conf, "w") as fh:
                fh.write("router id 10.251.0.%d;\nprotocol device {}\n" % (i + 10))
                if i == 0:
                    fh.write("protocol static pods { ipv4;\n")
                    for r in range(ROUTES):
                        fh.write("  route 10.%d.%d.0/24 blackhole;\n" % (100 + r // 256, r % 256))
                    fh.write("}\n")
                fh.write("protocol bgp tor { local 10.251.0.%d as 65001; neighbor 10.251.0.2 as 64512; hold time 90;\n"
                         "  connect retry time 5; ipv4 { import none; export %s; }; }\n"
                         % (i + 10, "where source = RTS_STATIC" if i == 0 else "none"))
            b = subprocess.Popen(["ip", "netns", "exec", ns, "/usr/sbin/bird", "-f", "-c", conf, "-s",
                                  os.path.join(scratch, "bird-%d.ctl" % i)],
                                 stdout=open(os.path.join(scratch, "bird-%d.log" % i), "w"), stderr=subprocess.STDOUT)
            started.append(b)
            birds.append(b)
        cp = os.path.join(ROOT, "node-agent", "target", "muslin-node-agent.jar") + ":" + os.path.join(ROOT, "node-agent", "target", "lib", "*")
        sh(JAVA, "-cp", cp, os.path.join(HERE, "Peers.java"), os.path.join(scratch, "store"), "10.251.0", "10", str(PEERS), "65001")
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
            est = sum(sh("birdc", "-s", os.path.join(scratch, "bird-%d.ctl" % i), "show", "protocols", "tor", check=False)
                      .count("Established") for i in range(PEERS))
            routes = int(subprocess.run("ip -n %s route show proto 77 | wc -l" % n, shell=True, stdout=subprocess.PIPE, text=True).stdout)
            if est == PEERS and routes >= ROUTES:
                break
            if time.monotonic() > deadline or agent.poll() is not None:
                raise RuntimeError("not converged: %d sessions, %d routes" % (est, routes))
            time.sleep(1)
        time.sleep(10)
        c0, b0, t0 = cpu_seconds(agent.pid), sum(cpu_seconds(b.pid) for b in birds), time.monotonic()
        time.sleep(60)
        c1, b1, t1 = cpu_seconds(agent.pid), sum(cpu_seconds(b.pid) for b in birds), time.monotonic()
        minute = (t1 - t0) / 60
        result = {"benchmark": "agent-idle-footprint", "peers": PEERS, "routes": ROUTES, "load_average_at_start": round(load, 1),
                  "nproc": os.cpu_count(), "agent_rss_mb": round(rss_mb(agent.pid)), "agent_cpu_seconds_per_minute": round((c1 - c0) / minute, 2),
                  "birds_rss_mb": round(sum(rss_mb(b.pid) for b in birds)), "birds_cpu_seconds_per_minute": round((b1 - b0) / minute, 2)}
        agent.send_signal(signal.SIGTERM)
        agent.wait(60)
    except BaseException:
        failed = True
        raise
    finally:
        clean_up(started, namespaces, scratch, failed)
    print("agent: %d MB RSS, %.2f CPU s/min; the 100 BIRDs together: %d MB, %.2f CPU s/min" % (result["agent_rss_mb"],
          result["agent_cpu_seconds_per_minute"], result["birds_rss_mb"], result["birds_cpu_seconds_per_minute"]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
