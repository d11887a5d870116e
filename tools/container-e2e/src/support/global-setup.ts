import { recordBaseImages, script } from './containers';

/** Starts the Docker engine when none answers, and builds the base images the tests run on (or finds them current). */
export default function globalSetup(): void {
  try {
    script('docker-engine.sh', ['start']);
    recordBaseImages(script('base-images.sh'));
  } catch (error) {
    // Jest runs no global teardown when the setup fails: stop an engine this run started (only that one).
    try {
      script('docker-engine.sh', ['stop']);
    } catch (stopError) {
      console.error(`could not stop the engine: ${String(stopError)}`);
    }
    throw error;
  }
}
