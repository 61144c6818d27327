/**
 * A small evaluator of Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), to check the
 * chart's policies as a connectivity matrix: can this pod open a TCP connection to that pod/IP
 * and port? A connection needs both the source's egress and the destination's ingress allowed.
 *
 * Implemented: pod isolation per direction (a pod selected by any policy with that policyType),
 * podSelector / namespaceSelector / both / ipBlock (with except) peers, matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist), numeric and named ports, protocol (TCP
 * default), endPort, empty `from`/`to`/`ports` meaning "all". Not implemented: SCTP, host-network
 * pods, what CNIs do beyond the API (e.g. node-local traffic of probes, which is always allowed).
 */
import type { K8sObject } from './k8s-types.js';
import { podTemplate } from './manifests.js';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** named container ports of the pod */
  ports?: Record<string, number>;
  ip?: string;
}

export interface Namespace {
  name: string;
  labels: Record<string, string>;
}

/** Something that opens or accepts a connection: a pod, or an address outside the cluster. */
export type Endpoint = { pod: Pod } | { ip: string };

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}
interface Policy {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values?.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && e.values?.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  }
  return true;
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (ipToInt(ip) & mask) === (ipToInt(base!) & mask);
}

export class NetworkModel {
  private readonly policies: Policy[];

  constructor(
    policyObjects: readonly K8sObject[],
    private readonly namespaces: readonly Namespace[],
    /** namespace of the chart's policies (the release namespace) */
    releaseNamespace: string,
  ) {
    this.policies = policyObjects
      .filter((o) => o.kind === 'NetworkPolicy')
      .map((o) => {
        const spec = o.spec as {
          podSelector: LabelSelector;
          policyTypes?: string[];
          ingress?: PolicyRule[];
          egress?: PolicyRule[];
        };
        const policyTypes = spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])];
        return {
          namespace: (o.metadata as { namespace?: string }).namespace ?? releaseNamespace,
          name: o.metadata.name,
          podSelector: spec.podSelector,
          policyTypes,
          ingress: spec.ingress ?? [],
          egress: spec.egress ?? [],
        };
      });
  }

  private namespaceLabels(name: string): Record<string, string> {
    const ns = this.namespaces.find((n) => n.name === name);
    if (!ns) throw new Error(`unknown namespace ${name}`);
    return ns.labels;
  }

  private peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) {
      if (!('ip' in endpoint)) return false; // pod IPs are not modelled against ipBlocks
      return (
        inCidr(endpoint.ip, peer.ipBlock.cidr) &&
        !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c))
      );
    }
    if (!('pod' in endpoint)) return false;
    const pod = endpoint.pod;
    if (peer.namespaceSelector) {
      if (!matchesSelector(peer.namespaceSelector, this.namespaceLabels(pod.namespace)))
        return false;
    } else if (pod.namespace !== policyNamespace) {
      return false;
    }
    return peer.podSelector ? matchesSelector(peer.podSelector, pod.labels) : true;
  }

  private portMatches(ports: PolicyPort[] | undefined, port: number, target?: Pod): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== 'TCP') return false;
      if (p.port === undefined) return true;
      const number = typeof p.port === 'string' ? target?.ports?.[p.port] : p.port;
      if (number === undefined) return false;
      return p.endPort ? port >= number && port <= p.endPort : port === number;
    });
  }

  private selecting(pod: Pod, type: 'Ingress' | 'Egress'): Policy[] {
    return this.policies.filter(
      (p) =>
        p.namespace === pod.namespace &&
        p.policyTypes.includes(type) &&
        matchesSelector(p.podSelector, pod.labels),
    );
  }

  ingressAllowed(target: Pod, from: Endpoint, port: number): boolean {
    const policies = this.selecting(target, 'Ingress');
    if (policies.length === 0) return true;
    return policies.some((p) =>
      p.ingress.some(
        (rule) =>
          (!rule.from ||
            rule.from.length === 0 ||
            rule.from.some((peer) => this.peerMatches(peer, p.namespace, from))) &&
          this.portMatches(rule.ports, port, target),
      ),
    );
  }

  egressAllowed(source: Pod, to: Endpoint, port: number): boolean {
    const policies = this.selecting(source, 'Egress');
    if (policies.length === 0) return true;
    const target = 'pod' in to ? to.pod : undefined;
    return policies.some((p) =>
      p.egress.some(
        (rule) =>
          (!rule.to ||
            rule.to.length === 0 ||
            rule.to.some((peer) => this.peerMatches(peer, p.namespace, to))) &&
          this.portMatches(rule.ports, port, target),
      ),
    );
  }

  /** Can `from` open a TCP connection to `to` on `port`? (`port` may name a port of the target pod.) */
  canConnect(from: Endpoint, to: Endpoint, port: number | string): boolean {
    const number = typeof port === 'number' ? port : 'pod' in to ? to.pod.ports?.[port] : undefined;
    if (number === undefined) throw new Error(`port ${String(port)} is not defined on the target`);
    const egress = 'pod' in from ? this.egressAllowed(from.pod, to, number) : true;
    const ingress = 'pod' in to ? this.ingressAllowed(to.pod, from, number) : true;
    return egress && ingress;
  }
}

/** Pods (one per workload) of the rendered Deployments, Jobs and CronJobs. */
export function podsOf(objects: readonly K8sObject[], namespace: string): Pod[] {
  const pods: Pod[] = [];
  for (const o of objects) {
    if (!['Deployment', 'Job', 'CronJob'].includes(o.kind)) continue;
    const template = podTemplate(o);
    const ports: Record<string, number> = {};
    for (const c of template.spec.containers) {
      for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
    }
    pods.push({
      name: `${o.kind}/${o.metadata.name}`,
      namespace,
      labels: template.metadata.labels,
      ports,
    });
  }
  return pods;
}
