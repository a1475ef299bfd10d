import { createServer } from 'node:http';
import { createFromConfig } from '@org/llm';
import { trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { Registry } from 'prom-client';

/**
 * Starts the application's models from llm.config.yaml, with metrics on
 * the application's registry, spans on its tracer and records in its pino
 * logger (each is used only when the configuration turns it on).
 */
export async function start(): Promise<void> {
  const registry = new Registry();
  const llm = await createFromConfig({
    metricsRegistry: registry,
    tracer: trace.getTracer('support-bot'),
    logger: pino(),
  });

  // Prometheus scrapes this.
  createServer((request, response) => {
    void registry.metrics().then((text) => {
      response.writeHead(200, { 'content-type': registry.contentType });
      response.end(text);
    });
  }).listen(9464);

  const chat = llm.conversation({ system: 'You are a terse support agent.' });
  const reply = await chat.send('How do I reset my password?');
  console.log(reply.text, reply.usage, reply.cost);

  process.once('SIGTERM', () => {
    void llm.close();
  });
}
