import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceEnv } from '../config/service.env';

const QUIET_ROUTES = /^\/(health|metrics)/;

/** Request headers that carry credentials: written to the logs as "[Redacted]". */
export const REDACTED_REQUEST_HEADERS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
];

/** Structured JSON logging (pino) for the whole service, configured from {@link ServiceEnv}. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<ServiceEnv, true>) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          autoLogging: config.get('LOG_REQUESTS', { infer: true })
            ? { ignore: (req: { url?: string }) => QUIET_ROUTES.test(req.url ?? '') }
            : false,
          quietReqLogger: true,
          transport: config.get('LOG_PRETTY', { infer: true })
            ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
            : undefined,
          redact: REDACTED_REQUEST_HEADERS,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
