#!/usr/bin/env bash
# A single-node Kubernetes cluster as background processes on this machine, for the cluster test:
#   deploy/cluster/cluster.sh up      start etcd, kube-apiserver, controller-manager, scheduler,
#                                     containerd, kubelet and CoreDNS; wait for the node to be Ready
#   deploy/cluster/cluster.sh down    stop everything `up` started, by the PIDs it recorded, and
#                                     remove the pods' network namespaces, mounts and bridge
#   deploy/cluster/cluster.sh env     print `export KUBECONFIG=...` for this cluster
#
# Everything listens on 127.0.0.1, except CoreDNS and the kubelet, which listen on the pods' bridge
# (batt0, 10.244.0.1, made here and removed by `down`): pods reach CoreDNS there, and the kubelet
# refuses a loopback node IP. There is no kube-proxy:
# batt's stage Services are headless (DNS answers pod IPs) and the test reaches the orchestrator by
# its pod IP. Binaries come from build-k8s.sh ($BATT_CLUSTER_CACHE/bin); etcd, containerd, runc and
# the CNI plugins from Debian's packages. State lives in $BATT_CLUSTER_STATE and is wiped by `up`.
set -euo pipefail
CACHE="${BATT_CLUSTER_CACHE:-$HOME/.cache/batt-cluster}"
BIN="$CACHE/bin"
STATE="${BATT_CLUSTER_STATE:-/tmp/batt-cluster}"
PIDS="$STATE/pids"
BRIDGE=batt0
GATEWAY=10.244.0.1
SUBNET=10.244.0.0/24
SOCK="$STATE/run/containerd.sock"
NODE=batt-node
KUBECONFIG_FILE="$STATE/admin.kubeconfig"

log() { echo "cluster: $*" >&2; }

start() { # name, command...: run in the background, logs in $STATE/logs/name.log, PID recorded
  local name=$1; shift
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo "$! $name" >>"$PIDS"
}

wait_for() { # description, seconds, command...
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then log "timed out after ${secs}s waiting for $what"; return 1; fi
    sleep 1
  done
}

certs() {
  local d="$STATE/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=batt-cluster-ca \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  sign() { # name, subject, SANs (or "")
    openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$d/$1.key" -out "$d/$1.csr" 2>/dev/null
    local ext="$d/$1.ext"
    echo "basicConstraints=CA:FALSE" >"$ext"
    echo "keyUsage=digitalSignature,keyEncipherment" >>"$ext"
    echo "extendedKeyUsage=serverAuth,clientAuth" >>"$ext"
    [ -n "$3" ] && echo "subjectAltName=$3" >>"$ext"
    openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 2 -extfile "$ext" -out "$d/$1.crt" 2>/dev/null
  }
  sign apiserver /CN=kube-apiserver \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin "/O=system:masters/CN=batt-admin" ""
  sign kubelet "/O=system:nodes/CN=system:node:$NODE" "IP:$GATEWAY,IP:127.0.0.1,DNS:$NODE"
  # The aggregation layer (metrics-server's API): a CA of its own for the API server's proxy client.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=batt-front-proxy-ca \
    -keyout "$d/front-proxy-ca.key" -out "$d/front-proxy-ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=front-proxy-client -keyout "$d/front-proxy-client.key" \
    -out "$d/front-proxy-client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >"$d/front-proxy-client.ext"
  openssl x509 -req -in "$d/front-proxy-client.csr" -CA "$d/front-proxy-ca.crt" -CAkey "$d/front-proxy-ca.key" \
    -CAcreateserial -days 2 -extfile "$d/front-proxy-client.ext" -out "$d/front-proxy-client.crt" 2>/dev/null
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: batt
    cluster: {server: "https://127.0.0.1:6443", certificate-authority: "$d/ca.crt"}
users:
  - name: admin
    user: {client-certificate: "$d/admin.crt", client-key: "$d/admin.key"}
contexts:
  - name: batt
    context: {cluster: batt, user: admin}
current-context: batt
EOF
}

