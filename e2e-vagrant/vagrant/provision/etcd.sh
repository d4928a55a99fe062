#!/usr/bin/env bash
# An etcd member on the services network; the first member also writes the lab's starting
# resources. Arguments: lab name, topology file (in the VM), this VM's name (etcd1, etcd2, ...).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q etcd-server etcd-client
me=$3
ip=$(echo "$MUSLIN_PLAN" | jq -r --arg m "$me" '.machines[] | select(.name == $m) | .nics[0].ip')
cluster=$(echo "$MUSLIN_PLAN" | jq -r '[.machines[] | select(.role == "etcd") | "\(.name)=http://\(.nics[0].ip):2380"] | join(",")')
cat > /etc/default/etcd <<CONF
ETCD_NAME=$me
ETCD_DATA_DIR=/var/lib/etcd/muslin-lab
ETCD_LISTEN_CLIENT_URLS=http://$ip:2379,http://127.0.0.1:2379
ETCD_ADVERTISE_CLIENT_URLS=http://$ip:2379
ETCD_LISTEN_PEER_URLS=http://$ip:2380
ETCD_INITIAL_ADVERTISE_PEER_URLS=http://$ip:2380
ETCD_INITIAL_CLUSTER=$cluster
ETCD_INITIAL_CLUSTER_STATE=new
ETCD_INITIAL_CLUSTER_TOKEN=muslin-lab
CONF
# The services network's gateway is the router VM: the racks are behind it.
router=$(echo "$MUSLIN_PLAN" | jq -r '.machines[] | select(.role == "router") | .nics[] | select(.network == "services") | .ip')
for rack in $(echo "$MUSLIN_PLAN" | jq -r '.networks[] | select(.name != "services") | .cidr'); do
  ip route replace "$rack" via "$router"
done
systemctl restart etcd
if [ "$me" = etcd1 ]; then
  apt-get install -y -q maven
  cd /muslin
  [ -f e2e-vagrant/target/muslin-lab.jar ] || mvn -B -ntp -q -pl e2e-vagrant -am package -DskipTests
  e2e-vagrant/lab vagrant-files "$2" /var/lib/muslin-lab
  while read -r key && read -r value; do
    printf '%s' "$value" | etcdctl --endpoints "http://$ip:2379" put "$key" >/dev/null
  done < /var/lib/muslin-lab/etcd/resources.txt
fi
