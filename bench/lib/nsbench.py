"""What the root benchmarks share: commands, a pair of network namespaces joined by a veth, their
removal with every process left in them, the clean-up at the end of a run, and a process's CPU
seconds and RSS from /proc.
Imported by the scripts under bench/ (they put this directory on sys.path)."""
import os, shutil, signal, subprocess, sys


def sh(*cmd, check=True, **kw):
    """Runs cmd; its output (stderr folded in); raises naming the command when it fails and check is set."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + ": " + (r.stdout or ""))
    return r.stdout or ""


def veth_pair(a, b, a_address, b_address, namespaces):
    """Namespaces a and b (made afresh, loopback up, appended to namespaces), joined by eth0 in each
    with the given address/prefix length."""
    for ns in (a, b):
        sh("ip", "netns", "del", ns, check=False)
        sh("ip", "netns", "add", ns)
        namespaces.append(ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", a, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", b)
    sh("ip", "-n", a, "addr", "add", a_address, "dev", "eth0")
    sh("ip", "-n", b, "addr", "add", b_address, "dev", "eth0")
    sh("ip", "-n", a, "link", "set", "eth0", "up")
    sh("ip", "-n", b, "link", "set", "eth0", "up")
    return a, b


def drop_netns(ns, namespaces):
    """Kills what still runs in ns (SIGKILL) and removes it, and from namespaces."""
    for pid in sh("ip", "netns", "pids", ns, check=False).split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    sh("ip", "netns", "del", ns, check=False)
    if ns in namespaces:
        namespaces.remove(ns)


def clean_up(started, namespaces, scratch, keep):
    """The end of every run, failed or not: kills the processes started that still run, removes the
    namespaces with what runs in them, and the scratch directory unless keep (then says where it is)."""
    for p in started:
        if p.poll() is None:
            p.kill()
    for ns in list(namespaces):
        drop_netns(ns, namespaces)
    if keep:
        print("scratch kept: " + scratch, file=sys.stderr)
    else:
        shutil.rmtree(scratch, ignore_errors=True)


def cpu_seconds(pid):
    """utime + stime of a process and all its threads, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    """The process's resident set, in MiB."""
    with open("/proc/%d/status" % pid) as f:
        return int(f.read().split("VmRSS:")[1].split()[0]) / 1024
