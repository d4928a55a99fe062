#!/usr/bin/env bash
# The router VM: forwards between the racks and the etcd network; BIRD (ToR peering: each rack's
# nodes are its clients). Its configuration is rendered by the lab from the topology.
# Arguments: lab name, topology file (in the VM), this VM's name.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q bird2 maven
sysctl -qw net.ipv4.ip_forward=1
echo net.ipv4.ip_forward=1 > /etc/sysctl.d/90-muslin-lab.conf
cd /muslin
[ -f e2e-vagrant/target/muslin-lab.jar ] || mvn -B -ntp -q -pl e2e-vagrant -am package -DskipTests
e2e-vagrant/lab vagrant-files "$2" /var/lib/muslin-lab
install -m 0644 /var/lib/muslin-lab/router/bird.conf /etc/bird/bird.conf
systemctl restart bird
