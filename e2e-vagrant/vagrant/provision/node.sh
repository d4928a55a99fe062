#!/usr/bin/env bash
# A node: builds Muslin from the synced checkout and runs `bin/muslin agent` as a systemd service
# with the configuration the lab renders for it. Arguments: lab name, topology file, node name.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q maven iptables ipset conntrack
me=$3
router=$(echo "$MUSLIN_PLAN" | jq -r --arg m "$me" '
  (.machines[] | select(.name == $m) | .nics[0].network) as $net
  | .machines[] | select(.role == "router") | .nics[] | select(.network == $net) | .ip')
# Everything beyond the node's own rack goes through the rack's gateway (the router VM).
for net in $(echo "$MUSLIN_PLAN" | jq -r --arg m "$me" '
  (.machines[] | select(.name == $m) | .nics[0].network) as $own | .networks[] | select(.name != $own) | .cidr'); do
  ip route replace "$net" via "$router"
done
cd /muslin
[ -f node-agent/target/muslin-node-agent.jar ] || mvn -B -ntp -q -pl node-agent,cni,e2e-vagrant -am package -DskipTests
e2e-vagrant/lab vagrant-files "$2" /var/lib/muslin-lab
install -d /etc/muslin /var/lib/muslin
install -m 0644 "/var/lib/muslin-lab/$me/muslin.yaml" /etc/muslin/muslin.yaml
cat > /etc/systemd/system/muslin-agent.service <<UNIT
[Unit]
Description=Muslin node agent (lab)
After=network-online.target
[Service]
ExecStart=/muslin/bin/muslin agent --config /etc/muslin/muslin.yaml
Restart=on-failure
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now muslin-agent
