// Every kind fleetcache's manifests may use, keyed by "<apiVersion>/<kind>". The strict JSON schema the rendered
// manifests are validated against is generated from these types (kubernetes-types: the Kubernetes API's own
// OpenAPI definitions as TypeScript). A kind not listed here is refused.
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type {
  ConfigMap,
  Namespace,
  PersistentVolumeClaim,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';

export interface KubernetesKinds {
  'v1/ConfigMap': ConfigMap;
  'v1/Namespace': Namespace;
  'v1/PersistentVolumeClaim': PersistentVolumeClaim;
  'v1/Service': Service;
  // The assistant-service's, for a cloud identity (IRSA); no RBAC kind: nothing gets Kubernetes API access.
  'v1/ServiceAccount': ServiceAccount;
  'apps/v1/Deployment': Deployment;
  'apps/v1/StatefulSet': StatefulSet;
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler;
  'batch/v1/CronJob': CronJob;
  'batch/v1/Job': Job;
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy;
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget;
}
