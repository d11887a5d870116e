import 'reflect-metadata';
import { listenFromConfig } from '@fleetcache/platform';
import { createAssistantApp, ASSISTANT_INFO } from '@fleetcache/assistant';

/** Entry point of the assistant-service: chat sessions answered from the semantic cache or the foundation model. */
createAssistantApp(process.env)
  .then((app) => listenFromConfig(app, ASSISTANT_INFO))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
