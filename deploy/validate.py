#!/usr/bin/env python3
"""Renders every kustomize overlay under deploy/overlays and validates what it renders.

Run by ./check (which installs kubectl and the Python packages first); not meant to be run alone.

Two layers:
  1. schemas: every object against the Kubernetes OpenAPI schemas bundled by kubernetes-validate,
     strict (an unknown field fails), for each Kubernetes version in KUBE_VERSIONS; an apiVersion or
     kind with no schema in a version fails too (kubernetes-validate's own CLI only warns there).
  2. batt's rules: what the schemas cannot see but the design depends on (selectors that select,
     probe ports that are the service's port, headless Services behind dns:/// targets, an HPA's
     Deployment without a replicas field, ...). Each rule says why in its message.

--self-test then breaks a copy of deploy/ in known ways (a typo'd field, a removed apiVersion, a
wrong type, a lost selector, ...) and fails unless every break is caught for the expected reason.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import yaml
from referencing import Registry, Resource

import kubernetes_validate.utils as kv

# The oldest Kubernetes the manifests support (native gRPC probes are GA from 1.27, matchLabelKeys
# is on by default from 1.27; 1.30 is the oldest still commonly offered) and the newest schemas
# kubernetes-validate bundles.
KUBE_VERSIONS = ["1.30", "1.37"]

# Services of the orchestrator's targets: names in the orchestrator's env, headless required.
TARGET_ENV = ["BATT_GENERATION", "BATT_SCORING", "BATT_VALIDATION"]


# ------------------------------------------------------------------------------------------------
# Rendering


def render(kubectl: str, overlay: Path) -> tuple[list[dict] | None, str]:
    """`kubectl kustomize overlay` -> (objects, error text)."""
    p = subprocess.run([kubectl, "kustomize", str(overlay)], capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip() or f"kubectl kustomize exited {p.returncode}"
    try:
        return [d for d in yaml.safe_load_all(p.stdout) if d], ""
    except yaml.YAMLError as e:
        return None, f"rendered YAML does not parse: {e}"


# ------------------------------------------------------------------------------------------------
# Schemas


def _full_version(version: str) -> str:
    matches = [v for v in kv.all_versions() if kv.major_minor(v) == version]
    if not matches:
        raise SystemExit(f"kubernetes-validate {kv.__version__} has no schemas for Kubernetes {version}")
    return matches[-1]


@functools.lru_cache(maxsize=None)
def _definitions(schema_dir: str) -> dict:
    return kv.schema_contents(f"kubernetes-json-schema/{schema_dir}/_definitions.json", schema_dir)


@functools.lru_cache(maxsize=None)
def _validator(version: str, kind: str, api_version: str):
    """A strict validator for kind/apiVersion in `version`, or None when there is no such schema."""
    schema_dir = f"v{_full_version(version)}-local-strict"
    # As kubernetes-validate names its files: apps/v1 -> apps-v1, policy/v1 -> policy-v1,
    # rbac.authorization.k8s.io/v1 -> rbac-v1, v1 -> v1.
    api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema = kv.schema_contents(f"kubernetes-json-schema/{schema_dir}/{kind.lower()}-{api}.json", version)
    except FileNotFoundError:
        return None
    registry = Resource.from_contents(_definitions(schema_dir)) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def schema_problems(obj: dict) -> list[str]:
    kind, api = obj.get("kind"), obj.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api, str):
        return ["no kind or apiVersion"]
    out = []
    for version in KUBE_VERSIONS:
        v = _validator(version, kind, api)
        if v is None:
            out.append(f"k8s {version}: no schema for kind {kind} in apiVersion {api} (wrong or removed apiVersion?)")
            continue
        for e in sorted(v.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path))):
            path = ".".join(str(p) for p in e.absolute_path) or "(top level)"
            out.append(f"k8s {version}: {path}: {e.message}")
    return out


# ------------------------------------------------------------------------------------------------
# batt's rules


def cpu_cores(q) -> float | None:
    """A CPU quantity ('2', 2, '500m', '1.5') in cores; None when it is not one."""
    s = str(q)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(m?)", s)
    if not m:
        return None
    return float(m.group(1)) / (1000 if m.group(2) else 1)


def selects(selector: dict | None, labels: dict | None) -> bool:
    """Whether a selector picks `labels`: a Service's (a plain map) or a LabelSelector."""
    if not selector:
        return False
    labels = labels or {}
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return all(labels.get(k) == v for k, v in selector.items())
    ok = all(labels.get(k) == v for k, v in (selector.get("matchLabels") or {}).items())
    for e in selector.get("matchExpressions") or []:
        key, op, values = e.get("key"), e.get("operator"), e.get("values") or []
        ok = ok and {"In": labels.get(key) in values, "NotIn": labels.get(key) not in values,
                     "Exists": key in labels, "DoesNotExist": key not in labels}.get(op, False)
    return ok