containerd_config() {
  mkdir -p "$STATE/cni/net.d" "$STATE/run"
  cat >"$STATE/containerd.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$STATE/containerd/state"
[grpc]
  address = "$SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/batt-base:pause"
  # Without it every pod fails here with "can't get final child's PID from pipe".
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        SystemdCgroup = false
EOF
  cat >"$STATE/cni/net.d/10-batt.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "batt",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$SUBNET", "gateway": "$GATEWAY"}]],
              "dataDir": "$STATE/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

kubelet_config() {
  printf 'nameserver %s\n' "$GATEWAY" >"$STATE/resolv.conf"
  cat >"$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# The node's address is the bridge's (the kubelet refuses a loopback node IP); the API server
# reaches the kubelet there for logs and port-forward.
address: $GATEWAY
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$STATE/pki/ca.crt"}
authorization: {mode: AlwaysAllow}
tlsCertFile: "$STATE/pki/kubelet.crt"
tlsPrivateKeyFile: "$STATE/pki/kubelet.key"
containerRuntimeEndpoint: "unix://$SOCK"
# This kernel's hybrid cgroups and a machine without systemd: plain cgroupfs, no QoS hierarchy.
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: ["$GATEWAY"]
resolvConf: "$STATE/resolv.conf"
# A shared disk that others fill: no image GC or evictions from the test's own cluster.
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
EOF
}

up() {
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl coredns; do
    [ -x "$BIN/$b" ] || { log "$BIN/$b missing: run deploy/cluster/build-k8s.sh first"; exit 2; }
  done
  for b in etcd containerd runc; do
    command -v "$b" >/dev/null || { log "$b missing (apt-get install etcd-server containerd runc)"; exit 2; }
  done
  [ -e "$PIDS" ] && down
  rm -rf "$STATE"
  mkdir -p "$STATE/logs" "$STATE/kubelet"
  : >"$PIDS"
  certs
  containerd_config
  kubelet_config

  # The pods' bridge exists before CoreDNS binds its address; the CNI bridge plugin adopts it.
  ip link add "$BRIDGE" type bridge 2>/dev/null || true
  ip addr replace "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  start etcd etcd --name batt --data-dir "$STATE/etcd" \
    --listen-client-urls http://127.0.0.1:23790 --advertise-client-urls http://127.0.0.1:23790 \
    --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
    --initial-cluster batt=http://127.0.0.1:23800
  start containerd containerd --config "$STATE/containerd.toml"

  local pki="$STATE/pki"
  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:23790 \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port 6443 \
    --endpoint-reconciler-type none --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode Node,RBAC --client-ca-file "$pki/ca.crt" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --kubelet-client-certificate "$pki/admin.crt" --kubelet-client-key "$pki/admin.key" \
    --kubelet-certificate-authority "$pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --requestheader-client-ca-file "$pki/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- --enable-aggregator-routing=true \
    --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key"
  wait_for "etcd and kube-apiserver" 120 "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz

  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --service-account-private-key-file "$pki/sa.key" \
    --root-ca-file "$pki/ca.crt" --cluster-signing-cert-file "$pki/ca.crt" \
    --cluster-signing-key-file "$pki/ca.key" --leader-elect=false
  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --leader-elect=false
  wait_for containerd 60 ctr --address "$SOCK" version

  # The pod sandbox image, made by deploy/images/make-bases.sh, goes into containerd's CRI namespace.
  load_image localhost/batt-base:pause

  start kubelet "$BIN/kubelet" --config "$STATE/kubelet.yaml" --kubeconfig "$KUBECONFIG_FILE" \
    --root-dir "$STATE/kubelet" --hostname-override "$NODE" --node-ip "$GATEWAY"
  cat >"$STATE/Corefile" <<EOF
.:53 {
  bind $GATEWAY
  errors
  kubernetes cluster.local in-addr.arpa ip6.arpa {
    kubeconfig $KUBECONFIG_FILE batt
    pods insecure
    fallthrough in-addr.arpa ip6.arpa
  }
}
EOF
  start coredns "$BIN/coredns" -conf "$STATE/Corefile"
  wait_for "node $NODE Ready" 120 "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" wait \
    --for=condition=Ready "node/$NODE" --timeout=5s
  metrics_server
  log "up: KUBECONFIG=$KUBECONFIG_FILE (logs in $STATE/logs)"
}

