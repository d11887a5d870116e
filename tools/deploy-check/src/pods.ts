import type { ConfigMap, Container, PodSpec } from 'kubernetes-types/core/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, type Manifest } from './manifest';

/** A pod template found in a workload, with what owns it. */
export interface PodTemplate {
  owner: string;
  labels: Record<string, string>;
  spec: PodSpec;
}

/** Pod templates of every Deployment, StatefulSet, Job and CronJob. */
export function podTemplates(docs: Manifest[]): PodTemplate[] {
  return docs.flatMap((doc): PodTemplate[] => {
    const template =
      doc.kind === 'CronJob'
        ? (doc as CronJob).spec?.jobTemplate.spec?.template
        : ['Deployment', 'StatefulSet', 'Job'].includes(doc.kind ?? '')
          ? (doc as Deployment | Job).spec?.template
          : undefined;
    if (!template?.spec) return [];
    return [{ owner: describe(doc), labels: template.metadata?.labels ?? {}, spec: template.spec }];
  });
}

/** Every container of a pod, init containers included. */
export function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** The environment a container gets: envFrom ConfigMaps (from the rendered documents) plus env entries. */
export function containerEnv(docs: Manifest[], container: Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    if (!name) throw new Error(`${container.name}: envFrom other than configMapRef is not expected`);
    const map = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === name) as
      ConfigMap | undefined;
    if (!map) throw new Error(`${container.name}: ConfigMap ${name} is not rendered`);
    for (const [key, value] of Object.entries(map.data ?? {})) env.set(key, value);
  }
  for (const entry of container.env ?? []) {
    const secret = entry.valueFrom?.secretKeyRef;
    env.set(entry.name, entry.value ?? (secret ? `<secret ${secret.name}/${secret.key}>` : '<reference>'));
  }
  return env;
}

/** Whether a selector's labels all appear in a pod's labels. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  return !!selector && Object.entries(selector).every(([key, value]) => labels[key] === value);
}
