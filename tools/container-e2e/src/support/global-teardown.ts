import { script } from './containers';

/** Stops the Docker engine if the global setup started it. */
export default function globalTeardown(): void {
  script('docker-engine.sh', ['stop']);
}
