// Structured logs: JSON lines (pino), one logger per service, level from BATT_LOG_LEVEL.
import { pino, type Logger } from 'pino';

export type { Logger };

export function logger(service: string, level?: string, destination?: NodeJS.WritableStream): Logger {
  const opts = { name: `batt-${service}`, level: level ?? process.env.BATT_LOG_LEVEL ?? 'info', base: { service } };
  return destination ? pino(opts, destination as pino.DestinationStream) : pino(opts);
}