# metrics-server (for the HorizontalPodAutoscalers) as a process on the bridge address, registered
# as the metrics.k8s.io API through a Service without selector and its Endpoints (the API server
# routes to endpoints itself: --enable-aggregator-routing, no kube-proxy needed).
metrics_server() {
  [ -x "$BIN/metrics-server" ] || { log "no metrics-server in $BIN: the HPAs will not act"; return 0; }
  start metrics-server "$BIN/metrics-server" --bind-address "$GATEWAY" --secure-port 4443 \
    --cert-dir "$STATE/metrics-server" --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --kubelet-insecure-tls --kubelet-preferred-address-types InternalIP --metric-resolution 15s \
    --kubelet-request-timeout 5s
  "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system}
spec:
  ports: [{name: https, port: 443, targetPort: 4443}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: metrics-server, namespace: kube-system}
subsets:
  - addresses: [{ip: "$GATEWAY"}]
    ports: [{name: https, port: 4443}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: {name: metrics-server, namespace: kube-system, port: 443}
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 100
  versionPriority: 100
EOF
}

load_image() { # image name as podman has it (also tagged under docker.io/library for bare names)
  local tar="$STATE/image.tar"
  podman save --quiet -o "$tar" "$1"
  ctr --address "$SOCK" -n k8s.io images import --all-platforms "$tar" >/dev/null
  rm -f "$tar"
}

stop_pids() { # signal, names...: signal each named process group that `up` started
  local sig=$1; shift
  [ -e "$PIDS" ] || return 0
  tac "$PIDS" | while read -r pid name; do
    for n in "$@"; do
      if [ "$n" = "$name" ] && kill -0 "$pid" 2>/dev/null; then
        kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null || true
      fi
    done
  done
}

down() {
  local all=(metrics-server coredns kubelet kube-scheduler kube-controller-manager kube-apiserver containerd etcd)
  # The kubelet first, so that it restarts nothing; then every container, through containerd while
  # it runs (a container is not a child of anything `up` started: killing its shim leaves it).
  stop_pids TERM kubelet coredns metrics-server
  sleep 1
  if ctr --address "$SOCK" version >/dev/null 2>&1; then
    for t in $(ctr --address "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$SOCK" -n k8s.io tasks kill --all -s SIGKILL "$t" 2>/dev/null || true
    done
    for _ in 1 2 3 4 5; do
      [ -z "$(ctr --address "$SOCK" -n k8s.io tasks ls -q 2>/dev/null | head -1)" ] && break
      sleep 1
    done
  fi
  stop_pids TERM "${all[@]}"
  sleep 2
  stop_pids KILL "${all[@]}"
  rm -f "$PIDS"
  # What is left of the pods: runc's containers, their shims, network namespaces and mounts.
  for c in $(runc --root /run/containerd/runc/k8s.io list -q 2>/dev/null); do
    runc --root /run/containerd/runc/k8s.io kill "$c" KILL 2>/dev/null || true
    runc --root /run/containerd/runc/k8s.io delete --force "$c" 2>/dev/null || true
  done
  pkill -KILL -f "containerd-shim.*-address $SOCK" 2>/dev/null || true
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^cni-' || true); do
    ip netns delete "$ns" 2>/dev/null || true
  done
  if [ -d "$STATE" ]; then
    grep " $STATE/" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
  fi
  ip link delete "$BRIDGE" 2>/dev/null || true
}

case "${1:-}" in
  up) up ;;
  down) down; log "down" ;;
  load) shift; for i in "$@"; do load_image "$i"; done ;;
  env) echo "export KUBECONFIG=$KUBECONFIG_FILE" ;;
  *) echo "usage: $0 up|down|load IMAGE...|env" >&2; exit 2 ;;
esac
