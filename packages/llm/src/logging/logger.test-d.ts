import type { Logger as PinoLogger } from 'pino';
import { expectTypeOf, it } from 'vitest';
import type { Logger } from './logger.ts';

it('takes a pino logger as it is', () => {
  expectTypeOf<PinoLogger>().toExtend<Logger>();
  expectTypeOf<Pick<Console, 'log'>>().not.toExtend<Logger>();
});
