#!/usr/bin/env bash
# Every lab VM: Debian packages and JDK 25 (Temurin, from Adoptium's apt repository).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q curl gnupg ca-certificates iproute2 tcpdump iputils-ping jq
if [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  install -d /etc/apt/keyrings
  curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor -o /etc/apt/keyrings/adoptium.gpg
  echo "deb [signed-by=/etc/apt/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb bookworm main" \
    > /etc/apt/sources.list.d/adoptium.list
  apt-get update -q
  apt-get install -y -q temurin-25-jdk
fi
