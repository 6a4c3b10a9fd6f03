import type { AppServices } from '../app/services.js';
import { type AiService, createAi } from './service.js';

const services = new WeakMap<AppServices, AiService>();

/**
 * The process's AI service for an app: `app.ai` when the composition root provides one, else one
 * built from the app's config, database, logger and clock on first use and kept for the app's life
 * (circuit breakers and learned embedding dimensions must live as long as the process).
 */
export function aiService(app: AppServices): AiService {
  const provided = (app as AppServices & { ai?: AiService }).ai;
  if (provided) return provided;
  let service = services.get(app);
  if (!service) {
    service = createAi(app.config, app.db, app.logger, app.clock);
    services.set(app, service);
  }
  return service;
}
