/** Kubernetes object types of the rendered manifests (interfaces of kubernetes-models). */
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export type { IContainer, IPodSpec };

export interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Any rendered object (apiVersion, kind, metadata.name are always present after rendering). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}

type Named<T> = Omit<T, 'metadata'> & { metadata: Metadata };

export interface Kinds {
  ConfigMap: Named<IConfigMap>;
  CronJob: Named<ICronJob>;
  Deployment: Named<IDeployment>;
  HorizontalPodAutoscaler: Named<IHorizontalPodAutoscaler>;
  Ingress: Named<IIngress>;
  Job: Named<IJob>;
  NetworkPolicy: Named<INetworkPolicy>;
  PersistentVolumeClaim: Named<IPersistentVolumeClaim>;
  PodDisruptionBudget: Named<IPodDisruptionBudget>;
  PodMonitor: Named<IPodMonitor>;
  PrometheusRule: Named<IPrometheusRule>;
  Secret: Named<ISecret>;
  Service: Named<IService>;
  ServiceAccount: Named<IServiceAccount>;
}
export type Kind = keyof Kinds;
