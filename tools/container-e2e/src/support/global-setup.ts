import { recordBaseImages, script } from './containers';

/** Starts the Docker engine when none answers, and builds the base images the tests run on (or finds them current). */
export default function globalSetup(): void {
  script('docker-engine.sh', ['start']);
  recordBaseImages(script('base-images.sh'));
}