def env_map(container: dict) -> dict:
    return {e.get("name"): e for e in container.get("env") or []}


def rule_problems(objs: list[dict]) -> list[tuple[str, str]]:
    """(object, problem) pairs for batt's rules over one overlay's objects."""
    out: list[tuple[str, str]] = []
    by = lambda kind: [o for o in objs if o.get("kind") == kind]  # noqa: E731
    name = lambda o: f"{o['kind']}/{o['metadata'].get('name')}"  # noqa: E731
    ns = lambda o: o["metadata"].get("namespace", "default")  # noqa: E731

    deployments = by("Deployment")
    services = {(ns(s), s["metadata"]["name"]): s for s in by("Service")}
    pvcs = {(ns(p), p["metadata"]["name"]) for p in by("PersistentVolumeClaim")}
    namespaces = {n["metadata"]["name"] for n in by("Namespace")}
    hpa_targets = {(ns(h), h["spec"]["scaleTargetRef"].get("name")) for h in by("HorizontalPodAutoscaler")}

    for o in objs:
        if o.get("kind") != "Namespace" and ns(o) not in namespaces:
            out.append((name(o), f"namespace {ns(o)!r} is not created by this overlay"))

    def pods_of(namespace: str, selector: dict | None) -> list[dict]:
        return [d for d in deployments if ns(d) == namespace and selects(selector, d["spec"]["template"]["metadata"].get("labels"))]

    for d in deployments:
        n, spec = name(d), d["spec"]
        pod = spec["template"]["spec"]
        labels = spec["template"]["metadata"].get("labels")
        if not selects(spec.get("selector"), labels):
            out.append((n, "spec.selector does not match the pod template's labels (the API server would reject it)"))
        psc = pod.get("securityContext") or {}
        if psc.get("runAsNonRoot") is not True or not isinstance(psc.get("runAsUser"), int) or psc.get("runAsUser") == 0:
            out.append((n, "pods must run as a non-root numeric user (runAsNonRoot, runAsUser)"))
        for vol in pod.get("volumes") or []:
            claim = (vol.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and (ns(d), claim) not in pvcs:
                out.append((n, f"volume {vol['name']} claims PersistentVolumeClaim {claim}, which this overlay does not create"))
        if (ns(d), d["metadata"]["name"]) in hpa_targets and "replicas" in spec:
            out.append((n, "scaled by a HorizontalPodAutoscaler, so it must not set spec.replicas (every apply would reset the HPA's count)"))

        for c in pod.get("containers") or []:
            cp = f"container {c.get('name')}: "
            env = env_map(c)
            res = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    if r not in (res.get(kind) or {}):
                        out.append((n, cp + f"resources.{kind}.{r} is missing (scheduling and BATT_WORKERS depend on it)"))
            lim = cpu_cores((res.get("limits") or {}).get("cpu", ""))
            req = cpu_cores((res.get("requests") or {}).get("cpu", ""))
            if lim is not None and lim != int(lim):
                out.append((n, cp + f"limits.cpu {res['limits']['cpu']} is not whole cores: BATT_WORKERS (the limit rounded up) would exceed it"))
            if lim is not None and req is not None and req > lim:
                out.append((n, cp + "requests.cpu is above limits.cpu"))
            workers = (env.get("BATT_WORKERS") or {}).get("valueFrom", {}).get("resourceFieldRef", {})
            if workers.get("resource") != "limits.cpu" or str(workers.get("divisor", "1")) != "1":
                out.append((n, cp + "BATT_WORKERS must come from the downward API: resourceFieldRef limits.cpu, divisor 1"))

            sc = c.get("securityContext") or {}
            if sc.get("readOnlyRootFilesystem") is not True or sc.get("allowPrivilegeEscalation") is not False \
                    or "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
                out.append((n, cp + "securityContext must set readOnlyRootFilesystem, allowPrivilegeEscalation: false and drop ALL capabilities"))

            port = (env.get("BATT_PORT") or {}).get("value")
            ports = {p.get("containerPort"): p.get("name") for p in c.get("ports") or []}
            if port is None or not port.isdigit():
                out.append((n, cp + "BATT_PORT must be set to a number (probes and Services use it)"))
            else:
                if int(port) not in ports:
                    out.append((n, cp + f"BATT_PORT {port} is not a containerPort"))
                for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                    grpc = (c.get(probe) or {}).get("grpc")
                    if not grpc:
                        out.append((n, cp + f"{probe} must be a gRPC probe (grpc.health.v1.Health)"))
                    elif grpc.get("port") != int(port):
                        out.append((n, cp + f"{probe} checks port {grpc.get('port')}, but the service listens on BATT_PORT {port}"))

            metrics = (env.get("BATT_METRICS_PORT") or {}).get("value")
            annotated = (d["spec"]["template"]["metadata"].get("annotations") or {}).get("prometheus.io/port")
            if metrics and metrics != "0" and (annotated != metrics or int(metrics) not in ports):
                out.append((n, cp + f"BATT_METRICS_PORT {metrics}, the prometheus.io/port annotation ({annotated}) and a containerPort must agree"))

            drain = (env.get("BATT_DRAIN_S") or {}).get("value", "10")
            grace = pod.get("terminationGracePeriodSeconds", 30)
            if not drain.isdigit() or grace <= int(drain):
                out.append((n, cp + f"terminationGracePeriodSeconds ({grace}) must outlast BATT_DRAIN_S ({drain}), or drains are cut by SIGKILL"))

            image = c.get("image", "")
            if not re.search(r"(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$", image.rsplit("/", 1)[-1]):
                out.append((n, cp + f"image {image!r} has no tag or digest (set one with the overlay's images:)"))

            # The orchestrator's targets: dns:///<service>.<namespace>.svc.<domain>:<port>, each a
            # headless Service with that port, so that round_robin sees every pod.
            for var in TARGET_ENV:
                if var not in env:
                    continue
                value = env[var].get("value", "")
                for target in value.split(","):
                    m = re.fullmatch(r"dns:///([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?:(\d+)", target.strip())
                    if not m:
                        out.append((n, cp + f"{var}={target!r} is not dns:///<service>.<namespace>.svc.<domain>:<port>"))
                        continue
                    svc = services.get((m.group(2), m.group(1)))
                    if svc is None:
                        out.append((n, cp + f"{var} names Service {m.group(2)}/{m.group(1)}, which this overlay does not create"))
                        continue
                    if svc["spec"].get("clusterIP") != "None":
                        out.append((n, cp + f"{var} names Service {m.group(1)}, which must be headless (clusterIP: None): "
                                        "behind a ClusterIP, gRPC pins every call to one pod"))
                    if int(m.group(3)) not in [p.get("port") for p in svc["spec"].get("ports") or []]:
                        out.append((n, cp + f"{var} uses port {m.group(3)}, which Service {m.group(1)} does not expose"))

        if d["metadata"]["name"] == "batt-orchestrator":
            if spec.get("replicas", 1) != 1 or (spec.get("strategy") or {}).get("type") != "Recreate":
                out.append((n, "the orchestrator owns a single-writer SQLite store: replicas 1 and strategy Recreate"))

    for (namespace, _), s in services.items():
        targets = pods_of(namespace, s["spec"].get("selector"))
        if len(targets) != 1:
            out.append((name(s), f"selector matches {len(targets)} Deployments' pods, expected 1"))
            continue
        c_ports = {p.get("name"): p.get("containerPort") for c in targets[0]["spec"]["template"]["spec"]["containers"] for p in c.get("ports") or []}
        for p in s["spec"].get("ports") or []:
            tp = p.get("targetPort", p.get("port"))
            if tp not in c_ports and tp not in c_ports.values():
                out.append((name(s), f"targetPort {tp} is not a port of {name(targets[0])}"))

    for b in by("PodDisruptionBudget"):
        if len(pods_of(ns(b), b["spec"].get("selector"))) != 1:
            out.append((name(b), "selector must match exactly one Deployment's pods"))
    for h in by("HorizontalPodAutoscaler"):
        ref = h["spec"]["scaleTargetRef"]
        if ref.get("kind") != "Deployment" or not any(d["metadata"]["name"] == ref.get("name") and ns(d) == ns(h) for d in deployments):
            out.append((name(h), f"scaleTargetRef {ref.get('kind')}/{ref.get('name')} is not a Deployment of this overlay"))
        if h["spec"].get("minReplicas", 1) > h["spec"].get("maxReplicas", 0):
            out.append((name(h), "minReplicas is above maxReplicas"))
    return out


# ------------------------------------------------------------------------------------------------
# The check


def check(kubectl: str, root: Path, quiet: bool = False) -> tuple[int, int, list[str]]:
    """Renders and validates each overlay: (objects that passed, objects or overlays that failed, messages)."""
    overlays = sorted(p.parent for p in (root / "overlays").glob("*/kustomization.yaml"))
    passed, failed, msgs = 0, 0, []
    if not overlays:
        return 0, 1, [f"no overlays under {root / 'overlays'}"]
    for overlay in overlays:
        label = overlay.name
        objs, err = render(kubectl, overlay)
        if objs is None:
            failed += 1
            msgs.append(f"FAIL {label}: kustomize build failed: {err}")
            continue
        bad: dict[str, list[str]] = {}
        for o in objs:
            key = f"{o.get('kind')}/{(o.get('metadata') or {}).get('name')}"
            bad.setdefault(key, []).extend(schema_problems(o))
        if not any(bad.values()):  # the rules assume schema-valid objects
            for key, problem in rule_problems(objs):
                bad.setdefault(key, []).append(problem)
        for key, problems in bad.items():
            if problems:
                failed += 1
                msgs.extend(f"FAIL {label} {key}: {p}" for p in problems)
            else:
                passed += 1
        if not quiet:
            kinds = sorted({o["kind"] for o in objs})
            print(f"{label}: {len(objs)} objects ({', '.join(kinds)}) rendered; "
                  f"{sum(1 for v in bad.values() if not v)} valid for Kubernetes {', '.join(KUBE_VERSIONS)}")
    return passed, failed, msgs


# Each break: (file under deploy/, text to replace, replacement, what the failure must mention).
BREAKS = [
    ("base/pod-defaults.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true",
     "'readOnlyRootFileSystem' was unexpected"),
    ("base/scoring.yaml", "apiVersion: autoscaling/v2", "apiVersion: autoscaling/v2beta3",
     "no schema for kind HorizontalPodAutoscaler in apiVersion autoscaling/v2beta3"),
    ("base/validation.yaml", "apiVersion: policy/v1\n", "apiVersion: policy/v1beta1\n",
     "no schema for kind PodDisruptionBudget in apiVersion policy/v1beta1"),
    ("base/orchestrator.yaml", "  replicas: 1\n", "  replicas: one\n",
     "spec.replicas: 'one' is not of type 'integer'"),
    ("base/generation.yaml", "            periodSeconds: 5\n", "            periodSeconds: 5\n            grpcc: {}\n",
     "'grpcc' was unexpected"),
    ("base/scoring.yaml", "  clusterIP: None\n", "",
     "must be headless (clusterIP: None)"),
    ("base/validation.yaml", "  selector:\n    app.kubernetes.io/name: batt-validation\n",
     "  selector:\n    app.kubernetes.io/name: batt-validator\n",
     "Service/batt-validation: selector matches 0 Deployments' pods"),
    ("base/generation.yaml", "            grpc:\n              port: 50051\n            periodSeconds: 5",
     "            grpc:\n              port: 50052\n            periodSeconds: 5",
     "readinessProbe checks port 50052, but the service listens on BATT_PORT 50051"),
    ("base/pod-defaults.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 5",
     "must outlast BATT_DRAIN_S"),
    ("overlays/prod/kustomization.yaml", "  - path: autoscaling.yaml\n", "  - path: autoscaling.yml\n",
     "kustomize build failed"),
]


def self_test(kubectl: str, root: Path) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="batt-deploy-selftest-") as tmp:
        for i, (file, old, new, expect) in enumerate(BREAKS, 1):
            copy = Path(tmp) / str(i)
            shutil.copytree(root / "base", copy / "base")
            shutil.copytree(root / "overlays", copy / "overlays")
            target = copy / file
            text = target.read_text()
            if old not in text:
                print(f"self-test {i}: cannot break {file}: {old!r} is no longer there (update BREAKS)")
                failures += 1
                continue
            target.write_text(text.replace(old, new, 1))
            _, failed, msgs = check(kubectl, copy, quiet=True)
            caught = failed > 0 and any(expect in m for m in msgs)
            status = "caught" if caught else "NOT CAUGHT"
            print(f"self-test {i}: {file}: {old.strip()!r} -> {new.strip()!r}: {status}")
            if not caught:
                failures += 1
                print("  expected a failure mentioning: " + expect)
                for m in msgs or ["(the check passed)"]:
                    print("  " + m)
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kubectl", required=True)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()

    t0 = time.monotonic()
    passed, failed, msgs = check(args.kubectl, args.root)
    for m in msgs:
        print(m)
    rc = 1 if failed else 0
    if args.self_test:
        broken = self_test(args.kubectl, args.root)
        print(f"self-test: {len(BREAKS) - broken} of {len(BREAKS)} deliberate breaks caught")
        rc = rc or (1 if broken else 0)
    print(f"deploy check ({time.monotonic() - t0:.1f} s): {passed} passed, {failed} failed")
    return rc


if __name__ == "__main__":
    sys.exit(main())
