import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateEnv } from '@fleetcache/core';
import { createEmbedder } from '@fleetcache/semantic-cache';
import { createHttpApp, type ServiceInfo } from '@fleetcache/platform';
import { SESSION_STORE } from '../assistant.constants';
import { ASSISTANT_ENV_SCHEMAS, type AssistantServiceEnv } from '../config/assistant.env';
import { assistantSettingsFromEnv } from '../config/assistant.settings';
import { registerSessions, type RedisClusterSessionStore } from '../sessions';
import { AssistantAppModule } from './assistant-app.module';

/** How the assistant-service describes itself. */
export const ASSISTANT_INFO: ServiceInfo = {
  title: 'fleetcache assistant-service',
  description:
    'A generative-AI assistant: chat sessions with conversation memory; answers from a semantic cache (exact and similar prompts) or a foundation model.',
};

/** Creates the assistant-service (validated env, model and embedder loaded, sessions registered); does not listen. */
export async function createAssistantApp(
  rawEnv: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const env = validateEnv<AssistantServiceEnv>(rawEnv, ...ASSISTANT_ENV_SCHEMAS);
  const settings = assistantSettingsFromEnv(env);
  const embedder = await createEmbedder(settings.embedder);
  const app = await createHttpApp(AssistantAppModule.forRoot(env, settings, embedder), ASSISTANT_INFO, env);
  await registerSessions(
    app.getHttpAdapter().getInstance(),
    settings.sessions,
    app.get<RedisClusterSessionStore>(SESSION_STORE),
  );
  return app;
}
